import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenBucket } from '../../src/sync/tokenBucket.ts';

describe('B4 token bucket', () => {
  it('B4 whatever the pattern of uses, what is taken without waiting never exceeds burst + rate × time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 50 }), n: fc.integer({ min: 1, max: 200 }) }), { maxLength: 200 }),
        (rate, burst, uses) => {
          let now = 0;
          const bucket = new TokenBucket(rate, burst, () => now);
          let taken = 0;
          for (const u of uses) {
            now += u.dt;
            const wait = bucket.take(u.n);
            taken += u.n;
            // A connection honouring the wait (the server stops reading) resumes at zero balance.
            now += wait;
            expect(taken).toBeLessThanOrEqual(burst + (rate * now) / 1000 + 1e-6);
          }
        },
      ),
      { seed: Number(process.env.FC_SEED ?? 11) },
    );
  });

  it('B4 a full bucket lets a burst through at once and then asks for the time the debt takes to repay', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 50, () => now);
    expect(bucket.take(50)).toBe(0);
    expect(bucket.take(10)).toBeCloseTo(100);
    now += 100;
    expect(bucket.balance).toBeCloseTo(0);
    now += 10_000;
    expect(bucket.balance).toBe(50);
  });
});
