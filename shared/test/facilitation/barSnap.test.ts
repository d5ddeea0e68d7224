import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barStartSeconds, snapEndToBar, ticks, type SectionSketch, type TransportState } from '../../src/index.ts';
import { timelineOf } from '../tempo/sketch.ts';
import { tempoMap } from '../tempo/arbitraries.ts';

const T0 = 1_700_000_000_000;

const playing = (countInBars = 0): TransportState => ({
  playback: { playing: true, fromTicks: ticks(0), startServerMs: T0, countInBars },
  loop: undefined,
});

/** Server times of every bar start of the song, from the bar arithmetic (not the beat grid). */
function barStarts(sections: readonly SectionSketch[]): number[] {
  const tl = timelineOf(sections);
  const out: number[] = [];
  for (let bar = 1; bar <= tl.totalBars; bar++) out.push(T0 + barStartSeconds(tl, bar) * 1000);
  return out;
}

describe('F4 end on the bar', () => {
  it('F4 with ramps and meter changes the end moves to the first bar line at or after the nominal end, and never earlier', () => {
    fc.assert(
      fc.property(tempoMap(5, 8), fc.double({ min: 0, max: 1, noNaN: true }), (sections, frac) => {
        const tl = timelineOf(sections);
        const nominal = T0 + frac * tl.totalSeconds * 1000;
        const starts = barStarts(sections);
        fc.pre(starts.every((s) => Math.abs(s - nominal) > 1e-3));
        const snapped = snapEndToBar(tl, playing(), nominal);
        const expected = starts.find((s) => s >= nominal);
        if (expected === undefined)
          expect(snapped).toBe(nominal); // past the last bar line: the song ends first
        else expect(snapped).toBeCloseTo(expected, 3);
        expect(snapped).toBeGreaterThanOrEqual(nominal);
      }),
      { seed: 412, numRuns: 100 },
    );
  });

  it('F4 a worked example: 4/4 at 120 ramping to 60, then 3/4 — bar lines at 0 s, 2 s, 4.5+ s…', () => {
    const sections: SectionSketch[] = [
      { name: 'A', bars: 2, bpm: 120, meterNumerator: 4, meterDenominator: 4, ramp: 'linear' },
      { name: 'B', bars: 2, bpm: 60, meterNumerator: 3, meterDenominator: 4, ramp: 'none' },
    ];
    const tl = timelineOf(sections);
    // Bar 2 starts while the tempo falls linearly from 120 to 60 over section A (8 quarters):
    // the analytic integral puts it later than 2 s.
    const bar2 = T0 + barStartSeconds(tl, 2) * 1000;
    const bar3 = T0 + barStartSeconds(tl, 3) * 1000;
    expect(bar2).toBeGreaterThan(T0 + 2000);
    expect(snapEndToBar(tl, playing(), T0 + 1)).toBeCloseTo(bar2, 6);
    expect(snapEndToBar(tl, playing(), bar2 + 1)).toBeCloseTo(bar3, 6);
    // Bar 4 (3/4 at 60) is 3 s after bar 3.
    expect(snapEndToBar(tl, playing(), bar3 + 1)).toBeCloseTo(bar3 + 3000, 6);
  });

  it('F4 a count-in bar counts as a bar line; a stopped transport leaves the nominal end', () => {
    const tl = timelineOf([{ name: 'A', bars: 4, bpm: 120, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    expect(snapEndToBar(tl, playing(1), T0 - 1500)).toBe(T0);
    expect(snapEndToBar(tl, playing(1), T0 - 3000)).toBeCloseTo(T0 - 2000, 6);
    const stopped: TransportState = {
      playback: { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 },
      loop: undefined,
    };
    expect(snapEndToBar(tl, stopped, T0 + 123)).toBe(T0 + 123);
  });
});
