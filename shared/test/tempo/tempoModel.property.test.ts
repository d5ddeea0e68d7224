import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barStartTicks,
  beatGrid,
  buildTimeline,
  curveDuration,
  meterAtBar,
  positionToTicks,
  PPQ,
  quarters,
  bpm,
  seconds,
  secondsToTicks,
  tempoAtTicks,
  ticks,
  ticksToPosition,
  ticksToSeconds,
  type TempoMapData,
} from '../../src/index.ts';
import { fullTempoMap } from './arbitraries.ts';

/**
 * Seconds from 0 to tick t by numerical integration of 60/tempo over quarters (Simpson on each
 * stretch between points, where the tempo is smooth), independent of the closed forms.
 */
function integrated(map: TempoMapData, t: number): number {
  const tl = buildTimeline(map);
  const cuts = [0, ...tl.tempo.map((s) => s.startTicks).filter((x) => x > 0 && x < t), t];
  let total = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c]!;
    const h = (cuts[c + 1]! - a) / 400;
    let sum = 0;
    for (let k = 0; k <= 400; k++) {
      const w = k === 0 || k === 400 ? 1 : k % 2 === 1 ? 4 : 2;
      // Sample just inside the stretch so a jump at its end is not read.
      const x = Math.min(a + k * h, cuts[c + 1]! - 1e-9);
      sum += w * (60 / tempoAtTicks(tl, ticks(Math.max(a, x))));
    }
    total += ((h / 3) * sum) / PPQ;
  }
  return total;
}

describe('T3 tempo curves in closed form', () => {
  it('T3.4 a ramp linear in quarter notes from b0 to b1 over L quarters lasts 60·L/(b1−b0)·ln(b1/b0)', () => {
    expect(curveDuration({ startBpm: bpm(100), endBpm: bpm(140), length: quarters(16), shape: 'ramp' })).toBeCloseTo(
      ((60 * 16) / 40) * Math.log(1.4),
      12,
    );
    const tl = buildTimeline({
      sections: [{ name: 'S', bars: 5 }],
      meters: [],
      points: [
        { bar: 1, beat: 1, tick: 0, bpm: 100, shape: 'ramp' },
        { bar: 5, beat: 1, tick: 0, bpm: 140, shape: 'jump' },
      ],
    });
    // Halfway in quarters the tempo is halfway: 120 BPM at beat 9.
    expect(tempoAtTicks(tl, ticks(8 * PPQ))).toBeCloseTo(120, 12);
    expect(ticksToSeconds(tl, ticks(16 * PPQ))).toBeCloseTo(24 * Math.log(1.4), 12);
    expect(ticksToSeconds(tl, ticks(8 * PPQ))).toBeCloseTo(24 * Math.log(1.2), 12);
  });

  it('T3.5 property: ticks→seconds equals the numerical integral of 60/tempo for any points and shapes (within 10 µs)', () => {
    fc.assert(
      fc.property(fullTempoMap(12), fc.double({ min: 0, max: 1, noNaN: true }), (map, f) => {
        const t = f * 12 * 4 * PPQ;
        expect(Math.abs(ticksToSeconds(buildTimeline(map), ticks(t)) - integrated(map, t))).toBeLessThan(1e-5);
      }),
      { seed: 3005, numRuns: 60 },
    );
  });

  it('T3.6 property: time and tempo are continuous at every point a ramp ends at', () => {
    fc.assert(
      fc.property(fullTempoMap(), (map) => {
        const tl = buildTimeline(map);
        tl.tempo.forEach((seg, i) => {
          const next = tl.tempo[i + 1];
          if (!next) return;
          const eps = 1e-6;
          expect(Math.abs(ticksToSeconds(tl, ticks(next.startTicks - eps)) - next.startSeconds)).toBeLessThan(1e-6);
          if (seg.shape !== 'jump') expect(tempoAtTicks(tl, ticks(next.startTicks - eps))).toBeCloseTo(next.startBpm, 3);
        });
      }),
      { seed: 3006, numRuns: 300 },
    );
  });
});

describe('T4 positions ↔ seconds with points and meters anywhere', () => {
  it('T4.5 property: seconds are strictly increasing in ticks and secondsToTicks inverts them within 1 µs', () => {
    fc.assert(
      fc.property(
        fullTempoMap(),
        fc.array(fc.double({ min: -2000, max: 60_000, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (map, xs) => {
          const tl = buildTimeline(map);
          const sorted = [...xs].sort((a, b) => a - b);
          let prev = -Infinity;
          let prevX = -Infinity;
          for (const x of sorted) {
            const s = ticksToSeconds(tl, ticks(x));
            if (x > prevX + 1e-6) expect(s).toBeGreaterThan(prev);
            expect(Math.abs(ticksToSeconds(tl, secondsToTicks(tl, seconds(s))) - s)).toBeLessThan(1e-6);
            prev = s;
            prevX = x;
          }
        },
      ),
      { seed: 4005, numRuns: 300 },
    );
  });

  it('T4.6 property: bars follow the meter in force, positions round-trip, and the beat grid has numerator beats per bar', () => {
    fc.assert(
      fc.property(fullTempoMap(), fc.integer({ min: -3, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (map, bar, f) => {
        const tl = buildTimeline(map);
        expect(barStartTicks(tl, bar + 1) - barStartTicks(tl, bar)).toBe(meterAtBar(tl, bar).ticksPerBar);
        const t = barStartTicks(tl, bar) + f * meterAtBar(tl, bar).ticksPerBar;
        const p = ticksToPosition(tl, ticks(t));
        expect(Math.abs(positionToTicks(tl, p) - t)).toBeLessThan(1e-6);
        const grid = beatGrid(tl, ticksToSeconds(tl, barStartTicks(tl, bar)), ticksToSeconds(tl, barStartTicks(tl, bar + 1)));
        expect(grid.map((b) => [b.bar, b.beat])).toEqual(Array.from({ length: meterAtBar(tl, bar).numerator }, (_, i) => [bar, i + 1]));
      }),
      { seed: 4006, numRuns: 300 },
    );
  });
});
