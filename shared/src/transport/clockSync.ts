/**
 * Estimating the server's clock from NTP-style samples, as a pure function of the samples.
 *
 * For one exchange (t0 client send, t1 server receive, t2 server send, t3 client receive):
 *   offset = ((t1 − t0) + (t2 − t3)) / 2      server time ≈ client time + offset
 *   delay  = (t3 − t0) − (t2 − t1)            time spent on the network, both ways
 *
 * The bound (C9). Causality alone pins the true offset θ of each exchange: the server can't
 * receive before the client sent, nor the client before the server sent, so t2 − t3 ≤ θ ≤ t1 − t0,
 * an interval `delay` wide around `offset`. That holds however the delay splits between the two
 * directions — including a pong that sat in the queue of a busy page before it was stamped, which
 * only widens its interval. Every sample's interval contains θ, so their intersection does too;
 * the estimate is kept inside it and the uncertainty reported is the distance to its far edge.
 * That is a bound, not a spread: a spread (the standard error of the averaged offsets) says
 * nothing when every sample is skewed the same way, which is exactly what a page busy mounting
 * the canvas does to its first burst, and it once reported ±2 ms for an estimate 25 ms off.
 * Each interval is widened by the clocks' stamp resolution and by the drift two crystals may
 * accumulate since the sample was taken; a sample that is inconsistent with the newer ones even
 * so (the server restarted on another clock) ends the window — older samples are dropped.
 *
 * The estimate inside that interval (C3): symmetric jitter averages out over many samples, and
 * one-sided queueing spikes are escaped only by the lowest-delay samples. So the offsets of the
 * fastest samples (the `keepBest` lowest delays, none slower than twice the best plus
 * {@link SLACK_MS}, and none far above their median) are averaged, then clamped into the bound.
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
  /** Proven bound on the offset's error, in milliseconds (C9): the truth is within ± this. */
  readonly uncertaintyMs: number;
  /** Round-trip network delay of the best sample. */
  readonly bestDelayMs: number;
  /** Samples in the window the bound comes from. */
  readonly samples: number;
}

/**
 * How far one stamp may be from the instant it names: browsers coarsen `performance.now()` to
 * 100 µs (with jitter either way) outside cross-origin isolation; the server's stamps are finer.
 */
export const STAMP_RESOLUTION_MS = 0.1;
/** How fast two clocks may drift apart, as a fraction (NTP's frequency tolerance, 15 ppm). */
export const MAX_DRIFT = 15e-6;
/** Delay headroom over twice the best sample's for a sample to be averaged (loopback jitter). */
export const SLACK_MS = 2;

export const sampleDelay = (s: ClockSample): number => s.t3 - s.t0 - (s.t2 - s.t1);
export const sampleOffset = (s: ClockSample): number => (s.t1 - s.t0 + (s.t2 - s.t3)) / 2;

/** Whether a sample is physically possible (clocks may differ; durations may not be negative). */
export function isPlausibleSample(s: ClockSample): boolean {
  return [s.t0, s.t1, s.t2, s.t3].every(Number.isFinite) && s.t3 >= s.t0 && s.t2 >= s.t1 && sampleDelay(s) >= 0;
}

/** The offsets a sample allows, widened for stamp resolution and for drift over `ageMs`. */
export function sampleBounds(s: ClockSample, ageMs = 0): { readonly low: number; readonly high: number } {
  const widen = STAMP_RESOLUTION_MS + MAX_DRIFT * Math.max(0, ageMs);
  return { low: s.t2 - s.t3 - widen, high: s.t1 - s.t0 + widen };
}

export interface EstimateOptions {
  /** Average at most this many of the lowest-delay samples (default: all that pass the filters). */
  readonly keepBest?: number;
}

/** The estimate from `samples` (any order), or null when there is none usable. */
export function estimateClock(samples: readonly ClockSample[], options: EstimateOptions = {}): ClockEstimate | null {
  const byTime = samples.filter(isPlausibleSample).sort((a, b) => a.t3 - b.t3);
  const newest = byTime.at(-1);
  if (!newest) return null;
  // The bound: intersect intervals from the newest sample back, until one contradicts the rest.
  let low = -Infinity;
  let high = Infinity;
  const window: ClockSample[] = [];
  for (let i = byTime.length - 1; i >= 0; i--) {
    const s = byTime[i]!;
    const b = sampleBounds(s, newest.t3 - s.t3);
    const nextLow = Math.max(low, b.low);
    const nextHigh = Math.min(high, b.high);
    if (nextLow > nextHigh) break;
    low = nextLow;
    high = nextHigh;
    window.push(s);
  }
  // The estimate: the average offset of the fastest samples, kept inside the bound.
  const fastest = window.sort((a, b) => sampleDelay(a) - sampleDelay(b));
  const minDelay = sampleDelay(fastest[0]!);
  const candidates = fastest.slice(0, options.keepBest ?? fastest.length).filter((s) => sampleDelay(s) <= 2 * minDelay + SLACK_MS);
  const median = sampleDelay(candidates[Math.floor((candidates.length - 1) / 2)]!);
  const kept = candidates.filter((s) => sampleDelay(s) <= median + (median - minDelay));
  const mean = kept.reduce((a, s) => a + sampleOffset(s), 0) / kept.length;
  const offsetMs = Math.min(high, Math.max(low, mean));
  return { offsetMs, uncertaintyMs: Math.max(offsetMs - low, high - offsetMs), bestDelayMs: minDelay, samples: window.length };
}

/** An estimate whose error is proven within this (C9) may be played on. */
export const SETTLED_BOUND_MS = 5;
/**
 * How long after the first sample to wait for such an estimate before accepting a looser one
 * (a slow network never gets a tighter proof; the readout then says how loose it is).
 */
export const SETTLE_TIMEOUT_MS = 2500;
/**
 * After the timeout, how fast the accepted bound loosens (ms of bound per second of waiting). A
 * slow network's bound is half its round trip and steady: 60 ms round trips are accepted 0.5 s
 * after the timeout, 300 ms ones 2.9 s after. A page starved of CPU while its first pongs came back
 * reports a bound of a second or more, which would take ~20 s to be accepted; long before that,
 * one pong handled promptly proves the estimate within a millisecond.
 */
export const SETTLE_LOOSEN_MS_PER_S = 50;

/** The loosest proven bound (ms) C8 accepts `msSinceFirstSample` after the first sample. */
export function acceptedClockBoundMs(msSinceFirstSample: number): number {
  return SETTLED_BOUND_MS + (Math.max(0, msSinceFirstSample - SETTLE_TIMEOUT_MS) * SETTLE_LOOSEN_MS_PER_S) / 1000;
}

/**
 * Whether the shared transport may sound on this estimate yet (C8). A tab that joins mid-song
 * pings while it is still loading: its first pongs are stamped late, so their bound is loose even
 * when the offsets agree closely. Only a proven bound within {@link SETTLED_BOUND_MS} lets it play
 * at once; after {@link SETTLE_TIMEOUT_MS} a looser bound is accepted the longer it has waited
 * ({@link acceptedClockBoundMs}), never a bound of seconds the moment the timeout passes. Without
 * any estimate (a server that doesn't answer pings) the machine's clock is used after the timeout.
 */
export function isClockSettled(estimate: ClockEstimate | null, msSinceFirstSample: number | undefined, msSinceStart: number): boolean {
  if (!estimate) return msSinceStart >= SETTLE_TIMEOUT_MS;
  return estimate.uncertaintyMs <= acceptedClockBoundMs(msSinceFirstSample ?? 0);
}
