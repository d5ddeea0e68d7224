import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type RoomRef, type TestServer } from '../helpers/testServer.ts';
import { encodeAwareness } from '../../src/sync/messages.ts';
import { encodeAwarenessEntries } from '../../src/sync/awarenessGuard.ts';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function peerCount(s: TestServer, room: RoomRef): Promise<number> {
  const r = await s.app.registry.acquire(room.id);
  s.app.registry.release(room.id);
  return r.peerCount;
}

describe('S8 slow consumers', () => {
  it('S8 a client that stops reading is cut off once its send buffer passes the limit; others keep syncing', async () => {
    server = await startServer({ env: { SEND_BUFFER_LIMIT_BYTES: String(256 * 1024) } });
    const s = server;
    const room = await s.createRoom();
    const stalled = new RawClient(s.wsUrl, room);
    await stalled.connect();
    const writer = new RawClient(s.wsUrl, room);
    const watcher = new RawClient(s.wsUrl, room);
    await writer.connect();
    await watcher.connect();
    expect(await peerCount(s, room)).toBe(3);
    // Stop reading at the TCP level: the kernel buffers fill, then the server's.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = 'x'.repeat(32 * 1024);
    // The writer waits for the watcher every 4 values (128 KiB), so the watcher, which reads in this
    // same busy process, is never the one that falls 256 KiB behind: only the stalled client can.
    for (let i = 0; i < 400; i++) {
      scratchMap(writer.doc).set(`k${i}`, chunk);
      if (i % 4 === 3) await waitFor(() => scratchMap(watcher.doc).size > i, 'watcher keeps pace', 20_000);
    }
    await waitFor(async () => (await peerCount(s, room)) === 2, 'stalled client removed', 20_000);
    await waitFor(() => scratchMap(watcher.doc).size === 400, 'watcher keeps up', 20_000);
    writer.close();
    watcher.close();
    stalled.close();
  });
});

const presence = (entries: Array<[id: number, clock: number, state: unknown]>) =>
  encodeAwareness(
    encodeAwarenessEntries(entries.map(([clientId, clock, state]) => ({ clientId, clock, stateJson: JSON.stringify(state) }))),
  );

describe('S9 awareness', () => {
  it('S9 a connection cannot rename or remove presence it does not own', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const alice = providerClient(server.wsUrl, room);
    const observer = providerClient(server.wsUrl, room);
    await alice.synced();
    await observer.synced();
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#f0a' });
    const aliceId = alice.doc.clientID;
    const nameSeen = () => (observer.provider.awareness.getStates().get(aliceId) as { user?: { name: string } } | undefined)?.user?.name;
    await waitFor(() => nameSeen() === 'Alice', 'observer sees Alice');

    // Mallory forges Alice's id with a higher clock: first a rename, then a removal.
    const mallory = new RawClient(server.wsUrl, room);
    await mallory.connect();
    mallory.send(presence([[aliceId, 9999, { user: { name: 'Mallory', color: '#000' } }]]));
    mallory.send(presence([[aliceId, 10_000, null]]));
    // Her own presence still works, so the forgeries were dropped, not the connection.
    mallory.send(presence([[mallory.doc.clientID, 1, { user: { name: 'M' } }]]));
    await waitFor(() => observer.provider.awareness.getStates().has(mallory.doc.clientID), 'mallory’s own presence relayed');
    expect(nameSeen()).toBe('Alice');
    expect(mallory.closed).toBeNull();

    alice.provider.awareness.setLocalStateField('user', { name: 'Alice B.', color: '#f0a' });
    await waitFor(() => nameSeen() === 'Alice B.', 'observer sees the rename by Alice herself');
    mallory.close();
    alice.destroy();
    observer.destroy();
  });

  it('S9 a reconnecting client gets its presence back at once', async () => {
    server = await startServer({ env: { ROOM_UNLOAD_DELAY_MS: '5000' } });
    const room = await server.createRoom();
    const alice = providerClient(server.wsUrl, room);
    const observer = providerClient(server.wsUrl, room);
    await alice.synced();
    await observer.synced();
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await waitFor(() => observer.provider.awareness.getStates().has(aliceId), 'observer sees Alice');
    alice.provider.disconnect();
    await waitFor(() => !observer.provider.awareness.getStates().has(aliceId), 'Alice gone');
    alice.provider.connect();
    await waitFor(() => observer.provider.awareness.getStates().has(aliceId), 'Alice back', 3000);
    alice.destroy();
    observer.destroy();
  });

  it('S9 a tab that reconnects before the server saw its old connection drop gets its presence back when the old one goes', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const observer = providerClient(server.wsUrl, room);
    await observer.synced();
    // Ben's old connection: still open as far as the server knows (a dead socket waits for the heartbeat).
    const benId = 424_242;
    const old = new RawClient(server.wsUrl, room);
    await old.connect();
    old.send(presence([[benId, 3, { user: { name: 'Ben' } }]]));
    const nameSeen = () => (observer.provider.awareness.getStates().get(benId) as { user?: { name: string } } | undefined)?.user?.name;
    await waitFor(() => nameSeen() === 'Ben', 'observer sees Ben');

    // The same tab on a new connection (same presence id), then the old socket finally closes.
    const doc = new Y.Doc();
    doc.clientID = benId;
    const ben = providerClient(server.wsUrl, room, doc);
    await ben.synced();
    ben.provider.awareness.setLocalStateField('user', { name: 'Ben on keys' });
    await new Promise((r) => setTimeout(r, 200));
    old.close();
    await waitFor(() => nameSeen() === 'Ben on keys', 'observer sees Ben again, from his new connection', 3000);
    ben.destroy();
    observer.destroy();
  });

  it('S9 oversized presence and too many presence ids are refused with 4423', async () => {
    server = await startServer({ env: { AWARENESS_MAX_STATE_BYTES: '1024', AWARENESS_MAX_CLIENTS_PER_CONNECTION: '2' } });
    const room = await server.createRoom();

    const big = new RawClient(server.wsUrl, room);
    await big.connect();
    big.send(presence([[1, 1, { pad: 'x'.repeat(5000) }]]));
    expect((await big.waitClosed()).code).toBe(CLOSE.awarenessViolation.code);

    const many = new RawClient(server.wsUrl, room);
    await many.connect();
    many.send(
      presence([
        [10, 1, { n: 10 }],
        [11, 1, { n: 11 }],
        [12, 1, { n: 12 }],
      ]),
    );
    expect((await many.waitClosed()).code).toBe(CLOSE.awarenessViolation.code);

    const ok = providerClient(server.wsUrl, room);
    const other = providerClient(server.wsUrl, room);
    await ok.synced();
    await other.synced();
    ok.provider.awareness.setLocalStateField('user', { name: 'Fine' });
    await waitFor(() => other.provider.awareness.getStates().has(ok.doc.clientID), 'normal presence still relayed');
    expect([...other.provider.awareness.getStates().keys()]).not.toContain(10);
    ok.destroy();
    other.destroy();
  });
});

describe('MX6 hearing in presence', () => {
  it('MX6 a presence state with a malformed hearing field is refused with 4423; a valid one is relayed to others', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const watcher = providerClient(server.wsUrl, room);
    await watcher.synced();
    const hearing = { song: true, references: ['3f2c0a4e-0000-4000-8000-000000000001'], clickMuted: true, latencyMs: 40 };

    for (const bad of [
      { ...hearing, latencyMs: -5 },
      { ...hearing, latencyMs: 'low' },
      { ...hearing, references: Array.from({ length: 40 }, (_, i) => `r${i}`) },
      { ...hearing, clickMuted: 'yes' },
      'playing',
    ]) {
      const raw = new RawClient(server.wsUrl, room);
      await raw.connect();
      raw.send(presence([[777, 1, { user: { name: 'Mallory', color: '#ff0000' }, hearing: bad }]]));
      expect((await raw.waitClosed()).code, JSON.stringify(bad)).toBe(CLOSE.awarenessViolation.code);
    }
    expect(watcher.provider.awareness.getStates().has(777)).toBe(false);

    const ok = new RawClient(server.wsUrl, room);
    await ok.connect();
    ok.send(presence([[778, 1, { user: { name: 'Ana', color: '#00ff00' }, hearing }]]));
    await waitFor(() => watcher.provider.awareness.getStates().has(778), 'valid hearing relayed');
    expect((watcher.provider.awareness.getStates().get(778) as { hearing: unknown }).hearing).toEqual(hearing);
    ok.close();
    watcher.destroy();
  });
});
