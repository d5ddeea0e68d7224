/**
 * The BallotStore contract (see src/persistence/BallotStore.ts). Every DocStore adapter is also
 * the room's ballot store and runs this suite.
 */
import { describe, expect, it } from 'vitest';
import type { BallotStore } from '../../src/persistence/BallotStore.ts';

type Store = BallotStore & { close(): Promise<void> };

export function runBallotStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`V BallotStore contract: ${name}`, () => {
    it('V1 a cast replaces the key’s ballot whole, an empty one removes it, and voters are counted after the write with a growing rev', async () => {
      const s = await open();
      const first = await s.castBallot('r', 'v1', 'ana', { a: 2, b: 1 });
      expect(first.voters).toBe(1);
      const again = await s.castBallot('r', 'v1', 'ana', { c: 1 });
      expect(again).toEqual({ voters: 1, rev: expect.any(Number) });
      expect(again.rev).toBeGreaterThan(first.rev);
      expect(await s.getBallot('r', 'v1', 'ana')).toEqual({ c: 1 });
      const ben = await s.castBallot('r', 'v1', 'ben', { a: 1 });
      expect(ben.voters).toBe(2);
      const emptied = await s.castBallot('r', 'v1', 'ana', {});
      expect(emptied.voters).toBe(1);
      expect(emptied.rev).toBeGreaterThan(ben.rev);
      expect(await s.getBallot('r', 'v1', 'ana')).toBeUndefined();
      expect(await s.getBallot('r', 'v1', 'nobody')).toBeUndefined();
      await s.close();
    });

    it('V2 a cast in a new vote discards the room’s ballots of the old vote', async () => {
      const s = await open();
      await s.castBallot('r', 'old', 'ana', { a: 1 });
      await s.castBallot('r', 'old', 'ben', { a: 1 });
      expect((await s.castBallot('r', 'new', 'cid', { x: 1 })).voters).toBe(1);
      expect(await s.getBallot('r', 'old', 'ana')).toBeUndefined();
      expect(await s.takeBallots('r', 'old')).toEqual([]);
      await s.close();
    });

    it('V3 a reveal returns the vote’s ballots and deletes them; closing discards them; both bump the rev', async () => {
      const s = await open();
      await s.castBallot('r', 'v1', 'ana', { a: 3 });
      const { rev } = await s.castBallot('r', 'v1', 'ben', { b: 1, c: 2 });
      const taken = await s.takeBallots('r', 'v1');
      expect(taken).toHaveLength(2);
      expect(taken).toEqual(expect.arrayContaining([{ a: 3 }, { b: 1, c: 2 }]));
      expect(await s.takeBallots('r', 'v1')).toEqual([]);
      expect(await s.getBallot('r', 'v1', 'ana')).toBeUndefined();
      const after = await s.castBallot('r', 'v1', 'ana', { a: 1 });
      expect(after.rev).toBeGreaterThan(rev + 2);
      await s.dropBallots('r');
      expect(await s.getBallot('r', 'v1', 'ana')).toBeUndefined();
      const reopened = await s.castBallot('r', 'v1', 'ben', { a: 1 });
      expect(reopened).toEqual({ voters: 1, rev: expect.any(Number) });
      expect(reopened.rev).toBeGreaterThan(after.rev + 1);
      await s.close();
    });

    it('V4 rooms and votes are isolated: the same key and vote id in another room is another ballot', async () => {
      const s = await open();
      await s.castBallot('r1', 'v1', 'ana', { a: 1 });
      expect((await s.castBallot('r2', 'v1', 'ana', { b: 1 })).voters).toBe(1);
      expect(await s.getBallot('r1', 'v1', 'ana')).toEqual({ a: 1 });
      await s.dropBallots('r2');
      expect(await s.getBallot('r1', 'v1', 'ana')).toEqual({ a: 1 });
      expect(await s.takeBallots('r1', 'v1')).toEqual([{ a: 1 }]);
      await s.close();
    });
  });
}
