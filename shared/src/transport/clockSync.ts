/**
 * Estimating the server's clock from NTP-style samples, as a pure function of the samples.
 *
 * For one exchange (t0 client send, t1 server receive, t2 server send, t3 client receive):
 *   offset = ((t1 − t0) + (t2 − t3)) / 2      server time ≈ client time + offset
 *   delay  = (t3 − t0) − (t2 − t1)            time spent on the network, both ways
 * The offset is exact when both directions take equally long; its error is at most delay / 2.
 * Two kinds of noise: symmetric jitter, which averaging many samples cancels, and one-sided
 * queueing spikes (congestion), which only the lowest-delay samples escape. So samples whose delay
 * is far above the median (more than the median's distance from the minimum again) are dropped as
 * congested, and the rest are averaged. The uncertainty reported is the tighter of two bounds: half
 * the best sample's delay (NTP's hard bound for that sample) and twice the standard error of the
 * averaged offsets.
 */
export interface ClockSample {
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
}

export interface ClockEstimate {
  /** Milliseconds to add to client time to get server time. */
  readonly offsetMs: number;
  /** Bound on the offset's error, in milliseconds. */
  readonly uncertaintyMs: number;
  /** Round-trip network delay of the best sample. */
  readonly bestDelayMs: number;
  readonly samples: number;
}

export const sampleDelay = (s: ClockSample): number => s.t3 - s.t0 - (s.t2 - s.t1);
export const sampleOffset = (s: ClockSample): number => (s.t1 - s.t0 + (s.t2 - s.t3)) / 2;

/** Whether a sample is physically possible (clocks may differ; durations may not be negative). */
export function isPlausibleSample(s: ClockSample): boolean {
  return [s.t0, s.t1, s.t2, s.t3].every(Number.isFinite) && s.t3 >= s.t0 && s.t2 >= s.t1 && sampleDelay(s) >= 0;
}

/** The estimate from `samples`, or null when there is none usable. */
export function estimateClock(samples: readonly ClockSample[]): ClockEstimate | null {
  const usable = samples.filter(isPlausibleSample).sort((a, b) => sampleDelay(a) - sampleDelay(b));
  const first = usable[0];
  if (!first) return null;
  const minDelay = sampleDelay(first);
  const median = sampleDelay(usable[Math.floor((usable.length - 1) / 2)]!);
  const kept = usable.filter((s) => sampleDelay(s) <= median + (median - minDelay));
  const offsets = kept.map(sampleOffset);
  const offsetMs = offsets.reduce((a, b) => a + b, 0) / offsets.length;
  const variance = offsets.reduce((a, b) => a + (b - offsetMs) ** 2, 0) / Math.max(1, offsets.length - 1);
  const standardError = Math.sqrt(variance / offsets.length);
  const uncertaintyMs = offsets.length >= 5 ? Math.min(minDelay / 2, 2 * standardError) : minDelay / 2;
  return { offsetMs, uncertaintyMs, bestDelayMs: minDelay, samples: usable.length };
}

/** An estimate whose error is provably within this (half the best round trip) may be played on. */
export const SETTLED_BOUND_MS = 5;
/**
 * How long after the first sample to wait for such an estimate before playing on whatever there is
 * (the settle burst has come back by then; a slow network never gets a tighter proof).
 */
export const SETTLE_TIMEOUT_MS = 2500;

/**
 * Whether the shared transport may sound on this estimate yet (C8). A tab that joins mid-song
 * pings while it is still loading: its first pongs are stamped late and can put the estimate tens
 * or hundreds of ms off with a deceptively small spread, so the spread can't vouch for it — only a
 * fast round trip (error ≤ half of it) or the time for the settle burst to arrive. Without any
 * estimate (a server that doesn't answer pings) the machine's clock is used after the same wait.
 */
export function isClockSettled(estimate: ClockEstimate | null, msSinceFirstSample: number | undefined, msSinceStart: number): boolean {
  if (!estimate) return msSinceStart >= SETTLE_TIMEOUT_MS;
  return estimate.bestDelayMs / 2 <= SETTLED_BOUND_MS || (msSinceFirstSample ?? 0) >= SETTLE_TIMEOUT_MS;
}
