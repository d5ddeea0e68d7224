/**
 * Sounds the room's countdown cues on this device, at the server times the countdown gives (F3,
 * F4): a tick every {@link TICK_MS} schedules any cue within {@link AHEAD_MS} at the context time
 * that makes it heard at its server time, the same mapping the metronome uses. An end-on-the-bar
 * chime falls on a metronome downbeat; it takes the very context time the metronome scheduled that
 * click at, so the two start on the same sample.
 *
 * Every cue is recorded once (kind, server time, context time or why it was silent), which the
 * visual cue and the tests read. A cue whose time passed before this tab saw it (joined late,
 * woke from sleep) is recorded as missed and not played late.
 */
import type { AudioEngine } from './audioEngine.ts';
import type { CueKind } from './cueSamples.ts';
import { CueVoice } from './CueVoice.ts';

const TICK_MS = 25;
/** Shorter than the metronome's lookahead, so the downbeat is scheduled before the chime looks for it. */
const AHEAD_MS = 120;
const MIN_MARGIN_S = 0.004;
/** A cue seen up to this late still counts as "now" for the visual cue, but is not played. */
const MISSED_AFTER_MS = 250;

export interface PlannedCue {
  readonly kind: CueKind;
  readonly serverMs: number;
}

export interface CueEvent extends PlannedCue {
  /** The AudioContext time it was scheduled at, or null when it was silent. */
  readonly contextTime: number | null;
  readonly silentBecause: 'audio-locked' | 'missed' | null;
}

export interface CueFeed {
  /** The cues the countdown currently calls for. */
  cues(): readonly PlannedCue[];
  subscribe(onChange: () => void): () => void;
  serverNow(): number | undefined;
  toPerf(serverMs: number): number | undefined;
  /** The context time the metronome scheduled a click at this server time, if it did. */
  clickAt(serverMs: number): number | undefined;
}

const keyOf = (c: PlannedCue): string => `${c.kind}@${Math.round(c.serverMs)}`;

export class CueAudio {
  private readonly voice: CueVoice;
  private readonly done = new Map<string, CueEvent>();
  /** Cancel functions of cues scheduled but perhaps not yet sounding. */
  private readonly pending = new Map<string, () => void>();
  private log: readonly CueEvent[] = [];
  private readonly timer: number;
  private readonly timers = new Set<number>();
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly engine: AudioEngine,
    private readonly feed: CueFeed,
  ) {
    this.voice = new CueVoice(engine.tone);
    this.unsubscribe = feed.subscribe(() => this.replan());
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
  }

  /** Every cue this tab has handled, oldest first. */
  getLog = (): readonly CueEvent[] => this.log;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setGain(gain: number): void {
    this.voice.setGain(gain);
  }

  dispose(): void {
    window.clearInterval(this.timer);
    for (const t of this.timers) window.clearTimeout(t);
    this.unsubscribe();
    this.voice.dispose();
    this.listeners.clear();
  }

  /** The countdown changed: cues scheduled for times it no longer calls for are cancelled. */
  private replan(): void {
    const wanted = new Set(this.feed.cues().map(keyOf));
    let dropped = false;
    for (const [k, cancel] of this.pending) {
      if (wanted.has(k)) continue;
      cancel();
      this.pending.delete(k);
      this.done.delete(k);
      dropped = true;
    }
    if (dropped) this.log = this.log.filter((e) => this.done.has(keyOf(e)));
    this.tick();
  }

  private tick(): void {
    const now = this.feed.serverNow();
    if (now === undefined) return;
    for (const cue of this.feed.cues()) {
      const key = keyOf(cue);
      if (this.done.has(key) || cue.serverMs > now + AHEAD_MS) continue;
      this.record(key, this.place(key, cue, now));
    }
  }

  private place(key: string, cue: PlannedCue, now: number): CueEvent {
    if (cue.serverMs < now - MISSED_AFTER_MS) return { ...cue, contextTime: null, silentBecause: 'missed' };
    if (!this.engine.running) return { ...cue, contextTime: null, silentBecause: 'audio-locked' };
    this.engine.clock.sample();
    const perf = this.feed.toPerf(cue.serverMs);
    const t = this.feed.clickAt(cue.serverMs) ?? (perf === undefined ? undefined : this.engine.clock.contextTimeFor(perf));
    if (t === undefined || t < this.engine.raw.currentTime + MIN_MARGIN_S) return { ...cue, contextTime: null, silentBecause: 'missed' };
    this.pending.set(key, this.voice.play(cue.kind, t));
    const forget = window.setTimeout(
      () => {
        this.pending.delete(key);
        this.timers.delete(forget);
      },
      Math.max(0, (t - this.engine.raw.currentTime) * 1000) + 100,
    );
    this.timers.add(forget);
    return { ...cue, contextTime: t, silentBecause: null };
  }

  private record(key: string, e: CueEvent): void {
    this.done.set(key, e);
    this.log = [...this.log, e].slice(-50);
    for (const l of this.listeners) l();
  }
}
