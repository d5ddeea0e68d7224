import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { slewMapping, SLEW_MS_PER_S, STEP_MS } from '../../src/index.ts';

const TICK_MS = 25;

/**
 * A scheduler over `minutes` of playing: every tick it measures the mapping (truth + error), slews,
 * and schedules the beats that fall in the tick with the applied mapping. The truth drifts at
 * `ppm`; the measurement is off by bounded noise and by an estimate that shifts on each resync.
 */
function simulate(p: { ppm: number; noiseMs: number; shiftMs: number; resyncS: number; bpm: number; minutes: number; seed: number }) {
  let s = p.seed >>> 0;
  const rnd = (): number => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32) * 2 - 1;
  const truthAt = (ms: number): number => 5_000 + ms * p.ppm * 1e-6;
  let shift = 0;
  let applied: number | undefined;
  const beatMs = 60_000 / p.bpm;
  const clicks: { at: number; applied: number; truth: number }[] = [];
  let steps = 0;
  let nextBeat = 0;
  for (let t = 0; t < p.minutes * 60_000; t += TICK_MS) {
    if (t % (p.resyncS * 1000) < TICK_MS) shift = rnd() * p.shiftMs;
    const target = truthAt(t) + shift + rnd() * p.noiseMs;
    const r = slewMapping(applied, target, TICK_MS);
    if (r.stepped && applied !== undefined) steps++;
    applied = r.applied;
    for (; nextBeat < t + TICK_MS; nextBeat += beatMs) clicks.push({ at: nextBeat, applied, truth: truthAt(nextBeat) });
  }
  return { clicks, steps };
}

describe('A4 drift correction', () => {
  it('A4 with nothing scheduled the mapping re-anchors exactly; a gap over STEP_MS closes at once; smaller gaps slew', () => {
    expect(slewMapping(undefined, 123.4, 0)).toEqual({ applied: 123.4, stepped: true });
    expect(slewMapping(0, STEP_MS + 0.1, 25)).toEqual({ applied: STEP_MS + 0.1, stepped: true });
    const r = slewMapping(0, 5, 1000);
    expect(r.stepped).toBe(false);
    expect(r.applied).toBeCloseTo(SLEW_MS_PER_S, 9);
    expect(slewMapping(0, 0.01, 1000).applied).toBe(0.01);
  });

  it('A4 a drifting clock and a noisy, shifting estimate: every click within the estimate’s error, no correction over 1 ms per second between clicks, no jump', () => {
    fc.assert(
      fc.property(
        fc.record({
          ppm: fc.double({ min: -500, max: 500, noNaN: true }), // real crystals: tens of ppm
          noiseMs: fc.double({ min: 0, max: 1, noNaN: true }),
          shiftMs: fc.double({ min: 0, max: 3, noNaN: true }),
          resyncS: fc.constantFrom(5, 10, 30),
          bpm: fc.double({ min: 40, max: 240, noNaN: true }),
          minutes: fc.constantFrom(2, 10),
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        }),
        (p) => {
          const { clicks, steps } = simulate(p);
          expect(steps).toBe(0);
          const measurementError = p.noiseMs + p.shiftMs;
          // Applied can trail the truth by one tick of drift on top of what the measurement gets wrong.
          const bound = measurementError + (Math.abs(p.ppm) * 1e-6 + SLEW_MS_PER_S / 1000) * TICK_MS + 1e-9;
          let worst = 0;
          for (const [i, c] of clicks.entries()) {
            worst = Math.max(worst, Math.abs(c.applied - c.truth));
            const prev = clicks[i - 1];
            if (prev) {
              // The interval between two clicks differs from the model's by at most the slew over it.
              const correction = Math.abs(c.applied - prev.applied);
              expect(correction).toBeLessThanOrEqual((SLEW_MS_PER_S * (c.at - prev.at + TICK_MS)) / 1000 + 1e-9);
            }
          }
          expect(worst).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('A4 without correction the same 100 ppm drift leaves a 10-minute session 60 ms off the beat', () => {
    // Why the mapping must follow the clock: anchored once at the start, the error grows with time.
    const drift = 100e-6 * 10 * 60_000;
    expect(drift).toBeCloseTo(60, 6);
    const { clicks } = simulate({ ppm: 100, noiseMs: 0, shiftMs: 0, resyncS: 10, bpm: 120, minutes: 10, seed: 1 });
    const last = clicks.at(-1)!;
    expect(Math.abs(last.applied - last.truth)).toBeLessThan(0.05);
  });
});
