/**
 * S12: a room stored as one intact snapshot (written by the server, tag holding) answers a fresh
 * client with the stored bytes before the document is built; any doubt about those bytes (changed
 * on disk, older schema, a log after them) means the room is decoded, checked and migrated first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, readSchemaVersion, SCHEMA_VERSION } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, tempDir, waitFor, type TestServer } from '../helpers/testServer.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { snapshotTag } from '../../src/persistence/snapshotTag.ts';
import { decodeClientMessage, type ClientMessage } from '../../src/sync/messages.ts';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const ROOM = 'ColdStartRoom12345678';

/**
 * A SQLite store whose reads of room documents take 50 ms, so a client's first sync request is
 * surely waiting when the stored bytes come in (as it usually is: it is sent on open).
 */
function slowLoadingStore(dir: string): SqliteDocStore {
  const inner = SqliteDocStore.open(dir);
  return Object.assign(Object.create(inner) as SqliteDocStore, {
    load: async (id: string) => {
      await new Promise((r) => setTimeout(r, 50));
      return inner.load(id);
    },
  });
}

/** The sync messages a raw client received, in order (other kinds skipped). */
function syncMessages(c: RawClient): ClientMessage[] {
  const out: ClientMessage[] = [];
  for (const m of c.received) {
    try {
      out.push(decodeClientMessage(m));
    } catch {
      // auth messages and the like
    }
  }
  return out.filter((m) => m.type === 'syncStep1' || m.type === 'syncStep2');
}

function docAt(version: number): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('meta').set('schemaVersion', version);
  doc.getMap('meta').set('createdAt', 5);
  scratchMap(doc).set('shape:1', { id: 'shape:1', typeName: 'shape' });
  return doc;
}

/**
 * A store (slow to load, in a fresh dir) holding ROOM as one snapshot: `stored` bytes with the tag
 * computed for `tagged` at `version` — the same bytes and the current schema unless a test says
 * otherwise.
 */
async function storeWithSnapshot(
  stored: Uint8Array,
  { tagged = stored, version = SCHEMA_VERSION }: { tagged?: Uint8Array; version?: number } = {},
): Promise<{ dir: string; store: SqliteDocStore }> {
  const dir = tempDir();
  const store = slowLoadingStore(dir);
  await store.createRoom({ id: ROOM, createdAt: 5 }, tagged);
  await store.compact(ROOM, stored, (await store.load(ROOM)).lastSeq, snapshotTag(tagged, version));
  return { dir, store };
}

describe('S12 cold rooms served from stored bytes', () => {
  it('S12 a fresh client of a room stored as one intact snapshot gets those bytes before the room is built', async () => {
    const dir = tempDir();
    // Written and unloaded by a server: the unload compacts into a tagged snapshot.
    const first = await startServer({ dataDir: dir });
    const room = await first.createRoom();
    const writer = new RawClient(first.wsUrl, room);
    await writer.connect();
    scratchMap(writer.doc).set('shape:1', { id: 'shape:1', typeName: 'shape' });
    const probe = SqliteDocStore.open(dir);
    await waitFor(async () => (await probe.load(room.id)).updates.length >= 2, 'edit committed');
    await probe.close();
    writer.close();
    await waitFor(() => !first.app.registry.isLoaded(room.id), 'room unloaded');
    await first.stop();

    const store = slowLoadingStore(dir);
    const stored = await store.load(room.id);
    expect(stored.updates).toEqual([]);
    expect(stored.snapshotTag).not.toBeNull();
    server = await startServer({ dataDir: dir, store });
    const fresh = new RawClient(server.wsUrl, room);
    await fresh.connect();
    await waitFor(() => syncMessages(fresh).length >= 2, 'the server’s step 1');
    const [firstSync, secondSync] = syncMessages(fresh);
    // The stored bytes as they are, ahead of the server's own step 1 (sent once the room is built).
    expect(firstSync).toEqual({ type: 'syncStep2', update: stored.snapshot });
    expect(secondSync?.type).toBe('syncStep1');
    expect(scratchMap(fresh.doc).get('shape:1')).toEqual({ id: 'shape:1', typeName: 'shape' });
    // The room is live as usual afterwards.
    const other = new RawClient(server.wsUrl, room);
    await other.connect();
    scratchMap(fresh.doc).set('shape:2', { id: 'shape:2', typeName: 'shape' });
    await waitFor(() => scratchMap(other.doc).size === 2, 'edit after an early answer reaches others');
    fresh.close();
    other.close();
  });

  it('S12 the stock provider syncs from an early answer and goes on editing with others', async () => {
    const doc = docAt(SCHEMA_VERSION);
    const { dir, store } = await storeWithSnapshot(Y.encodeStateAsUpdate(doc));
    server = await startServer({ dataDir: dir, store });
    const ref = await server.ref(ROOM);
    const tab = providerClient(server.wsUrl, ref);
    await tab.synced();
    expect(scratchMap(tab.doc).get('shape:1')).toEqual({ id: 'shape:1', typeName: 'shape' });
    const other = new RawClient(server.wsUrl, ref);
    await other.connect();
    scratchMap(tab.doc).set('shape:2', { id: 'shape:2', typeName: 'shape' });
    scratchMap(other.doc).set('shape:3', { id: 'shape:3', typeName: 'shape' });
    await waitFor(() => scratchMap(other.doc).size === 3 && scratchMap(tab.doc).size === 3, 'both see both edits');
    tab.destroy();
    other.close();
  });

  it('S12 a snapshot whose bytes changed on disk is never sent: decoded first, refused with 4500', async () => {
    const good = Y.encodeStateAsUpdate(docAt(SCHEMA_VERSION));
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const { dir, store } = await storeWithSnapshot(garbage, { tagged: good });
    server = await startServer({ dataDir: dir, store });
    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    await c.connect().catch(() => undefined);
    expect((await c.waitClosed()).code).toBe(CLOSE.roomUnavailable.code);
    expect(syncMessages(c)).toEqual([]);
  });

  it('S12 a snapshot tagged at an older schema is migrated before any client is answered', async () => {
    const { dir, store } = await storeWithSnapshot(Y.encodeStateAsUpdate(docAt(1)), { version: 1 });
    server = await startServer({ dataDir: dir, store });
    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    await c.connect();
    expect(syncMessages(c)[0]?.type).toBe('syncStep1');
    expect(readSchemaVersion(c.doc)).toBe(SCHEMA_VERSION);
    c.close();
  });

  it('S12 a room with updates logged after its snapshot is built before it answers', async () => {
    const doc = docAt(SCHEMA_VERSION);
    const { dir, store } = await storeWithSnapshot(Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(doc);
    scratchMap(doc).set('shape:2', { id: 'shape:2', typeName: 'shape' });
    await store.append(ROOM, [Y.encodeStateAsUpdate(doc, before)]);
    server = await startServer({ dataDir: dir, store });
    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    await c.connect();
    expect(syncMessages(c)[0]?.type).toBe('syncStep1');
    expect(scratchMap(c.doc).size).toBe(2);
    c.close();
  });
});
