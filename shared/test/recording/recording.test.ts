import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barStartTicks,
  CALIBRATION,
  positionToSeconds,
  ticksToSeconds,
  fileTimeAt,
  measureRoundTrip,
  playedAtServerMs,
  punchIn,
  punchOutServerMs,
  PUNCH_IN_MARGIN_MS,
  roundTripSeconds,
  takePeaks,
  takePlacement,
  takeSection,
  ticks,
  type TempoTimeline,
  type TransportState,
} from '../../src/index.ts';
import { timelineOf } from '../tempo/sketch.ts';

const T0 = 1_700_000_000_000;
const song = timelineOf([
  { name: 'Intro', bars: 2, bpm: 120, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
  { name: 'Verse', bars: 4, bpm: 90, meterNumerator: 3, meterDenominator: 4, ramp: 'none' },
]);
const playing = (tl: TempoTimeline, fromTicks: number, loop?: TransportState['loop']): TransportState => ({
  playback: { playing: true, fromTicks: ticks(fromTicks), startServerMs: T0, countInBars: 1 },
  loop,
});

describe('round trip (R1, R2)', () => {
  it('R1 without a calibration the round trip is the reported output plus input latency, clamped', () => {
    expect(roundTripSeconds({ outputSeconds: 0.04, inputSeconds: 0.01 })).toBeCloseTo(0.05, 12);
    expect(roundTripSeconds({ outputSeconds: -1, inputSeconds: Number.NaN })).toBe(0);
    expect(roundTripSeconds({ outputSeconds: 5, inputSeconds: 5 })).toBe(1);
  });

  it('R1 a calibration replaces the reported latencies', () => {
    expect(roundTripSeconds({ outputSeconds: 0.04, inputSeconds: 0.01 }, { roundTripSeconds: 0.123, measuredAt: 0, clicks: 8 })).toBe(
      0.123,
    );
  });

  it('R2 the round trip is the median delay from each click to its echo, whatever the delay', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.002, max: 0.49, noNaN: true }),
        fc.array(fc.double({ min: -0.0004, max: 0.0004, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (rt, jitter) => {
          const clicks = Array.from({ length: 8 }, (_, i) => 1 + i * 0.5);
          const onsets = clicks.map((c, i) => c + rt + jitter[i]!);
          const r = measureRoundTrip(clicks, onsets);
          expect(r.ok).toBe(true);
          if (r.ok) expect(Math.abs(r.roundTripSeconds - rt)).toBeLessThanOrEqual(0.0004 + 1e-9);
        },
      ),
    );
  });

  it('R2 a calibration that hears fewer than half of the clicks fails as not heard', () => {
    const clicks = [1, 1.5, 2, 2.5, 3, 3.5];
    expect(measureRoundTrip(clicks, [1.05, 1.55])).toMatchObject({ ok: false, reason: 'not_heard', heard: 2 });
    expect(measureRoundTrip(clicks, [])).toMatchObject({ ok: false, reason: 'not_heard' });
  });

  it('R2 echoes that wander more than the allowed spread fail as unsteady', () => {
    const clicks = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5];
    const onsets = clicks.map((c, i) => c + 0.05 + (i % 2 ? 0.02 : 0));
    const r = measureRoundTrip(clicks, onsets);
    expect(r).toMatchObject({ ok: false, reason: 'unsteady' });
    if (!r.ok) expect(r.spreadSeconds).toBeGreaterThan(CALIBRATION.maxSpreadSeconds);
  });
});

describe('placement (R3)', () => {
  it('R3 a perfectly played note on any beat lands on that beat in the stored file', () => {
    // A perfect player's note on a beat is heard with that beat's click and captured one round trip
    // later on the context clock; file time is context time minus the first frame's.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (fromBar, rt, mapping, preRoll) => {
          const state = playing(song, barStartTicks(song, fromBar));
          const s0 = ticksToSeconds(song, barStartTicks(song, fromBar));
          const capturedAt = (songSeconds: number): number => (T0 + (songSeconds - s0) * 1000 - mapping) / 1000 + rt;
          const c0 = capturedAt(s0) - preRoll;
          const from = punchIn(song, state, T0, false)!;
          expect(from).toMatchObject({ bar: fromBar, beat: 1, serverMs: T0 });
          const anchor = takePlacement(from, c0, rt, mapping);
          for (let bar = fromBar; bar <= 6; bar++) {
            const beatSeconds = positionToSeconds(song, { bar, beat: 2, tick: 0 });
            expect(fileTimeAt(song, anchor, beatSeconds)).toBeCloseTo(capturedAt(beatSeconds) - c0, 6);
          }
        },
      ),
    );
  });

  it('R4 from a start point between beats the take punches in on the next beat', () => {
    const from = punchIn(song, playing(song, barStartTicks(song, 1) + 100), T0, false)!;
    expect(from).toMatchObject({ bar: 1, beat: 2 });
  });

  it('R4 into running playback the take punches in on the next downbeat at least the margin away, inside a loop too', () => {
    const loop = { startBar: 1, endBar: 3 };
    const state = playing(song, 0, loop);
    // Passes of 4 s (2 bars of 4/4 at 120): asked at 11 s (bar 2 of the third pass), the next
    // downbeat a margin away is the fourth pass's bar 1, at 12 s; it ends with that pass, at 16 s.
    const from = punchIn(song, state, T0 + 11_000 + PUNCH_IN_MARGIN_MS, true)!;
    expect(from).toMatchObject({ bar: 1, beat: 1, serverMs: T0 + 12_000 });
    expect(punchOutServerMs(song, state, from)).toBeCloseTo(T0 + 16_000, 6);
  });

  it('R3 every frame maps back to the server time it was played at', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (c, rt) => {
        expect(playedAtServerMs(c, rt, T0)).toBeCloseTo(T0 + (c - rt) * 1000, 6);
      }),
    );
  });

  it('R4 a stopped transport has nothing to punch in on', () => {
    const stopped: TransportState = {
      playback: { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 },
      loop: undefined,
    };
    expect(punchIn(song, stopped, 0, false)).toBeUndefined();
  });
});

describe('punch out (R4)', () => {
  it('R4 inside the loop the take ends at the loop end; outside it, at the end of its section', () => {
    const loop = { startBar: 1, endBar: 2 };
    const at = (state: TransportState) => punchOutServerMs(song, state, punchIn(song, state, T0, false)!);
    expect(at(playing(song, 0, loop))).toBeCloseTo(T0 + 2000, 6);
    // Intro: 2 bars of 4/4 at 120 = 4 s.
    expect(at(playing(song, 0))).toBeCloseTo(T0 + 4000, 6);
    // From bar 3 (the verse: 4 bars of 3/4 at 90 = 8 s), the loop is behind: the section's end.
    expect(at(playing(song, barStartTicks(song, 3), loop))).toBeCloseTo(T0 + 8000, 6);
    expect(takeSection(song, punchIn(song, playing(song, barStartTicks(song, 3)), T0, false)!)).toBe('Verse');
  });
});

describe('peaks (R5)', () => {
  it('R5 at most 400 levels in 0–1, the loudest sample of each stretch on any channel', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 3000 }), (xs) => {
        const a = Float32Array.from(xs);
        const b = Float32Array.from(xs.map((x) => -x / 2));
        const peaks = takePeaks([a, b]);
        expect(peaks.length).toBe(Math.min(400, xs.length));
        for (const p of peaks) expect(p >= 0 && p <= 1).toBe(true);
        expect(Math.max(...peaks)).toBeCloseTo(Math.min(1, Math.max(...xs.map((x) => Math.abs(Math.fround(x))))), 6);
      }),
    );
  });
});
