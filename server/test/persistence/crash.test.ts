import { describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/clients.ts';
import { createRoomAt, tempDir, waitFor } from '../helpers/testServer.ts';
import { useChildServers } from '../helpers/childServer.ts';
import { killDuringBurst, missingFrom } from '../helpers/killDuringBurst.ts';
import { scratchText } from '../helpers/scratch.ts';

const spawnServer = useChildServers();

describe('S3 crash safety', () => {
  it('S3 after kill -9 during a burst, everything any client had received is still there, though its author never returns', async () => {
    const dir = tempDir();
    const s1 = await spawnServer(dir);
    const room = await createRoomAt(s1.url);
    const seen = await killDuringBurst(s1, room, 300, 20_000);
    expect(seen.length).toBeGreaterThanOrEqual(300);

    const s2 = await spawnServer(dir);
    expect(await missingFrom(s2, room, seen)).toEqual([]);
  });

  it('S3 SIGTERM flushes every room and exits cleanly', async () => {
    const dir = tempDir();
    const s1 = await spawnServer(dir, { ROOM_UNLOAD_DELAY_MS: '60000' });
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
    const c = new RawClient(s2.wsUrl, room);
    await c.connect();
    expect(scratchText(c.doc).toString()).toBe('keep me');
    c.close();
  });
});
