import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/clients.ts';
import { createRoomAt, tempDir, waitFor } from '../helpers/testServer.ts';
import { spawnServer, type ChildServer } from '../helpers/childServer.ts';
import { scratchMap, scratchText } from '../helpers/scratch.ts';

const running: ChildServer[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.child.kill('SIGKILL');
});

describe('S3 crash safety', () => {
  it('S3 after kill -9 during a burst, everything any client had received is still there, though its author never returns', async () => {
    const dir = tempDir();
    const s1 = await spawnServer(dir);
    running.push(s1);
    const room = await createRoomAt(s1.url);
    const writer = new RawClient(s1.wsUrl, room);
    const observer = new RawClient(s1.wsUrl, room);
    await writer.connect();
    await observer.connect();

    let stop = false;
    const burst = (async () => {
      for (let i = 0; i < 5000 && !stop; i++) {
        scratchMap(writer.doc).set(`shape:${i}`, { id: `shape:${i}`, typeName: 'shape', i });
        if (i % 25 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    await waitFor(() => scratchMap(observer.doc).size >= 300, 'observer receives part of the burst', 20_000);
    s1.child.kill('SIGKILL');
    await s1.exited();
    stop = true;
    await burst;
    const seen = [...scratchMap(observer.doc).keys()];
    writer.close();
    observer.close();
    expect(seen.length).toBeGreaterThanOrEqual(300);

    const s2 = await spawnServer(dir);
    running.push(s2);
    const fresh = new RawClient(s2.wsUrl, room);
    await fresh.connect();
    const board = scratchMap(fresh.doc);
    const missing = seen.filter((k) => !board.has(k));
    expect(missing).toEqual([]);
    fresh.close();
  });

  it('S3 SIGTERM flushes every room and exits cleanly', async () => {
    const dir = tempDir();
    const s1 = await spawnServer(dir, { ROOM_UNLOAD_DELAY_MS: '60000' });
    running.push(s1);
    const room = await createRoomAt(s1.url);
    const a = new RawClient(s1.wsUrl, room);
    const b = new RawClient(s1.wsUrl, room);
    await a.connect();
    await b.connect();
    scratchText(a.doc).insert(0, 'keep me');
    await waitFor(() => scratchText(b.doc).toString() === 'keep me', 'b sees the text');
    s1.child.kill('SIGTERM');
    expect(await s1.exited()).toBe(0);
    expect((await a.waitClosed()).code).toBe(1001);
    expect(s1.output()).toContain('"event":"server.stopped"');
    b.close();

    const s2 = await spawnServer(dir);
    running.push(s2);
    const c = new RawClient(s2.wsUrl, room);
    await c.connect();
    expect(scratchText(c.doc).toString()).toBe('keep me');
    c.close();
  });
});
