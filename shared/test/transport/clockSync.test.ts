import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import {
  encodeClockPing,
  encodeClockPong,
  estimateClock,
  isClockSettled,
  MESSAGE,
  readClockBody,
  SETTLE_TIMEOUT_MS,
  type ClockSample,
} from '../../src/index.ts';

/** One exchange with a true offset and one-way delays `up` and `down`. */
const exchange = (t0: number, trueOffset: number, up: number, down: number, serverWork = 0.05): ClockSample => {
  const t1 = t0 + up + trueOffset;
  const t2 = t1 + serverWork;
  return { t0, t1, t2, t3: t2 - trueOffset + down };
};

describe('C clock estimation', () => {
  it('C1 symmetric delays give the exact offset', () => {
    const est = estimateClock([exchange(1000, 12_345.678, 20, 20)]);
    expect(est?.offsetMs).toBeCloseTo(12_345.678, 9);
    expect(est?.uncertaintyMs).toBeCloseTo(20, 9);
  });

  it('C2 the estimate is bounded by the samples’ delays (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true })), {
          minLength: 1,
          maxLength: 20,
        }),
        (offset, delays) => {
          const samples = delays.map(([up, down], i) => exchange(i * 1000, offset, up, down));
          const est = estimateClock(samples)!;
          // Whatever the mix, the estimate stays inside the worst kept sample's hard bound.
          expect(Math.abs(est.offsetMs - offset)).toBeLessThanOrEqual(100 + 1e-6 * Math.max(1, Math.abs(offset)));
          expect(est.uncertaintyMs).toBeLessThanOrEqual(est.bestDelayMs / 2 + 1e-9);
        },
      ),
      { seed: 3 },
    );
  });

  it('C3 with 40 ms ± 15 ms jitter each way, 100 samples land within 2 ms (200 seeded trials)', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const samples = Array.from({ length: 100 }, (_, i) => exchange(i * 50, -777.25, 40 + (rnd() * 30 - 15), 40 + (rnd() * 30 - 15)));
      expect(Math.abs(estimateClock(samples)!.offsetMs - -777.25)).toBeLessThan(2);
    }
  });

  it('C3 congestion spikes on one direction are filtered out', () => {
    const calm = Array.from({ length: 40 }, (_, i) => exchange(i * 50, 500, 10 + (i % 5) * 0.2, 10 + ((i + 2) % 5) * 0.2));
    const spiky = Array.from({ length: 20 }, (_, i) => exchange(3000 + i * 50, 500, 10 + 200, 10));
    expect(Math.abs(estimateClock([...calm, ...spiky])!.offsetMs - 500)).toBeLessThan(0.5);
  });

  it('C4 impossible samples are ignored', () => {
    expect(estimateClock([{ t0: 10, t1: 5, t2: 4, t3: 9 }])).toBeNull();
    expect(estimateClock([])).toBeNull();
  });
});

describe('C clock messages', () => {
  it('C5 ping and pong round-trip through their encoding', () => {
    const read = (bytes: Uint8Array) => {
      const d = decoding.createDecoder(bytes);
      expect(decoding.readVarUint(d)).toBe(MESSAGE.clock);
      return readClockBody(d);
    };
    expect(read(encodeClockPing(123.456))).toEqual({ kind: 'ping', t0: 123.456 });
    expect(read(encodeClockPong({ t0: 1, t1: 2.5, t2: 3.25 }))).toEqual({ kind: 'pong', t0: 1, t1: 2.5, t2: 3.25 });
  });

  it('C5 malformed clock messages are refused', () => {
    const bad = [new Uint8Array([MESSAGE.clock, 9]), encodeClockPing(1).slice(0, 5), new Uint8Array([...encodeClockPing(1), 0])];
    for (const b of bad) {
      const d = decoding.createDecoder(b);
      decoding.readVarUint(d);
      expect(() => readClockBody(d)).toThrow();
    }
    const nan = encodeClockPing(Number.NaN);
    const d = decoding.createDecoder(nan);
    decoding.readVarUint(d);
    expect(() => readClockBody(d)).toThrow();
  });
});

describe('C8 when the transport may sound', () => {
  const est = (bestDelayMs: number, uncertaintyMs = 0.5) => ({ offsetMs: 0, uncertaintyMs, bestDelayMs, samples: 8 });

  it('C8 a fast round trip settles the clock at once', () => {
    expect(isClockSettled(est(4), 0, 0)).toBe(true);
    expect(isClockSettled(est(10), 10, 10)).toBe(true);
  });

  it('C8 slow round trips with a tight spread are not trusted until the settle burst has had its time', () => {
    // Pongs stamped late by a busy page: all slow, all alike — a small spread that proves nothing.
    expect(isClockSettled(est(80, 0.3), 200, 200)).toBe(false);
    expect(isClockSettled(est(80, 0.3), SETTLE_TIMEOUT_MS - 1, 5000)).toBe(false);
    expect(isClockSettled(est(80, 0.3), SETTLE_TIMEOUT_MS, 5000)).toBe(true);
  });

  it('C8 without any estimate the machine clock is used after the same wait', () => {
    expect(isClockSettled(null, undefined, SETTLE_TIMEOUT_MS - 1)).toBe(false);
    expect(isClockSettled(null, undefined, SETTLE_TIMEOUT_MS)).toBe(true);
  });

  it('C8 settled is monotonic in time (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.nat(10_000), fc.nat(10_000), (delay, t, dt) => {
        if (isClockSettled(est(delay), t, t)) expect(isClockSettled(est(delay), t + dt, t + dt)).toBe(true);
      }),
    );
  });
});
