import { describe, expect, it } from 'vitest';
import { PostgresDocStore } from '../../src/persistence/PostgresDocStore.ts';
import { useServices } from '../helpers/services.ts';
import { runDocStoreContract } from './docStoreContract.ts';
import { runBallotStoreContract } from './ballotStoreContract.ts';
import { runVersionStoreContract } from './versionStoreContract.ts';

const services = useServices();

runDocStoreContract('postgres', async () => PostgresDocStore.open(await services.current().freshDatabase()));
runBallotStoreContract('postgres', async () => PostgresDocStore.open(await services.current().freshDatabase()));
runVersionStoreContract('postgres', async () => PostgresDocStore.open(await services.current().freshDatabase()));

describe('P postgres sequencing', () => {
  it('P11 appends to one room from two instances get gap-free seqs in commit order', async () => {
    const url = await services.current().freshDatabase();
    const a = await PostgresDocStore.open(url);
    const b = await PostgresDocStore.open(url);
    await a.createRoom({ id: 'r', createdAt: 1 }, new Uint8Array([0]));
    const seqs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append('r', [new Uint8Array([i + 1])])));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const loaded = await a.load('r');
    expect(loaded.updates).toHaveLength(41);
    expect(loaded.lastSeq).toBe(41);
    await Promise.all([a.close(), b.close()]);
  });

  it('P12 multi-room commits from two instances in opposite room order neither deadlock nor lose updates', async () => {
    const url = await services.current().freshDatabase();
    const a = await PostgresDocStore.open(url);
    const b = await PostgresDocStore.open(url);
    await a.createRoom({ id: 'x', createdAt: 1 }, new Uint8Array([0]));
    await a.createRoom({ id: 'y', createdAt: 1 }, new Uint8Array([0]));
    const u = (n: number) => [new Uint8Array([n])];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? a.appendMany([
              { roomId: 'x', updates: u(i) },
              { roomId: 'y', updates: u(i) },
            ])
          : b.appendMany([
              { roomId: 'y', updates: u(i) },
              { roomId: 'x', updates: u(i) },
            ]),
      ),
    );
    expect((await a.load('x')).updates).toHaveLength(31);
    expect((await a.load('y')).updates).toHaveLength(31);
    await Promise.all([a.close(), b.close()]);
  });

  it('P13 what was appended is there after the store is reopened', async () => {
    const url = await services.current().freshDatabase();
    const s = await PostgresDocStore.open(url);
    await s.createRoom({ id: 'r', createdAt: 1 }, new Uint8Array([1]));
    await s.append('r', [new Uint8Array([2])]);
    await s.close();
    const again = await PostgresDocStore.open(url);
    expect((await again.load('r')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    await again.close();
  });

  it('V5 casts to one room from two instances at once: the cast with the highest rev counts every ballot, and a reveal takes them all', async () => {
    const url = await services.current().freshDatabase();
    const a = await PostgresDocStore.open(url);
    const b = await PostgresDocStore.open(url);
    // 20 people, each casting twice (two tabs, one on each instance): 20 voters in the end.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).castBallot('r', 'v1', `person-${i % 20}`, { t: 1 + (i % 3) })),
    );
    const revs = results.map((r) => r.rev).sort((x, y) => x - y);
    expect(new Set(revs).size).toBe(40);
    const newest = results.reduce((x, y) => (y.rev > x.rev ? y : x));
    expect(newest.voters).toBe(20);
    // A later rev never reports fewer voters: the count only grows while people only add ballots.
    const byRev = [...results].sort((x, y) => x.rev - y.rev).map((r) => r.voters);
    expect(byRev).toEqual([...byRev].sort((x, y) => x - y));
    const taken = await b.takeBallots('r', 'v1');
    expect(taken).toHaveLength(20);
    expect(await a.getBallot('r', 'v1', 'person-0')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});
