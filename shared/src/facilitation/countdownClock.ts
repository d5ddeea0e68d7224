/**
 * When a screen may show the countdown's time left (F12 in this folder's SPEC).
 *
 * Time left is read off this tab's estimate of the server clock (F3). A tab that has just joined,
 * or whose page was starved of CPU while its first clock pongs came back, holds an estimate whose
 * proven bound (transport C9) can be seconds wide: showing a number from it would show a wrong
 * number. So the countdown uses the estimate only once it is settled the way the transport's is
 * (C8) and its bound is finer than what the countdown shows; until then the screen says it is
 * syncing its clock. A paused countdown does not depend on the clock and always shows.
 */
import type { ClockEstimate } from '../transport/clockSync.ts';

/** The widest clock bound the countdown is shown on: well under the whole second it displays. */
export const COUNTDOWN_CLOCK_BOUND_MS = 250;

/**
 * Whether the countdown may show time left on this clock estimate. `settled` is the transport's
 * C8 verdict for the same estimate; no estimate at all (a server that answers no pings) is
 * this machine's own clock, which C8 accepts after its timeout and so does the countdown.
 * `shownBefore`: this tab already showed it on this connection's estimate; then only the bound
 * matters, so a bound that loosens for a moment (a window of samples restarting) doesn't blank a
 * countdown people are reading.
 */
export function countdownClockReady(running: boolean, settled: boolean, estimate: ClockEstimate | null, shownBefore = false): boolean {
  if (!running) return true;
  if (!settled && !shownBefore) return false;
  return estimate === null || estimate.uncertaintyMs <= COUNTDOWN_CLOCK_BOUND_MS;
}
