/**
 * S2 across rooms: everything that arrives in one turn of the event loop, in every room, is
 * committed in one transaction, and no peer of any of those rooms hears of it before the commit.
 * Driven through the registry (which owns the shared commit queue) with a store whose commits are
 * held until the test releases them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initRoomDoc } from '@riffboard/shared';
import { createLogger } from '../../src/log.ts';
import { MemoryDocStore } from '../../src/persistence/MemoryDocStore.ts';
import type { RoomUpdates } from '../../src/persistence/DocStore.ts';
import { RoomRegistry } from '../../src/rooms/RoomRegistry.ts';
import type { Peer, Room } from '../../src/rooms/Room.ts';
import { encodeUpdate } from '../../src/sync/messages.ts';
import { waitFor } from '../helpers/testServer.ts';
import { scratchMap } from '../helpers/scratch.ts';

/** Holds every commit until {@link release}; records which rooms each commit held. */
class GatedStore extends MemoryDocStore {
  readonly commits: string[][] = [];
  private gate: Promise<void> = new Promise(() => {});
  private open: () => void = () => {};
  failNext = false;

  constructor() {
    super();
    this.closeGate();
  }

  private closeGate(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
    this.closeGate();
  }

  override async appendMany(batches: readonly RoomUpdates[]): Promise<number[]> {
    this.commits.push(batches.map((b) => b.roomId));
    await this.gate;
    if (this.failNext) throw new Error('disk full');
    return super.appendMany(batches);
  }
}

function fakePeer(id: number): Peer & { received: Uint8Array[]; closedWith: number | null } {
  const peer = {
    id,
    role: 'editor' as const,
    linkGen: 1,
    received: [] as Uint8Array[],
    closedWith: null as number | null,
    send(data: Uint8Array) {
      peer.received.push(data);
    },
    close(info: { code: number }) {
      peer.closedWith = info.code;
    },
  };
  return peer;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function setUp(): Promise<{
  store: GatedStore;
  rooms: Room[];
  writers: ReturnType<typeof fakePeer>[];
  readers: ReturnType<typeof fakePeer>[];
}> {
  const store = new GatedStore();
  const base = new Y.Doc();
  initRoomDoc(base, 'room', 1);
  for (const id of ['a', 'b', 'c']) await store.createRoom({ id, createdAt: 1 }, Y.encodeStateAsUpdate(base));
  const registry = new RoomRegistry(
    store,
    {
      unloadDelayMs: 0,
      compaction: { afterUpdates: 1e9, afterBytes: 1e12 },
      awareness: { maxClientsPerConnection: 4, maxStateBytes: 8192 },
      maxRoomBytes: 1e12,
    },
    createLogger('silent'),
  );
  const rooms = await Promise.all(['a', 'b', 'c'].map((id) => registry.acquire(id)));
  const writers = rooms.map((_, i) => fakePeer(10 + i));
  const readers = rooms.map((_, i) => fakePeer(20 + i));
  rooms.forEach((room, i) => {
    room.addPeer(writers[i]!);
    room.addPeer(readers[i]!);
  });
  for (const p of [...writers, ...readers]) p.received.length = 0; // the handshake's step 1
  return { store, rooms, writers, readers };
}

/** An update that sets `key` in the board map, made against the room's current state. */
function edit(room: Room, key: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(doc);
  scratchMap(doc).set(key, { id: key, typeName: 'shape' });
  return Y.encodeStateAsUpdate(doc, before);
}

describe('S2 write-ahead across rooms', () => {
  it('S2 updates to several rooms in one turn are committed in one transaction; nobody hears of them before', async () => {
    const { store, rooms, writers, readers } = await setUp();
    const updates = rooms.map((room, i) => edit(room, `shape:${i}`));
    // One turn: updates for rooms a and b (c stays quiet).
    rooms[0]!.handle(writers[0]!, { type: 'update', update: updates[0]! });
    rooms[1]!.handle(writers[1]!, { type: 'update', update: updates[1]! });
    await turn();
    expect(store.commits).toEqual([['a', 'b']]);
    // An update arriving while that commit is in flight waits for the next one.
    rooms[2]!.handle(writers[2]!, { type: 'update', update: updates[2]! });
    await turn();
    await turn();
    expect(store.commits).toEqual([['a', 'b']]);
    for (const r of readers) expect(r.received).toEqual([]);

    store.release();
    await waitFor(() => store.commits.length === 2, 'second commit');
    expect(store.commits[1]).toEqual(['c']);
    expect(readers[0]!.received).toEqual([encodeUpdate(updates[0]!)]);
    expect(readers[1]!.received).toEqual([encodeUpdate(updates[1]!)]);
    expect(readers[2]!.received).toEqual([]);
    store.release();
    await waitFor(() => readers[2]!.received.length === 1, 'room c released');
    expect(readers[2]!.received).toEqual([encodeUpdate(updates[2]!)]);
    // Authors are not echoed.
    for (const w of writers) expect(w.received).toEqual([]);
  });

  it('S2 a failed commit closes every room that was in it and sends none of it', async () => {
    const { store, rooms, writers, readers } = await setUp();
    rooms[0]!.handle(writers[0]!, { type: 'update', update: edit(rooms[0]!, 'shape:x') });
    rooms[1]!.handle(writers[1]!, { type: 'update', update: edit(rooms[1]!, 'shape:y') });
    await turn();
    store.failNext = true;
    store.release();
    await waitFor(() => readers[0]!.closedWith !== null && readers[1]!.closedWith !== null, 'rooms closed');
    expect(readers[0]!.received).toEqual([]);
    expect(readers[1]!.received).toEqual([]);
    expect(readers[2]!.closedWith).toBeNull();
  });
});
