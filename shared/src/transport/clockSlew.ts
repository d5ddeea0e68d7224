/**
 * Keeping a long session on the beat without audible jumps (A4 in SPEC.md).
 *
 * A click for server time S is scheduled at context time (S − M) / 1000, where the mapping
 * M = server ms − context ms is the sum of two estimates that move while the transport plays: the
 * server-clock offset (re-estimated on every resync; two machines' crystals drift apart by tens of
 * ppm) and the audio clock's offset to `performance.now()`. This module is the rule for the first:
 * using the newest estimate for each click as it is scheduled would turn every re-estimate into a
 * jump between two consecutive clicks, with nothing audible to excuse it.
 *
 * So the offset used for scheduling (`applied`) follows the estimate (`target`) at a bounded
 * rate, {@link SLEW_MS_PER_S} per second of playing: 0.1 %, far below the tempo difference anyone
 * hears, and many times the drift of any real clock, so it catches up. Only clicks not yet
 * scheduled get the new value; a queued or sounding click never moves. When the gap is too big to
 * slew away in reasonable time (over {@link STEP_MS}: the server restarted, a laptop woke up), it
 * is closed at once for the clicks to come — one audible correction is better than many bars off
 * the beat. With nothing scheduled (stopped, or every queued click cancelled) the offset is
 * re-anchored exactly: nobody hears that.
 */

/** Largest change of the applied mapping per second of playing. */
export const SLEW_MS_PER_S = 1;
/** A gap larger than this is closed at once rather than slewed. */
export const STEP_MS = 10;

export interface SlewStep {
  /** The mapping to schedule the next clicks with (ms). */
  readonly applied: number;
  /** Whether it jumped to the target (re-anchored) rather than slewing. */
  readonly stepped: boolean;
}

/**
 * The applied mapping after `elapsedMs` of playing, given the one before (`undefined`: nothing is
 * scheduled, re-anchor) and the newest measurement `target`.
 */
export function slewMapping(applied: number | undefined, target: number, elapsedMs: number): SlewStep {
  if (applied === undefined || !Number.isFinite(applied) || Math.abs(target - applied) > STEP_MS) return { applied: target, stepped: true };
  const room = SLEW_MS_PER_S * (Math.max(0, elapsedMs) / 1000);
  const gap = target - applied;
  return { applied: Math.abs(gap) <= room ? target : applied + Math.sign(gap) * room, stepped: false };
}
