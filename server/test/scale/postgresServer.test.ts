import { scratchMap } from '../helpers/scratch.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/clients.ts';
import { createRoomAt, tempDir, waitFor } from '../helpers/testServer.ts';
import { spawnServer, type ChildServer } from '../helpers/childServer.ts';
import { useServices } from '../helpers/services.ts';

const services = useServices();
const running: ChildServer[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.child.kill('SIGKILL');
});

const SECRET = 'x'.repeat(40);

// Two server processes plus PostgreSQL on a shared 2-core machine start slowly.
describe('M1 the real server on PostgreSQL', { timeout: 120_000 }, () => {
  it('M1 with DATABASE_URL, everything a client received survives kill -9 and is served by a fresh server', async () => {
    const env = { DATABASE_URL: await services.current().freshDatabase(), TOKEN_SECRET: SECRET };
    const s1 = await spawnServer(tempDir(), env);
    running.push(s1);
    const room = await createRoomAt(s1.url);
    const writer = await new RawClient(s1.wsUrl, room).connect();
    const observer = await new RawClient(s1.wsUrl, room).connect();
    let stop = false;
    const burst = (async () => {
      for (let i = 0; i < 5000 && !stop; i++) {
        scratchMap(writer.doc).set(`shape:${i}`, { id: `shape:${i}`, typeName: 'shape', i });
        if (i % 25 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    await waitFor(() => scratchMap(observer.doc).size >= 200, 'observer receives part of the burst', 60_000);
    s1.child.kill('SIGKILL');
    await s1.exited();
    stop = true;
    await burst;
    const seen = [...scratchMap(observer.doc).keys()];
    writer.close();
    observer.close();

    // Another data directory: nothing of the room is on the first server's disk.
    const s2 = await spawnServer(tempDir(), env);
    running.push(s2);
    const fresh = await new RawClient(s2.wsUrl, room).connect();
    const board = scratchMap(fresh.doc);
    expect(seen.filter((k) => !board.has(k))).toEqual([]);
    fresh.close();
  });

  it('M1 without TOKEN_SECRET, a server given DATABASE_URL refuses to start and says why', async () => {
    const env = { DATABASE_URL: services.current().services.postgres.url };
    await expect(spawnServer(tempDir(), env)).rejects.toThrow(/TOKEN_SECRET: required with DATABASE_URL/);
  });
});
