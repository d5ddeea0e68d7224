/**
 * From a rendered sample to the moment it is heard (A2, A3 in SPEC.md).
 *
 * A frame's context time is `frame / sampleRate`. `AudioContext.getOutputTimestamp()` pairs a
 * context time with the `performance.now()` at which that frame reaches the output — the
 * browser's own account of its output latency (`outputLatency` included). Each pair gives the
 * offset `performanceTime − contextTime·1000`; pairs are updated once per device buffer and
 * performance time is coarsened, so the median of a few recent pairs is used. The server-clock
 * estimate then takes performance time to server time.
 *
 * Which scheduled click a heard onset is: the one scheduled nearest to it in context time,
 * provided it is within a tolerance — identity comes from the schedule, time from the sound.
 */

/** One `getOutputTimestamp()` reading. */
export interface OutputStamp {
  /** Context time in seconds. */
  readonly contextTime: number;
  /** `performance.now()` (ms) at which the frame at `contextTime` reaches the output. */
  readonly performanceTime: number;
}

/** Whether a stamp is a real reading (Chromium returns zeros before the first device buffer). */
export const isUsableStamp = (s: OutputStamp): boolean =>
  Number.isFinite(s.contextTime) && Number.isFinite(s.performanceTime) && s.contextTime > 0 && s.performanceTime > 0;

/** performance ms − context ms for a frame reaching the output: the median over usable stamps. */
export function outputOffsetMs(stamps: readonly OutputStamp[]): number | undefined {
  const offsets = stamps
    .filter(isUsableStamp)
    .map((s) => s.performanceTime - s.contextTime * 1000)
    .sort((a, b) => a - b);
  if (offsets.length === 0) return undefined;
  const mid = offsets.length >> 1;
  return offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
}

/** When (performance ms) frame `frame` of a context running at `sampleRate` is heard. */
export function frameToPerfMs(frame: number, sampleRate: number, offsetMs: number): number {
  return (frame / sampleRate) * 1000 + offsetMs;
}

/** A click this device scheduled: its time in the shared schedule and on its audio clock. */
export interface ScheduledClick {
  readonly serverMs: number;
  /** Context time (s) it was scheduled at. */
  readonly contextTime: number;
}

/** The scheduled click nearest to an onset at `contextTime` (s), if within `toleranceS`. */
export function matchScheduled<T extends ScheduledClick>(contextTime: number, scheduled: readonly T[], toleranceS: number): T | undefined {
  let best: T | undefined;
  for (const c of scheduled) {
    const d = Math.abs(c.contextTime - contextTime);
    if (d <= toleranceS && (!best || d < Math.abs(best.contextTime - contextTime))) best = c;
  }
  return best;
}
