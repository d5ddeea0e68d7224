/**
 * S7: every kind of bad input closes only the connection that sent it, with the documented close
 * code; a client in the same room and one in another room keep syncing; nothing bad is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { CLOSE } from '@riffboard/shared';
import { bytes, providerClient, RawClient, type ProviderClient } from '../helpers/clients.ts';
import { startServer, tempDir, waitFor, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { encodeUpdate } from '../../src/sync/messages.ts';
import { scratchMap, scratchText } from '../helpers/scratch.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';

let server: TestServer;
let store: SqliteDocStore;
let roomA: TestRoom;
let roomB: TestRoom;
let inA: ProviderClient;
let alsoInA: ProviderClient;
let inB: ProviderClient;
let counter = 0;

beforeAll(async () => {
  store = SqliteDocStore.open(tempDir());
  server = await startServer({ env: { MAX_MESSAGE_BYTES: String(64 * 1024) }, store });
  roomA = await server.createRoom('A');
  roomB = await server.createRoom('B');
  inA = providerClient(server.wsUrl, roomA);
  alsoInA = providerClient(server.wsUrl, roomA);
  inB = providerClient(server.wsUrl, roomB);
  await Promise.all([inA.synced(), alsoInA.synced(), inB.synced()]);
});

afterAll(async () => {
  for (const c of [inA, alsoInA, inB]) c.destroy();
  await server.stop();
});

/** The bystanders still sync both ways, in both rooms. */
async function othersStillSync(): Promise<void> {
  const n = ++counter;
  scratchMap(inA.doc).set(`after:${n}`, { id: `after:${n}`, typeName: 'shape' });
  scratchMap(inB.doc).set(`after:${n}`, { id: `after:${n}`, typeName: 'shape' });
  await waitFor(() => scratchMap(alsoInA.doc).has(`after:${n}`), 'same-room client still receives');
  const fresh = new RawClient(server.wsUrl, roomB);
  await fresh.connect();
  expect(scratchMap(fresh.doc).has(`after:${n}`)).toBe(true);
  fresh.close();
}

async function offenderClosedWith(send: (c: RawClient) => void, code: number, room = roomA): Promise<void> {
  const offender = new RawClient(server.wsUrl, room);
  await offender.connect();
  send(offender);
  const closed = await offender.waitClosed();
  expect(closed.code).toBe(code);
  await othersStillSync();
}

describe('S7 bad input closes only the offending connection', () => {
  it('S7 a text frame closes with 1003', () => offenderClosedWith((c) => c.send('hello'), CLOSE.textFrame.code));

  it('S7 a varint that never ends closes with 4400', () =>
    offenderClosedWith(
      (c) => c.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
      CLOSE.malformedMessage.code,
    ));

  it('S7 a truncated varint closes with 4400', () =>
    offenderClosedWith((c) => c.send(new Uint8Array([0x80])), CLOSE.malformedMessage.code));

  it('S7 a giant length prefix closes with 4400', () =>
    offenderClosedWith((c) => c.send(bytes(0, 1, 2 ** 40, new Uint8Array([1, 2, 3]))), CLOSE.malformedMessage.code));

  it('S7 trailing bytes after a message close with 4400', () =>
    offenderClosedWith((c) => c.send(bytes(0, 0, 1, new Uint8Array([0, 9, 9]))), CLOSE.malformedMessage.code));

  it('S7 an unknown message type closes with 4402', () => offenderClosedWith((c) => c.send(bytes(42)), CLOSE.unknownMessageType.code));

  it('S7 an unknown sync subtype closes with 4402', () => offenderClosedWith((c) => c.send(bytes(0, 7, 0)), CLOSE.unknownMessageType.code));

  it('S7 an undecodable Yjs update closes with 4422 and stores nothing', async () => {
    await offenderClosedWith((c) => c.send(bytes(0, 2, 5, new Uint8Array([9, 9, 9, 9, 9]))), CLOSE.badUpdate.code);
  });

  it('S7 an update whose dependencies are missing closes with 4422 and is not half applied', async () => {
    const forger = new Y.Doc();
    const text = scratchText(forger);
    text.insert(0, 'first ');
    const updates: Uint8Array[] = [];
    forger.on('update', (u: Uint8Array) => updates.push(u));
    text.insert(6, 'second');
    text.insert(12, ' third');
    // Only the later updates: they point at 'first ', which the server never saw.
    const merged = Y.mergeUpdates(updates);
    await offenderClosedWith((c) => c.send(encodeUpdate(merged)), CLOSE.badUpdate.code);
    const probe = new RawClient(server.wsUrl, roomA);
    await probe.connect();
    expect(scratchText(probe.doc).toString()).toBe('');
    expect(probe.doc.store.pendingStructs).toBeNull();
    probe.close();
    const stored = await server.app.registry.acquire(roomA.id);
    expect(stored.doc.store.pendingStructs).toBeNull();
    expect(scratchText(stored.doc).toString()).toBe('');
    server.app.registry.release(roomA.id);
  });

  it('S7 an update that builds on another client’s item the room lacks closes with 4422', async () => {
    // Its own clocks start at zero, so its state vector fits the room; only the item's origin
    // (the other client's text) is missing. Yjs alone would keep it pending: half applied.
    const other = new Y.Doc();
    scratchText(other).insert(0, 'theirs ');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(other));
    const before = Y.encodeStateVector(forger);
    scratchText(forger).insert(7, 'mine');
    const onlyMine = Y.encodeStateAsUpdate(forger, before);
    expect([...Y.parseUpdateMeta(onlyMine).from.values()]).toEqual([0]);
    await offenderClosedWith((c) => c.send(encodeUpdate(onlyMine)), CLOSE.badUpdate.code);
    const stored = await server.app.registry.acquire(roomA.id);
    expect(stored.doc.store.pendingStructs).toBeNull();
    expect(scratchText(stored.doc).toString()).toBe('');
    server.app.registry.release(roomA.id);
  });

  it('S7 a message over the size limit closes with 1009', () =>
    offenderClosedWith((c) => c.send(bytes(0, 2, 100_000, new Uint8Array(100_000))), CLOSE.messageTooLarge.code));

  it('S7 a WebSocket protocol violation (unmasked client frame) closes with 1002', () =>
    offenderClosedWith((c) => c.ws.send(bytes(0, 0, 0), { mask: false }), CLOSE.protocolError.code));

  it.each([
    ['bad characters', 'room!with*stars'],
    ['too long', 'a'.repeat(200)],
    ['too short', 'abc'],
    ['bad percent-encoding', '%ZZ%ZZ%ZZ%ZZ%ZZ%ZZ%ZZ'],
  ])('S7 a room id with %s closes with 4401', async (_what, id) => {
    const ws = new WebSocket(`${server.wsUrl}/${id}?token=${roomA.token}`);
    ws.on('error', () => {});
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(CLOSE.badRoomId.code);
    await othersStillSync();
  });

  it('S7 a well-formed id of a room that does not exist closes with 4404', async () => {
    const missing = await server.ref('Z'.repeat(21));
    const ws = new WebSocket(`${server.wsUrl}/${missing.id}?token=${missing.token}`);
    ws.on('error', () => {});
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(CLOSE.roomNotFound.code);
  });

  it('S7 none of the bad input reached the stored document', async () => {
    // What the database holds for the room (S2: stored before anyone else received it).
    const stored = await store.load(roomA.id);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    const keys = [...scratchMap(doc).keys()];
    // The good edits sent between the bad ones are there; nothing else is.
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('after:'))).toBe(true);
  });
});
