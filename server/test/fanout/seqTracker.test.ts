import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeqTracker } from '../../src/fanout/SeqTracker.ts';
import { decodeFanoutMessage, encodeFanoutMessage } from '../../src/fanout/fanoutMessages.ts';

describe('M seq tracking for fan-out catch-up', () => {
  it('M6 contiguous coverage only advances over seqs that are all in, whatever order ranges arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        fc.integer({ min: 0, max: 29 }),
        (sizes, seed, dropAt) => {
          const ranges: Array<[number, number]> = [];
          let next = 11;
          for (const n of sizes) {
            ranges.push([next, next + n - 1]);
            next += n;
          }
          const shuffled = fc.sample(fc.shuffledSubarray(ranges, { minLength: ranges.length }), { seed, numRuns: 1 })[0]!;
          const dropped = ranges[dropAt % ranges.length]!;
          const t = new SeqTracker(10);
          for (const r of shuffled) if (r !== dropped) t.add(r[0], r[1]);
          expect(t.contiguous).toBe(dropped[0] - 1);
          expect(t.hasGap).toBe(dropped !== ranges[ranges.length - 1]);
          t.add(dropped[0], dropped[1]);
          expect(t.contiguous).toBe(next - 1);
          expect(t.hasGap).toBe(false);
        },
      ),
    );
  });

  it('M6 reading the store up to a seq closes the gaps before it', () => {
    const t = new SeqTracker(5);
    t.add(9, 10);
    t.add(14, 15);
    t.advanceTo(12);
    expect(t.contiguous).toBe(12);
    expect(t.hasGap).toBe(true);
    t.advanceTo(13);
    expect(t.contiguous).toBe(15);
    expect(t.hasGap).toBe(false);
  });

  it('M6 fan-out messages round-trip, and malformed or unknown ones decode to null', () => {
    const updates = [new Uint8Array([1, 2, 3]), new Uint8Array([4]), new Uint8Array([])];
    const bytes = encodeFanoutMessage('node-a', { type: 'update', from: 7, to: 9, updates, sentAt: 1234.5 });
    expect(decodeFanoutMessage(bytes)).toEqual({ instance: 'node-a', msg: { type: 'update', from: 7, to: 9, updates, sentAt: 1234.5 } });
    // A count that disagrees with the seq range is malformed.
    expect(decodeFanoutMessage(encodeFanoutMessage('a', { type: 'update', from: 7, to: 8, updates, sentAt: 0 }))).toBeNull();
    expect(decodeFanoutMessage(encodeFanoutMessage('b', { type: 'awarenessQuery' }))).toEqual({
      instance: 'b',
      msg: { type: 'awarenessQuery' },
    });
    expect(decodeFanoutMessage(bytes.slice(0, 5))).toBeNull();
    expect(decodeFanoutMessage(new Uint8Array([1, 65, 9]))).toBeNull();
  });
});
