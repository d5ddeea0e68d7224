/**
 * This tab's estimate of the server's clock, from NTP-style pings over the room's sync socket
 * (`clockMessages.ts` in shared for the wire format, `estimateClock` for the maths — the same
 * estimator the server's tests check through a jitter proxy).
 *
 * Schedule: a burst of {@link BURST} pings {@link BURST_GAP_MS} apart whenever the socket opens
 * (≈ 16 messages/s, well under the server's 300/s limit), another once the page has settled
 * ({@link SETTLE_MS} later), then one every {@link RESYNC_MS}. Samples older than
 * {@link SAMPLE_TTL_MS} are dropped so clock drift between the machines can't accumulate.
 *
 * Only the {@link KEEP_BEST} lowest round trips of the window go to the estimator. Why: a pong
 * that arrives while the main thread is busy (the page mounting the canvas, say) is stamped late,
 * which reads as a slow, lopsided network path. Measured on loopback: the first burst during page
 * load had round trips of 36 ms and more and put the offset 19–190 ms off, while pings a second
 * later came back in under 1 ms. The estimator's own median filter can't reject such samples when
 * they are the majority, so the window keeps only the best half, and of those only the ones whose
 * round trip is within twice the best one's plus {@link SLACK_MS} (NTP's clock filter does much
 * the same): a fast sample beside slow ones is the one that tells the truth. Under symmetric
 * jitter every sample passes that test and the estimator averages them; keeping only the six best
 * was tried and left the estimate 15 ms off at 40 ± 15 ms each way (e2e/bench).
 *
 * Client time is `performance.now()`: monotonic, so a wall-clock change on this machine can't
 * move the transport. `now()` is therefore the server's epoch milliseconds as this tab believes
 * them. A server that doesn't answer pings (an older one) leaves the estimate `null`; the
 * transport then falls back to this machine's wall clock and says so.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import {
  encodeClockPing,
  estimateClock,
  isClockSettled,
  MESSAGE,
  readClockBody,
  sampleDelay,
  type ClockEstimate,
  type ClockSample,
} from '@riffboard/shared';

const BURST = 8;
const BURST_GAP_MS = 60;
const SETTLE_MS = 1500;
const RESYNC_BURST = 8;
const RESYNC_MS = 10_000;
const KEEP_BEST = 24;
const SLACK_MS = 2;
const SAMPLE_TTL_MS = 120_000;
const MAX_SAMPLES = 48;
/** A best round trip over this leaves the estimate doubtful: keep pinging (see {@link CHASE_MS}). */
const GOOD_ROUND_TRIP_MS = 8;
/**
 * While no fast sample has come back, one more ping this often, for up to {@link CHASE_FOR_MS}
 * after connecting: a tab that joins while its page is busy (a late joiner mounting the canvas)
 * gets a trustworthy estimate as soon as its main thread is free, instead of at the next burst.
 */
const CHASE_MS = 150;
const CHASE_FOR_MS = 20_000;

export class ServerClock {
  private samples: ClockSample[] = [];
  private estimate: ClockEstimate | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<number>();
  private resyncTimer: number | undefined;
  private readonly offStatus: () => void;
  private readonly startedAt = performance.now();
  private firstSampleAt: number | undefined;
  private connectedAt = 0;
  private chasing = false;

  constructor(private readonly provider: WebsocketProvider) {
    // The stock provider ignores message types it doesn't know; this teaches it the clock's.
    provider.messageHandlers[MESSAGE.clock] = (_encoder, decoder) => this.onMessage(decoder);
    const onStatus = ({ status }: { status: string }): void => {
      if (status === 'connected') this.onConnected();
    };
    provider.on('status', onStatus);
    this.offStatus = () => provider.off('status', onStatus);
    if (provider.wsconnected) this.onConnected();
    this.resyncTimer = window.setInterval(() => this.burst(RESYNC_BURST), RESYNC_MS);
  }

  /** The server's time (epoch ms) now, or `undefined` until the first pong arrives. */
  serverNow(): number | undefined {
    return this.estimate ? performance.now() + this.estimate.offsetMs : undefined;
  }

  /** Server time for a `performance.now()` reading (undefined until synced). */
  toServer(perfMs: number): number | undefined {
    return this.estimate ? perfMs + this.estimate.offsetMs : undefined;
  }

  /** `performance.now()` at which the server clock reads `serverMs` (undefined until synced). */
  toPerf(serverMs: number): number | undefined {
    return this.estimate ? serverMs - this.estimate.offsetMs : undefined;
  }

  getEstimate = (): ClockEstimate | null => this.estimate;

  /** Whether the estimate is good enough to play the shared transport on (C8 in shared's transport SPEC). */
  settled(): boolean {
    const now = performance.now();
    return isClockSettled(this.estimate, this.firstSampleAt === undefined ? undefined : now - this.firstSampleAt, now - this.startedAt);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Pings again now (e.g. when the page becomes visible after a sleep). */
  resync(count = RESYNC_BURST): void {
    this.burst(count);
  }

  destroy(): void {
    this.offStatus();
    for (const t of this.timers) window.clearTimeout(t);
    window.clearInterval(this.resyncTimer);
    this.listeners.clear();
  }

  private onConnected(): void {
    this.connectedAt = performance.now();
    this.burst(BURST);
    this.burst(BURST, SETTLE_MS);
  }

  private burst(count: number, delayMs = 0): void {
    for (let i = 0; i < count; i++) {
      const t = window.setTimeout(
        () => {
          this.timers.delete(t);
          this.ping();
        },
        delayMs + i * BURST_GAP_MS,
      );
      this.timers.add(t);
    }
  }

  private ping(): void {
    const ws = this.provider.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(encodeClockPing(performance.now()));
  }

  private onMessage(decoder: decoding.Decoder): void {
    const t3 = performance.now();
    let body: ReturnType<typeof readClockBody>;
    try {
      body = readClockBody(decoder);
    } catch {
      return; // a malformed clock message says nothing about the clock; the sync carries on
    }
    if (body.kind !== 'pong') return;
    const now = t3;
    this.firstSampleAt ??= now;
    this.samples = [...this.samples.filter((s) => now - s.t3 < SAMPLE_TTL_MS), { t0: body.t0, t1: body.t1, t2: body.t2, t3 }].slice(
      -MAX_SAMPLES,
    );
    const sorted = [...this.samples].sort((a, b) => sampleDelay(a) - sampleDelay(b));
    const limit = 2 * Math.max(0, sampleDelay(sorted[0] ?? { t0: 0, t1: 0, t2: 0, t3: 0 })) + SLACK_MS;
    const best = sorted.slice(0, KEEP_BEST).filter((x) => sampleDelay(x) <= limit);
    this.estimate = estimateClock(best);
    for (const l of this.listeners) l();
    const bestDelay = sorted[0] ? sampleDelay(sorted[0]) : Infinity;
    if (bestDelay > GOOD_ROUND_TRIP_MS && now - this.connectedAt < CHASE_FOR_MS) this.chase();
  }

  private chase(): void {
    if (this.chasing) return;
    this.chasing = true;
    const t = window.setTimeout(() => {
      this.timers.delete(t);
      this.chasing = false;
      this.ping();
    }, CHASE_MS);
    this.timers.add(t);
  }
}
