/**
 * Maps between `performance.now()` (where the server-clock estimate lives) and the AudioContext's
 * clock (where sounds are scheduled), including the output latency, so a click scheduled for server
 * time T comes out of the speaker at T.
 *
 * `getOutputTimestamp()` pairs a context time with the performance time at which that frame
 * reaches the output — the browser's own account of its output latency. Chromium updates it once
 * per device buffer (10 ms here) and coarsens `performance.now()` to 0.1 ms, so the offset between
 * the clocks is the median of recent pairs. `currentTime` is no substitute: it jumps a render
 * quantum at a time and is read at an unknown point in the buffer (±2 ms of noise measured). When
 * the timestamp isn't available yet (context just resumed), the fallback is `currentTime` minus
 * the reported `baseLatency + outputLatency`.
 */

const WINDOW = 25;
/**
 * A sound is placed on the mapping exactly only once the newest {@link READY_PAIRS} pairs agree
 * within {@link READY_SPREAD_MS}. Just after a resume there is no pair (the fallback trusts a
 * latency Chromium first reports as 10 ms, 42 ms a moment later), and the first pairs lag the
 * steady ones by a device buffer or two (10–20 ms measured). A full window counts as ready
 * whatever its spread, so a device with coarse timestamps still plays.
 */
export const READY_PAIRS = 5;
export const READY_SPREAD_MS = 2;
/**
 * The audio clock slips when the render thread misses its deadlines (a starved machine): the
 * context's time stops while performance time goes on, and every frame after is heard later by
 * the length of the stall. The median would take half a window (~300 ms) to follow; when the
 * newest {@link READY_PAIRS} pairs agree with each other and stand more than this far from the
 * window's median, the older pairs are dropped, so the mapping follows within ~125 ms.
 */
export const SLIP_MS = 5;

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export class AudioClock {
  private offsets: number[] = [];

  constructor(private readonly ctx: AudioContext) {}

  /** Takes a fresh clock pair; the engine calls it on a timer while the context runs, so drift is tracked. */
  sample(): void {
    const ts = this.ctx.getOutputTimestamp?.();
    if (!ts || ts.contextTime === undefined || ts.performanceTime === undefined || ts.performanceTime <= 0 || ts.contextTime <= 0) return;
    this.offsets.push(ts.performanceTime - ts.contextTime * 1000);
    if (this.offsets.length > WINDOW) this.offsets.shift();
    const newest = this.offsets.slice(-READY_PAIRS);
    if (
      this.offsets.length > READY_PAIRS &&
      Math.max(...newest) - Math.min(...newest) <= READY_SPREAD_MS &&
      Math.abs(median(newest) - median(this.offsets)) > SLIP_MS
    )
      this.offsets = newest;
  }

  /** Forgets the pairs: the context stopped, and its clock will stand in a new place when it resumes. */
  reset(): void {
    this.offsets = [];
  }

  /** Whether the mapping is steady enough to place a sound on exactly (a shared start waits for this). */
  ready(): boolean {
    if (this.offsets.length >= WINDOW) return true;
    const newest = this.offsets.slice(-READY_PAIRS);
    return newest.length === READY_PAIRS && Math.max(...newest) - Math.min(...newest) <= READY_SPREAD_MS;
  }

  /** The output latency the browser reports (base + output), in ms, for display. */
  reportedLatencyMs(): number {
    return ((this.ctx.baseLatency || 0) + (this.ctx.outputLatency || 0)) * 1000;
  }

  /** perf ms − context ms for a frame reaching the output (the mapping's current measurement). */
  offsetMs(): number {
    if (this.offsets.length === 0) return performance.now() - this.ctx.currentTime * 1000 + this.reportedLatencyMs();
    return median(this.offsets);
  }

  /** Context time (s) to schedule a sound so it is heard at `perfMs`. */
  contextTimeFor(perfMs: number): number {
    return (perfMs - this.offsetMs()) / 1000;
  }

  /** How long (s) a frame the graph renders now takes to be heard: the output latency as measured. */
  outputDelaySeconds(): number {
    const ms = this.perfTimeOf(this.ctx.currentTime) - performance.now();
    return Math.min(0.5, Math.max(0, ms / 1000));
  }

  /** When (perf ms) a sound scheduled at context time `t` is heard. */
  perfTimeOf(t: number): number {
    return t * 1000 + this.offsetMs();
  }
}
