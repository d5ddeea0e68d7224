import { describe, expect, it } from 'vitest';
import { voteOutcome, type Vote } from '../../src/index.ts';

const VOTE: Vote = {
  id: 'v1',
  title: 'Which ideas next?',
  targets: [
    { id: 'a', label: 'Half-time chorus' },
    { id: 'b', label: 'Shuffle verse' },
    { id: 'c', label: 'Key change' },
  ],
  budget: 2,
  stack: false,
};

describe('F8 the revealed outcome', () => {
  it('F8 the option with the most dots wins; ties all win; every option is listed, zero included', () => {
    const one = voteOutcome(VOTE, { voteId: 'v1', voters: 2, counts: { a: 1, b: 2, c: 0 } });
    expect([...one]).toEqual([
      ['a', { dots: 1, winner: false }],
      ['b', { dots: 2, winner: true }],
      ['c', { dots: 0, winner: false }],
    ]);
    const tie = voteOutcome(VOTE, { voteId: 'v1', voters: 2, counts: { a: 2, b: 2 } });
    expect([...tie.values()].map((o) => o.winner)).toEqual([true, true, false]);
  });

  it('F8 nothing wins when nobody placed a dot, and nothing shows before the reveal or for another vote', () => {
    expect([...voteOutcome(VOTE, { voteId: 'v1', voters: 0, counts: {} }).values()].some((o) => o.winner)).toBe(false);
    expect(voteOutcome(VOTE, null).size).toBe(0);
    expect(voteOutcome(VOTE, { voteId: 'old', voters: 3, counts: { a: 3 } }).size).toBe(0);
    expect(voteOutcome(null, { voteId: 'v1', voters: 3, counts: { a: 3 } }).size).toBe(0);
  });
});
