/**
 * The tempo between two tempo points, in closed form (SPEC.md T3).
 *
 * A segment plays `length` quarter notes while the tempo goes from `startBpm` to `endBpm` by one of
 * three shapes:
 *
 * - `jump`: the tempo holds at `startBpm` (`endBpm` is ignored); t(q) = 60·q/v0.
 * - `ramp`: the tempo is **linear in quarter notes** (what DAWs draw on a bar/beat axis), so with
 *   v(q) = v0 + (v1 − v0)·q/L and dt/dq = 60/v(q):
 *
 *     t(q) = 60·L/(v1 − v0) · ln(v(q)/v0)          duration T = 60·L/(v1 − v0) · ln(v1/v0)
 *     q(t) = L·v0/(v1 − v0) · (exp(t·(v1 − v0)/(60·L)) − 1)
 *
 *   Written with `log1p`/`expm1` of x = (v1 − v0)/v0 so that a flat or tiny ramp neither divides
 *   by zero nor cancels: t(q) = (60·q/v0)·ln(1+u)/u with u = x·q/L.
 * - `timeRamp`: the tempo is linear in **seconds** (Riffboard's ramps before schema v3, kept so a
 *   migrated room sounds exactly as it did): see `tempoMath.ts` for its integral and inverse.
 *
 * Everything here is segment-local (t = 0, q = 0 at the segment start); `timeline.ts` places segments.
 */
import { quartersAtTime, rampDuration, tempoAtTime, timeAtQuarters } from './tempoMath.ts';
import { bpm, quarters, seconds, type Bpm, type Quarters, type Seconds } from './units.ts';

export const TEMPO_SHAPES = ['jump', 'ramp', 'timeRamp'] as const;
/** How the tempo moves from a point to the next one (see the module header). */
export type TempoShape = (typeof TEMPO_SHAPES)[number];

/** One stretch of constant or ramping tempo over `length` quarter notes. */
export interface TempoCurve {
  readonly startBpm: Bpm;
  /** The tempo reached at the end; equal to `startBpm` for a jump. */
  readonly endBpm: Bpm;
  readonly length: Quarters;
  readonly shape: TempoShape;
}

/** ln(1+u)/u, continuous at 0. */
const log1pRatio = (u: number): number => (Math.abs(u) < 1e-9 ? 1 - u / 2 : Math.log1p(u) / u);
/** (e^y − 1)/y, continuous at 0. */
const expm1Ratio = (y: number): number => (Math.abs(y) < 1e-9 ? 1 + y / 2 : Math.expm1(y) / y);

const flat = (c: TempoCurve): boolean => c.shape === 'jump' || c.startBpm === c.endBpm || !(c.length > 0);

/** Seconds from the segment start until `q` quarter notes have played (q ≥ 0; ramps hold past their end). */
export function curveTimeAt(c: TempoCurve, q: Quarters): Seconds {
  if (flat(c)) return seconds((60 * q) / c.startBpm);
  if (c.shape === 'timeRamp') {
    if (q <= c.length) return timeAtQuarters(c, q);
    return seconds(rampDuration(c) + (60 * (q - c.length)) / c.endBpm);
  }
  if (q > c.length) return seconds(curveTimeAt(c, c.length) + (60 * (q - c.length)) / c.endBpm);
  const x = (c.endBpm - c.startBpm) / c.startBpm;
  return seconds(((60 * q) / c.startBpm) * log1pRatio((x * q) / c.length));
}

/** Duration of the whole segment. */
export function curveDuration(c: TempoCurve): Seconds {
  return curveTimeAt(c, c.length);
}

/** Quarter notes played `t` seconds after the segment start (t ≥ 0); inverse of {@link curveTimeAt}. */
export function curveQuartersAt(c: TempoCurve, t: Seconds): Quarters {
  if (flat(c)) return quarters((t * c.startBpm) / 60);
  const T = curveDuration(c);
  if (t > T) return quarters(c.length + ((t - T) * c.endBpm) / 60);
  if (c.shape === 'timeRamp') return quartersAtTime(c, t);
  const y = ((c.endBpm - c.startBpm) * t) / (60 * c.length);
  return quarters(Math.min(c.length, ((c.startBpm * t) / 60) * expm1Ratio(y)));
}

/** The instantaneous tempo `q` quarter notes into the segment (holding `endBpm` past its end). */
export function curveTempoAt(c: TempoCurve, q: Quarters): Bpm {
  if (flat(c)) return c.startBpm;
  if (q >= c.length) return c.endBpm;
  if (q <= 0) return c.startBpm;
  if (c.shape === 'timeRamp') return tempoAtTime(c, timeAtQuarters(c, q));
  return bpm(c.startBpm + ((c.endBpm - c.startBpm) * q) / c.length);
}
