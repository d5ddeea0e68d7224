import { describe, expect, it } from 'vitest';
import { createRoomAt, tempDir } from '../helpers/testServer.ts';
import { useChildServers } from '../helpers/childServer.ts';
import { killDuringBurst, missingFrom } from '../helpers/killDuringBurst.ts';
import { useServices } from '../helpers/services.ts';

const services = useServices();
const spawnServer = useChildServers();

const SECRET = 'x'.repeat(40);

// Two server processes plus PostgreSQL on a shared 2-core machine start slowly.
describe('M1 the real server on PostgreSQL', { timeout: 120_000 }, () => {
  it('M1 with DATABASE_URL, everything a client received survives kill -9 and is served by a fresh server', async () => {
    const env = { DATABASE_URL: await services.current().freshDatabase(), TOKEN_SECRET: SECRET };
    const s1 = await spawnServer(tempDir(), env);
    const room = await createRoomAt(s1.url);
    const seen = await killDuringBurst(s1, room, 200, 60_000);

    // Another data directory: nothing of the room is on the first server's disk.
    const s2 = await spawnServer(tempDir(), env);
    expect(await missingFrom(s2, room, seen)).toEqual([]);
  });

  it('M1 without TOKEN_SECRET, a server given DATABASE_URL refuses to start and says why', async () => {
    const env = { DATABASE_URL: services.current().services.postgres.url };
    await expect(spawnServer(tempDir(), env)).rejects.toThrow(/TOKEN_SECRET: required with DATABASE_URL/);
  });
});
