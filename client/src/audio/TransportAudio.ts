/**
 * Plays the shared transport's clicks on this device, in step with everybody else's.
 *
 * A tick every {@link TICK_MS} asks the shared schedule (`transportClicks`) for the clicks in
 * [already scheduled, server now + {@link AHEAD_MS}) and schedules each at the context time that
 * makes it audible at its server time: server → performance.now() via the server-clock estimate,
 * performance → context time via `AudioClock` (which includes the output latency). Clicks whose
 * time has already passed are skipped, never played late.
 *
 * AHEAD_MS is this scheduler's lookahead, and the longest main-thread stall (a big React render,
 * a GC pause, a starved CPU; an audible tab is exempt from Chrome's background-timer throttling)
 * that drops no click (A6): whatever falls within it was handed to the audio thread before the
 * stall, and a click whose time passed during a stall is skipped. 200 ms once lost count-in
 * clicks on a loaded machine: a start is placed only a lead time (300 ms, X2) ahead, so its
 * first clicks were queued only if the page ran a tick just before each. Its cost
 * is small: a tempo or transport edit cancels what is queued and schedules again from now
 * (`reschedule`, called synchronously from the document's observer), so the lookahead delays no
 * edit, and the click's volume is a live gain. What it does delay: a queued click keeps the
 * mapping it was scheduled with, so A4's slew reaches it up to AHEAD_MS later (1 ms/s × 1.5 s:
 * 1.5 ms at most; steps and slips still move queued clicks at once), and a page stalled when a
 * Stop arrives plays on until it wakes (as it would with any lookahead longer than the stall).
 *
 * Drift (A4): the server → context mapping is the sum of two estimates that move during a long
 * session (the server-clock offset, the audio clock's offset to `performance.now()`; see `slew`).
 * A queued or sounding click never moves, except to follow a slip of the audio clock.
 *
 * With the audio tap on (`AudioTap.ts`, for measurement), each onset heard on the master bus is
 * matched to the click it is (A3) and kept with when it was heard, on this machine's clock and on
 * the server's.
 */
import { matchScheduled, slewMapping, transportClicks, type TempoTimeline, type TransportState } from '@riffboard/shared';
import type { AudioEngine } from './audioEngine.ts';
import { SLIP_MS } from './audioClock.ts';
import type { AudioTap, TapOnset } from './AudioTap.ts';

const TICK_MS = 25;
const AHEAD_MS = 1500;
/** A click must be at least this far ahead of the render thread to be scheduled. */
const MIN_MARGIN_S = 0.004;
/** A heard onset further than this from every scheduled click is some other sound. */
const MATCH_TOLERANCE_S = 0.05;
/** Heard clicks kept for the measurement hook. */
const HEARD_KEPT = 512;

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
  /** The loosest bound C8 accepts right now (ms). */
  acceptedBoundMs(): number;
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
  /** The loosest bound C8 accepted when it was scheduled (5 ms, more only after waiting for it). */
  readonly acceptedBoundMs: number;
  /** With the tap on: when the downbeat was actually heard, on this machine's wall clock. */
  readonly heardLocalEpochMs?: number;
}

/** A click the tap heard (measurement only). */
export interface HeardClick {
  /** The click's time in the shared schedule. */
  readonly modelServerMs: number;
  readonly isDownbeat: boolean;
  /** When it was heard on this machine's wall clock (`performance.timeOrigin` + output timestamp). */
  readonly localEpochMs: number;
  /** When it was heard on the server's clock, as this tab estimates it. */
  readonly serverMs: number;
  /** Heard minus scheduled context time (ms): what the render thread did with the schedule. */
  readonly renderErrorMs: number;
  readonly peak: number;
}

/** Any onset the tap heard (measurement only). */
export interface HeardOnset {
  /** When it was heard on this machine's wall clock (`performance.timeOrigin` + output timestamp). */
  readonly localEpochMs: number;
  readonly peak: number;
}

/** What a page with the tap on exposes for measurement. */
export interface TapHook {
  heard(): HeardClick[];
  /** Every onset the tap heard, clicks or not (a reference playing along, say), oldest first. */
  onsets(): HeardOnset[];
  mapping(): MappingStats;
  /** The last `seconds` of what the master bus played, every frame (for level measurements). */
  samples(seconds: number): Promise<{ data: number[]; rate: number }>;
}
type WindowWithTapHook = Window & { riffboardAudioTap?: TapHook };

/** How the mapping is being kept (for the measurement hook and the benchmark). */
export interface MappingStats {
  /** Newest measured − applied server-clock offset (ms). */
  readonly gapMs: number;
  /** Largest change of the applied server-clock offset between two ticks while clicks were queued (ms). */
  readonly largestSlewMs: number;
  /** Re-anchors of the server-clock offset while clicks were queued (gap over STEP_MS). */
  readonly stepsWhilePlaying: number;
  /** Slips of the audio clock (jumps over SLIP_MS) followed while clicks were queued. */
  readonly slipsWhilePlaying: number;
  /** The audio clock's measured offset to `performance.now()` (ms): its drift shows here. */
  readonly audioOffsetMs: number;
  /** The server-clock estimate's offset to `performance.now()` (ms). */
  readonly serverOffsetMs: number;
}

export class TransportAudio {
  private scheduledUntil: number | undefined;
  private readonly timer: number;
  private readonly unsubscribe: () => void;
  private lastStart: ScheduledStart | undefined;
  private recordedFor: number | undefined;
  /** Recently scheduled clicks: server time → context time (for cues that fall on a click). */
  private recent: { serverMs: number; contextTime: number; isDownbeat: boolean }[] = [];
  private readonly listeners = new Set<() => void>();
  /** The mapping clicks are scheduled with (server ms − context ms), slewed (A4). */
  private applied: number | undefined;
  private lastAudioOffset: number | undefined;
  private lastTickAt = performance.now();
  private stats: MappingStats = {
    gapMs: 0,
    largestSlewMs: 0,
    stepsWhilePlaying: 0,
    slipsWhilePlaying: 0,
    audioOffsetMs: 0,
    serverOffsetMs: 0,
  };
  private heard: HeardClick[] = [];
  private onsets: HeardOnset[] = [];
  /** The mapping this tick's clicks were scheduled with (server ms − context ms), for what plays along. */
  private mapping: number | undefined;
  private offTap: (() => void) | undefined;
  private disposed = false;

  constructor(
    private readonly engine: AudioEngine,
    private readonly feed: TransportFeed,
  ) {
    this.unsubscribe = feed.subscribe(() => this.reschedule());
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
    void engine.tap?.then((tap) => this.listen(tap));
  }

  /** Clicks the tap heard, oldest first (empty without the tap). */
  getHeard = (): readonly HeardClick[] => this.heard;

  getMappingStats = (): MappingStats => this.stats;

  getLastStart = (): ScheduledStart | undefined => this.lastStart;

  /**
   * The context time at which server time `serverMs` is heard, on the very mapping the clicks are
   * scheduled with (so a reference playing along lands on them), or undefined until clicks can play.
   */
  contextTimeFor(serverMs: number): number | undefined {
    return this.mapping === undefined ? undefined : (serverMs - this.mapping) / 1000;
  }

  /** The clicks scheduled recently (up to 64), oldest first: server time and the context time each plays at. */
  scheduledClicks(): readonly { readonly serverMs: number; readonly contextTime: number }[] {
    return [...this.recent];
  }

  /** The context time the click at `serverMs` was scheduled at, if it is queued. */
  clickAt(serverMs: number): number | undefined {
    return this.recent.find((c) => Math.abs(c.serverMs - serverMs) < 0.01)?.contextTime;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    this.disposed = true;
    window.clearInterval(this.timer);
    this.offTap?.();
    this.unsubscribe();
    this.engine.metronome.cancelFrom(-Infinity);
    this.listeners.clear();
  }

  /** Something changed: drop what is queued and schedule again from now. */
  private reschedule(): void {
    this.engine.metronome.cancelFrom(this.engine.raw.currentTime);
    this.recent = [];
    this.scheduledUntil = undefined;
    this.applied = undefined; // nothing queued any more: re-anchor on the next click
    this.tick();
  }

  private tick(): void {
    const { engine, feed } = this;
    engine.clock.sample();
    const now = feed.serverNow();
    // Silent, too, until the audio clock's mapping is steady: a click placed on the first
    // timestamp after a resume is heard a device buffer or two off the beat.
    const tickAt = performance.now();
    const elapsed = tickAt - this.lastTickAt;
    this.lastTickAt = tickAt;
    if (!engine.running && this.recent.length > 0) {
      // A stopped context's clock stands still: what is queued would sound late, after a resume.
      engine.metronome.cancelFrom(engine.raw.currentTime);
      this.recent = [];
    }
    if (now === undefined || !engine.running || !feed.settled() || !engine.clock.ready()) {
      this.scheduledUntil = undefined; // nothing can play yet; when it can, start from "now"
      this.applied = undefined;
      this.mapping = undefined;
      return;
    }
    const { mapping, stepped } = this.slew(now, elapsed);
    this.mapping = mapping;
    if (stepped) {
      // The mapping jumped while clicks were queued (the audio clock slipped, the server clock
      // was re-estimated far off): those not yet sounding move to it; the sounding ones stay.
      const cutoff = engine.raw.currentTime + MIN_MARGIN_S;
      engine.metronome.cancelFrom(cutoff);
      this.recent = this.recent.filter((c) => c.contextTime < cutoff);
      this.scheduledUntil = undefined;
    }
    const from = Math.max(this.scheduledUntil ?? now, now);
    const to = now + AHEAD_MS;
    if (to <= from) return;
    const { timeline, state } = feed.read();
    for (const c of transportClicks(timeline, state, from, to)) {
      const t = (c.serverMs - mapping) / 1000;
      if (t < engine.raw.currentTime + MIN_MARGIN_S || this.clickAt(c.serverMs) !== undefined) continue;
      engine.metronome.click(t, c.isDownbeat);
      this.recent.push({ serverMs: c.serverMs, contextTime: t, isDownbeat: c.isDownbeat });
      if (this.recent.length > 64) this.recent.shift();
      const start = state.playback.startServerMs;
      if (c.isDownbeat && (this.recordedFor !== start || this.lastStart?.modelServerMs === c.serverMs)) this.record(start, c.serverMs, t);
    }
    this.scheduledUntil = to;
  }

  /**
   * The mapping (server ms − context ms) to schedule this tick's clicks with (A4). Its server-clock
   * part is re-anchored while nothing is queued and slewed otherwise: a re-estimate has no
   * audible cause, so it must not be heard. Its audio-clock part follows the measurement at once:
   * a crystal's drift moves it smoothly (a median of output timestamps, microseconds per tick),
   * and its jumps are slips — the render thread stalled and that time is already lost audibly;
   * following at once puts the next clicks back on the beat instead of seconds later.
   */
  private slew(serverNow: number, elapsedMs: number): { readonly mapping: number; readonly stepped: boolean } {
    const perfNow = this.feed.toPerf(serverNow) ?? serverNow - performance.timeOrigin;
    const audioOffsetMs = this.engine.clock.offsetMs();
    const serverOffsetMs = serverNow - perfNow;
    // Clicks of this playback were scheduled (cleared on every stop, start or edit): slew from here.
    const queued = this.scheduledUntil !== undefined && this.applied !== undefined && this.recent.length > 0;
    const before = this.applied;
    const next = slewMapping(queued ? this.applied : undefined, serverOffsetMs, elapsedMs);
    this.applied = next.applied;
    const slipped = queued && this.lastAudioOffset !== undefined && Math.abs(audioOffsetMs - this.lastAudioOffset) > SLIP_MS;
    this.lastAudioOffset = audioOffsetMs;
    if (queued && before !== undefined) {
      this.stats = {
        gapMs: serverOffsetMs - next.applied,
        largestSlewMs: next.stepped ? this.stats.largestSlewMs : Math.max(this.stats.largestSlewMs, Math.abs(next.applied - before)),
        stepsWhilePlaying: this.stats.stepsWhilePlaying + (next.stepped ? 1 : 0),
        slipsWhilePlaying: this.stats.slipsWhilePlaying + (slipped ? 1 : 0),
        audioOffsetMs,
        serverOffsetMs,
      };
    } else this.stats = { ...this.stats, gapMs: 0, audioOffsetMs, serverOffsetMs };
    return { mapping: next.applied + audioOffsetMs, stepped: queued && (next.stepped || slipped) };
  }

  private listen(tap: AudioTap): void {
    if (this.disposed) return;
    this.offTap = tap.onOnset((o) => this.onHeard(o));
    // The measurement hook the browser tests and benchmarks read (only with the tap on).
    (window as WindowWithTapHook).riffboardAudioTap = {
      heard: () => [...this.heard],
      onsets: () => [...this.onsets],
      mapping: () => this.stats,
      samples: async (seconds) => {
        const s = await tap.samples(seconds);
        return { data: Array.from(s.data), rate: s.sampleRate };
      },
    };
  }

  /** A tapped onset: which click it is (A3), and when it was heard on each clock. */
  private onHeard(o: TapOnset): void {
    this.onsets.push({ localEpochMs: performance.timeOrigin + o.perfMs, peak: o.peak });
    if (this.onsets.length > HEARD_KEPT) this.onsets.shift();
    const click = matchScheduled(o.contextTime, this.recent, MATCH_TOLERANCE_S);
    if (!click) return;
    const perfNow = performance.now();
    const serverOffset = (this.feed.serverNow() ?? perfNow + performance.timeOrigin) - perfNow;
    const heard: HeardClick = {
      modelServerMs: click.serverMs,
      isDownbeat: click.isDownbeat,
      localEpochMs: performance.timeOrigin + o.perfMs,
      serverMs: o.perfMs + serverOffset,
      renderErrorMs: (o.contextTime - click.contextTime) * 1000,
      peak: o.peak,
    };
    this.heard.push(heard);
    if (this.heard.length > HEARD_KEPT) this.heard.shift();
    const start = this.lastStart;
    if (start && start.modelServerMs === click.serverMs && start.heardLocalEpochMs === undefined) {
      this.lastStart = { ...start, heardLocalEpochMs: heard.localEpochMs };
      for (const l of this.listeners) l();
    }
  }

  private record(startServerMs: number, modelServerMs: number, contextTime: number): void {
    this.recordedFor = startServerMs;
    this.lastStart = {
      startServerMs,
      modelServerMs,
      localEpochMs: performance.timeOrigin + this.engine.clock.perfTimeOf(contextTime),
      uncertaintyMs: this.feed.uncertaintyMs(),
      acceptedBoundMs: this.feed.acceptedBoundMs(),
    };
    for (const l of this.listeners) l();
  }
}
