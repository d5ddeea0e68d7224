/**
 * The analytic tempo curve of one section, in section-local time (T3 in SPEC.md).
 *
 * A section plays `q` quarter notes while its tempo moves from `startBpm` to `endBpm`, **linearly
 * in time**: v(t) = v0 + (v1 − v0)·t/T. Linear in time is what Tone.js's transport does with
 * `bpm.linearRampToValueAtTime`, so the metronome can hand Tone the same ramp and Tone's tick count
 * agrees with this math exactly (its trapezoid integral is exact for a linear curve); a tempo curve
 * drawn on a seconds axis is a straight line. With rates a = v0/60 and b = v1/60 quarters per second:
 *
 *   duration   T    = 2q / (a + b)                  (the average rate is (a + b) / 2)
 *   position   q(t) = a·t + k·t²/2,  k = (b − a)/T
 *   inverse    t(q) = 2q / (a + √(a² + 2kq))       (the root of the quadratic, in a form that
 *                                                   neither cancels nor divides by k, so it is
 *                                                   exact for k = 0 and stable for tiny ramps)
 *
 * Everything here is section-local (t = 0 at the section start); `timeline.ts` places sections.
 */
import { bpm, quarters, seconds, type Bpm, type Quarters, type Seconds } from './units.ts';

/** One tempo ramp (or a constant tempo when `startBpm === endBpm`) over `length` quarter notes. */
export interface TempoRamp {
  readonly startBpm: Bpm;
  readonly endBpm: Bpm;
  readonly length: Quarters;
}

/** How long the ramp lasts. */
export function rampDuration(r: TempoRamp): Seconds {
  return seconds((120 * r.length) / (r.startBpm + r.endBpm));
}

/** Quarter notes elapsed `t` seconds into the ramp (clamped to the ramp). */
export function quartersAtTime(r: TempoRamp, t: Seconds): Quarters {
  const T = rampDuration(r);
  const x = Math.min(Math.max(t, 0), T);
  const a = r.startBpm / 60;
  const k = (r.endBpm - r.startBpm) / 60 / T;
  return quarters(Math.min(r.length, a * x + (k * x * x) / 2));
}

/** Seconds from the ramp start until `q` quarter notes have played (clamped to the ramp). */
export function timeAtQuarters(r: TempoRamp, q: Quarters): Seconds {
  const x = Math.min(Math.max(q, 0), r.length);
  if (x === r.length) return rampDuration(r);
  const a = r.startBpm / 60;
  const k = (r.endBpm - r.startBpm) / 60 / rampDuration(r);
  return seconds((2 * x) / (a + Math.sqrt(Math.max(0, a * a + 2 * k * x))));
}

/** The instantaneous tempo `t` seconds into the ramp (clamped to the ramp). */
export function tempoAtTime(r: TempoRamp, t: Seconds): Bpm {
  const T = rampDuration(r);
  const x = Math.min(Math.max(t, 0), T);
  return bpm(r.startBpm + ((r.endBpm - r.startBpm) * x) / T);
}
