/**
 * How long a tab waits before its next attempt to reach the server.
 *
 * y-websocket backs off exponentially but without jitter, so after a server restart every open
 * tab retries at the same instants and the new process is hit by synchronized waves. "Full
 * jitter" spreads them: each wait is uniform between zero and the exponential bound. Shared so
 * the server's reconnect-storm benchmark backs off exactly as the tabs do (server SPEC S15).
 */

/** First bound, and the most any wait can be (the provider's own default cap). */
export const RECONNECT_BASE_MS = 100;
export const RECONNECT_CAP_MS = 2500;

/** A wait in [0, min(cap, base·2^attempt)] for the `attempt`-th failed attempt in a row (1 = first). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.floor(random() * bound);
}
