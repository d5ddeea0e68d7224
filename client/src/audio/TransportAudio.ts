/**
 * Plays the shared transport's clicks on this device, in step with everybody else's.
 *
 * A tick every {@link TICK_MS} asks the shared schedule (`transportClicks`) for the clicks in
 * [already scheduled, server now + {@link AHEAD_MS}) and schedules each at the context time that
 * makes it audible at its server time: server → performance.now() via the server-clock estimate,
 * performance → context time via `AudioClock` (which includes the output latency). Clicks whose
 * time has already passed are skipped, never played late.
 *
 * AHEAD_MS is this scheduler's lookahead: long enough to ride out a busy main thread (a React
 * render, a GC pause; an audible tab is exempt from Chrome's background-timer throttling), short
 * enough that a tempo edit is heard within a beat or so. It adds no latency to a shared start,
 * which is placed a lead time in the future for everyone (X2). Any change to the transport or the
 * tempo map cancels what is queued and schedules again from now.
 */
import { transportClicks, type TempoTimeline, type TransportState } from '@riffboard/shared';
import type { AudioEngine } from './audioEngine.ts';

const TICK_MS = 25;
const AHEAD_MS = 200;
/** A click must be at least this far ahead of the render thread to be scheduled. */
const MIN_MARGIN_S = 0.004;

/** What the transport audio reads: the room's state and its server clock. */
export interface TransportFeed {
  read(): { readonly timeline: TempoTimeline; readonly state: TransportState };
  subscribe(onChange: () => void): () => void;
  serverNow(): number | undefined;
  toPerf(serverMs: number): number | undefined;
  /** False while the server-clock estimate can't be trusted yet: stay silent rather than off the beat (C8). */
  settled(): boolean;
  /** The estimate's proven error bound in ms (C9), or undefined without an estimate. */
  uncertaintyMs(): number | undefined;
}

/** The first downbeat this device scheduled for a start, for the sync readout (and the e2e check). */
export interface ScheduledStart {
  /** The start it belongs to (`playback.startServerMs`). */
  readonly startServerMs: number;
  /** The downbeat's time in the shared schedule. */
  readonly modelServerMs: number;
  /**
   * When this device will play it, on this machine's own wall clock (`performance.timeOrigin` +
   * the audio clock's mapping) — *not* through the server-clock estimate, so comparing devices
   * that share a clock (tabs on one machine, a test) shows the estimate's error too.
   */
  readonly localEpochMs: number;
  /** The server-clock estimate's bound (C9) when it was scheduled: `localEpochMs` is right within it. */
  readonly uncertaintyMs: number | undefined;
}

export class TransportAudio {
  private scheduledUntil: number | undefined;
  private readonly timer: number;
  private readonly unsubscribe: () => void;
  private lastStart: ScheduledStart | undefined;
  private recordedFor: number | undefined;
  /** Recently scheduled clicks: server time → context time (for cues that fall on a click). */
  private recent: { serverMs: number; contextTime: number }[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly engine: AudioEngine,
    private readonly feed: TransportFeed,
  ) {
    this.unsubscribe = feed.subscribe(() => this.reschedule());
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
  }

  getLastStart = (): ScheduledStart | undefined => this.lastStart;

  /** The context time the click at `serverMs` was scheduled at, if it is queued. */
  clickAt(serverMs: number): number | undefined {
    return this.recent.find((c) => Math.abs(c.serverMs - serverMs) < 0.01)?.contextTime;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    window.clearInterval(this.timer);
    this.unsubscribe();
    this.engine.metronome.cancelFrom(-Infinity);
    this.listeners.clear();
  }

  /** Something changed: drop what is queued and schedule again from now. */
  private reschedule(): void {
    this.engine.metronome.cancelFrom(this.engine.raw.currentTime);
    this.recent = [];
    this.scheduledUntil = undefined;
    this.tick();
  }

  private tick(): void {
    const { engine, feed } = this;
    engine.clock.sample();
    const now = feed.serverNow();
    // Silent, too, until the audio clock's mapping is steady: a click placed on the first
    // timestamp after a resume is heard a device buffer or two off the beat.
    if (now === undefined || !engine.running || !feed.settled() || !engine.clock.ready()) {
      this.scheduledUntil = undefined; // nothing can play yet; when it can, start from "now"
      return;
    }
    const from = Math.max(this.scheduledUntil ?? now, now);
    const to = now + AHEAD_MS;
    if (to <= from) return;
    const { timeline, state } = feed.read();
    for (const c of transportClicks(timeline, state, from, to)) {
      const perf = feed.toPerf(c.serverMs);
      if (perf === undefined) continue;
      const t = engine.clock.contextTimeFor(perf);
      if (t < engine.raw.currentTime + MIN_MARGIN_S) continue;
      engine.metronome.click(t, c.isDownbeat);
      this.recent.push({ serverMs: c.serverMs, contextTime: t });
      if (this.recent.length > 64) this.recent.shift();
      if (c.isDownbeat && this.recordedFor !== state.playback.startServerMs) this.record(state.playback.startServerMs, c.serverMs, t);
    }
    this.scheduledUntil = to;
  }

  private record(startServerMs: number, modelServerMs: number, contextTime: number): void {
    this.recordedFor = startServerMs;
    this.lastStart = {
      startServerMs,
      modelServerMs,
      localEpochMs: performance.timeOrigin + this.engine.clock.perfTimeOf(contextTime),
      uncertaintyMs: this.feed.uncertaintyMs(),
    };
    for (const l of this.listeners) l();
  }
}
