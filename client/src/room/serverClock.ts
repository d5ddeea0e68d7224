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
 * Until the estimate is settled (C8: its proven bound within 5 ms), it also pings every
 * {@link POLL_MS} for up to {@link POLL_FOR_MS} after the socket opens (a slow network never gets
 * there; the resync keeps it fresh then): a tab that joins mid-song while it mounts the canvas gets its first pongs
 * stamped late (round trips of 36–200 ms measured on loopback), and the first pong that arrives
 * while the page is idle proves the estimate within a millisecond. The estimator (`estimateClock`)
 * reports a bound, not a spread (C9), so late pongs make the readout honest about it rather than
 * wrong; it averages the {@link KEEP_BEST} fastest samples of the window (keeping only the six
 * best was tried and left the estimate 15 ms off at 40 ± 15 ms each way, e2e/bench).
 *
 * Client time is `performance.now()`: monotonic, so a wall-clock change on this machine can't
 * move the transport. `now()` is therefore the server's epoch milliseconds as this tab believes
 * them. A server that doesn't answer pings (an older one) leaves the estimate `null`; the
 * transport then falls back to this machine's wall clock and says so.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import {
  acceptedClockBoundMs,
  encodeClockPing,
  estimateClock,
  isClockSettled,
  MESSAGE,
  SETTLED_BOUND_MS,
  readClockBody,
  type ClockEstimate,
  type ClockSample,
} from '@riffboard/shared';

const BURST = 8;
const BURST_GAP_MS = 60;
const SETTLE_MS = 1500;
const RESYNC_BURST = 8;
const RESYNC_MS = 10_000;
const KEEP_BEST = 24;
const POLL_MS = 150;
const POLL_FOR_MS = 30_000;
const SAMPLE_TTL_MS = 120_000;
const MAX_SAMPLES = 48;

export class ServerClock {
  private samples: ClockSample[] = [];
  private estimate: ClockEstimate | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<number>();
  private resyncTimer: number | undefined;
  private readonly offStatus: () => void;
  private readonly startedAt = performance.now();
  private firstSampleAt: number | undefined;
  private pollTimer: number | undefined;
  private connectedAt = performance.now();
  private connections = 0;
  /** Samples from before the latest reconnect may be from another server process (another clock). */
  private staleBefore: number | undefined;

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

  /** The loosest bound C8 accepts now (ms): it loosens the longer this tab has waited since its first sample. */
  acceptedBoundMs(): number {
    return acceptedClockBoundMs(this.firstSampleAt === undefined ? 0 : performance.now() - this.firstSampleAt);
  }

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
    window.clearTimeout(this.pollTimer);
    this.listeners.clear();
  }

  /** How many times the socket has connected: a new window of samples starts with each. */
  connectionCount(): number {
    return this.connections;
  }

  private onConnected(): void {
    this.connections++;
    this.connectedAt = performance.now();
    // A new window of samples starts: C8's patience for a loose bound counts from its first pong.
    if (this.samples.length > 0) {
      this.staleBefore = this.connectedAt;
      this.firstSampleAt = undefined;
    }
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
    if (this.staleBefore !== undefined && body.t0 >= this.staleBefore) {
      const cutoff = this.staleBefore;
      this.samples = this.samples.filter((x) => x.t0 >= cutoff);
      this.staleBefore = undefined;
    }
    this.firstSampleAt ??= t3;
    this.samples = [...this.samples.filter((x) => t3 - x.t3 < SAMPLE_TTL_MS), { t0: body.t0, t1: body.t1, t2: body.t2, t3 }].slice(
      -MAX_SAMPLES,
    );
    this.estimate = estimateClock(this.samples, { keepBest: KEEP_BEST });
    this.pollUntilSettled();
    for (const l of this.listeners) l();
  }

  /** One more ping in {@link POLL_MS} while the bound is looser than C8 accepts. */
  private pollUntilSettled(): void {
    if (this.pollTimer !== undefined || performance.now() - this.connectedAt > POLL_FOR_MS) return;
    if (this.estimate && this.estimate.uncertaintyMs <= SETTLED_BOUND_MS) return;
    this.pollTimer = window.setTimeout(() => {
      this.pollTimer = undefined;
      this.ping();
    }, POLL_MS);
  }
}
