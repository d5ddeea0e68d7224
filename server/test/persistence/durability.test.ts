import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, tempDir, waitFor, type TestServer } from '../helpers/testServer.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { scratchMap, scratchText } from '../helpers/scratch.ts';

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

describe('S2 durability', () => {
  it('S2 content survives a server restart', async () => {
    const dir = tempDir();
    const s1 = await startServer({ dataDir: dir });
    servers.push(s1);
    const room = await s1.createRoom();
    const a = providerClient(s1.wsUrl, room);
    await a.synced();
    scratchMap(a.doc).set('shape:1', { id: 'shape:1', typeName: 'shape', note: 'chorus idea' });
    scratchText(a.doc).insert(0, 'half-time feel');
    // Wait until the server has it (echoed to another client = committed).
    const watcher = new RawClient(s1.wsUrl, room);
    await watcher.connect();
    await waitFor(() => scratchText(watcher.doc).toString() === 'half-time feel', 'watcher sees edit');
    watcher.close();
    a.destroy();
    await s1.stop();
    servers = [];

    const s2 = await startServer({ dataDir: dir });
    servers.push(s2);
    const b = new RawClient(s2.wsUrl, room);
    await b.connect();
    expect(scratchMap(b.doc).get('shape:1')).toEqual({ id: 'shape:1', typeName: 'shape', note: 'chorus idea' });
    expect(scratchText(b.doc).toString()).toBe('half-time feel');
    b.close();
  });

  it('S4 a client joining a cold room with a large stored doc gets all of it in its first sync reply', async () => {
    const dir = tempDir();
    const s1 = await startServer({ dataDir: dir });
    servers.push(s1);
    const room = await s1.createRoom();
    const writer = new RawClient(s1.wsUrl, room);
    await writer.connect();
    const big = 'x'.repeat(1000);
    for (let t = 0; t < 30; t++) {
      writer.doc.transact(() => {
        for (let i = t * 100; i < (t + 1) * 100; i++)
          scratchMap(writer.doc).set(`shape:${i}`, { id: `shape:${i}`, typeName: 'shape', big });
      });
    }
    const watcher = new RawClient(s1.wsUrl, room);
    await watcher.connect();
    await waitFor(() => scratchMap(watcher.doc).size === 3000, 'watcher has everything', 20_000);
    writer.close();
    watcher.close();
    await s1.stop();
    servers = [];

    // Cold: a new process, nothing in memory. The first step 2 the client receives must be complete.
    const s2 = await startServer({ dataDir: dir });
    servers.push(s2);
    const fresh = new RawClient(s2.wsUrl, room);
    await fresh.connect();
    expect(fresh.synced).toBe(true);
    expect(scratchMap(fresh.doc).size).toBe(3000);
    fresh.close();
  });

  it('S5 a room unloads after its last client leaves, and reloads with everything', async () => {
    const s = await startServer();
    servers.push(s);
    const room = await s.createRoom();
    const a = new RawClient(s.wsUrl, room);
    await a.connect();
    scratchMap(a.doc).set('shape:1', { id: 'shape:1', typeName: 'shape' });
    const b = new RawClient(s.wsUrl, room);
    await b.connect();
    await waitFor(() => scratchMap(b.doc).size === 1, 'b sees the shape');
    a.close();
    b.close();
    await waitFor(() => !s.app.registry.isLoaded(room.id), 'room unloaded');
    const c = new RawClient(s.wsUrl, room);
    await c.connect();
    expect(scratchMap(c.doc).get('shape:1')).toEqual({ id: 'shape:1', typeName: 'shape' });
    c.close();
  });

  it('S5 a client joining while the room flushes on unload is served by the same live room', async () => {
    // A slow store makes the unload window wide enough to join inside it.
    const dir = tempDir();
    const inner = SqliteDocStore.open(dir);
    let slow = false;
    const store = Object.assign(Object.create(inner) as SqliteDocStore, {
      compact: async (...args: Parameters<SqliteDocStore['compact']>) => {
        if (slow) await new Promise((r) => setTimeout(r, 300));
        return inner.compact(...args);
      },
    });
    const s = await startServer({ dataDir: dir, store });
    servers.push(s);
    const room = await s.createRoom();
    const a = new RawClient(s.wsUrl, room);
    await a.connect();
    scratchMap(a.doc).set('shape:1', { id: 'shape:1', typeName: 'shape' });
    await waitFor(async () => (await inner.load(room.id)).updates.length >= 2, 'edit committed');
    slow = true;
    a.close();
    await new Promise((r) => setTimeout(r, 100)); // inside the slow compaction
    const b = new RawClient(s.wsUrl, room);
    await b.connect();
    expect(scratchMap(b.doc).size).toBe(1);
    scratchMap(b.doc).set('shape:2', { id: 'shape:2', typeName: 'shape' });
    await new Promise((r) => setTimeout(r, 400));
    expect(s.app.registry.isLoaded(room.id)).toBe(true);
    const c = new RawClient(s.wsUrl, room);
    await c.connect();
    await waitFor(() => scratchMap(c.doc).size === 2, 'c sees both shapes');
    b.close();
    c.close();
  });
});

describe('S2 write-ahead', () => {
  it('S2 an update is in the database before any other client receives it', async () => {
    const dir = tempDir();
    const inner = SqliteDocStore.open(dir);
    const s = await startServer({ dataDir: dir, store: inner });
    servers.push(s);
    const room = await s.createRoom();
    const a = new RawClient(s.wsUrl, room);
    const b = new RawClient(s.wsUrl, room);
    await a.connect();
    await b.connect();
    let storedWhenReceived: boolean | null = null;
    scratchMap(b.doc).observe(() => {
      // Read the database synchronously at the moment b applies the broadcast.
      const probe = new Y.Doc();
      void inner.load(room.id).then((st) => {
        if (st.snapshot) Y.applyUpdate(probe, st.snapshot);
        for (const u of st.updates) Y.applyUpdate(probe, u);
        storedWhenReceived ??= scratchMap(probe).has('shape:x');
      });
    });
    scratchMap(a.doc).set('shape:x', { id: 'shape:x', typeName: 'shape' });
    await waitFor(() => storedWhenReceived !== null, 'b received');
    expect(storedWhenReceived).toBe(true);
    a.close();
    b.close();
  });
});
