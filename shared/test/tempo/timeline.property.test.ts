import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barStartSeconds,
  beatGrid,
  positionToSeconds,
  secondsToPosition,
  secondsToTicks,
  ticks,
  ticksToSeconds,
  seconds,
} from '../../src/index.ts';
import { timelineOf } from './sketch.ts';
import { tempoMap } from './arbitraries.ts';

describe('T4 position ↔ seconds over random maps with ramps and meter changes', () => {
  it('T4.2 ticks→seconds is strictly increasing and secondsToTicks inverts it within 1 µs', () => {
    fc.assert(
      fc.property(tempoMap(), fc.array(fc.double({ min: -0.2, max: 1.2, noNaN: true }), { minLength: 2, maxLength: 30 }), (map, fracs) => {
        const tl = timelineOf(map);
        const xs = fracs.map((f) => f * tl.totalTicks).sort((a, b) => a - b);
        let prev = -Infinity;
        let prevX = -Infinity;
        for (const x of xs) {
          const s = ticksToSeconds(tl, ticks(x));
          if (x > prevX) expect(s).toBeGreaterThan(prev);
          expect(Math.abs(ticksToSeconds(tl, secondsToTicks(tl, s)) - s)).toBeLessThan(1e-6);
          prev = s;
          prevX = x;
        }
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('T4.2 positionToSeconds(secondsToPosition(s)) = s within 1 µs, and bar starts are increasing', () => {
    fc.assert(
      fc.property(tempoMap(), fc.double({ min: -5, max: 1.1, noNaN: true }), (map, f) => {
        const tl = timelineOf(map);
        const s = seconds(f * tl.totalSeconds);
        expect(Math.abs(positionToSeconds(tl, secondsToPosition(tl, s)) - s)).toBeLessThan(1e-6);
        for (let b = 0; b <= tl.totalBars + 1; b++) expect(barStartSeconds(tl, b + 1)).toBeGreaterThan(barStartSeconds(tl, b));
        expect(barStartSeconds(tl, tl.totalBars + 1)).toBeCloseTo(tl.totalSeconds, 9);
      }),
      { seed: 4243, numRuns: 300 },
    );
  });

  it('T5.2 the beat grid over the whole song has every beat once, downbeats on bar starts', () => {
    fc.assert(
      fc.property(tempoMap(4, 6), (map) => {
        const tl = timelineOf(map);
        const grid = beatGrid(tl, seconds(0), tl.totalSeconds);
        const expected = map.reduce((n, s) => n + s.bars * s.meterNumerator, 0);
        expect(grid).toHaveLength(expected);
        expect(grid.filter((b) => b.isDownbeat)).toHaveLength(tl.totalBars);
        grid.forEach((b, i) => {
          if (i > 0) expect(b.seconds).toBeGreaterThan(grid[i - 1]!.seconds);
          if (b.isDownbeat) expect(b.seconds).toBeCloseTo(barStartSeconds(tl, b.bar), 9);
        });
      }),
      { seed: 4244, numRuns: 200 },
    );
  });
});
