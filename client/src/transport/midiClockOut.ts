/**
 * MIDI clock out over Web MIDI (shared transport SPEC MC1–MC7): this device sends the shared
 * transport's clock, Start/Stop/Continue and Song Position Pointer to a MIDI output the person
 * picks, so a local DAW or drum machine plays along with the room.
 *
 * A tick every {@link TICK_MS} takes the messages of [already sent, server now + {@link AHEAD_MS})
 * from the pure schedule (`midiClockMessages`) and hands each to `output.send(bytes, timestamp)`
 * with its server time mapped to `performance.now()` by the server-clock estimate, plus the
 * person's latency offset. Web MIDI's own timestamped queue then sends it on time, so the
 * main thread's jitter only has to stay under the look-ahead. A message whose time has passed (the
 * page stalled longer than the look-ahead) is sent at once rather than dropped: a missing clock
 * would leave the receiver behind until the next SPP, a late one only nudges its tempo. Any change
 * of the transport or the tempo map sends Stop at once if the receiver was running, and follows
 * the new state from now — joining mid-song with an SPP and a Continue when the playback is
 * already running (MC5). Where the browser can't `clear()` what is queued, a second Stop follows
 * the last queued message, and a join waits for the queue to drain, so a queued Continue or clock
 * can't restart or move the receiver.
 *
 * Like the metronome, it stays silent until the server clock is settled (C8), and it holds its
 * server → performance mapping steady while the receiver runs: a re-estimate of the server clock
 * is followed by at most 1 ms per second (A4's slew), so the receiver never hears a tempo jolt;
 * the mapping re-anchors whenever the receiver is stopped.
 *
 * `window.riffboardMidiClock.offsetMs()` reports the mapping in use (server − performance ms), so
 * a test's recording output can put each message on the server's axis exactly as it was sent.
 */
import {
  midiBytes,
  midiClockMessages,
  midiJoin,
  midiStopBytes,
  slewMapping,
  MIDI_CONTINUE,
  MIDI_SONG_POSITION,
  transportAt,
  type TempoTimeline,
  type TransportState,
} from '@riffboard/shared';

const TICK_MS = 25;
/** Look-ahead: enough to ride out a busy main thread; Web MIDI's queue does the exact timing. */
const AHEAD_MS = 200;
const PREFS_KEY = 'riffboard:midi-clock';
/** The latency offset's range (ms). */
export const MIDI_OFFSET_LIMIT_MS = 500;

/** This person's MIDI clock settings, on this device. */
export interface MidiClockPrefs {
  readonly enabled: boolean;
  /** The output's id as Web MIDI reports it (stable per device and browser). */
  readonly outputId: string | undefined;
  /** Added to every message's time (ms): positive sends later, negative earlier. */
  readonly offsetMs: number;
}

export const DEFAULT_MIDI_PREFS: MidiClockPrefs = { enabled: false, outputId: undefined, offsetMs: 0 };

export interface MidiOutputInfo {
  readonly id: string;
  readonly name: string;
}

/** Where MIDI clock out stands, for the panel. */
export type MidiClockStatus =
  | { readonly kind: 'off' }
  | { readonly kind: 'requesting' }
  /** The browser has no Web MIDI at all. */
  | { readonly kind: 'unsupported'; readonly message: string }
  | { readonly kind: 'denied'; readonly message: string }
  | { readonly kind: 'ready'; readonly outputs: readonly MidiOutputInfo[] };

export const NO_WEB_MIDI = 'This browser can’t send MIDI (no Web MIDI). Chrome, Edge and Firefox on a computer can.';
export const MIDI_DENIED = 'MIDI access was refused. Allow MIDI for this site in the browser’s settings, then switch MIDI clock on again.';

/** What the clock reads: the room's transport and server clock. */
export interface MidiClockFeed {
  read(): { readonly timeline: TempoTimeline; readonly state: TransportState };
  subscribe(onChange: () => void): () => void;
  serverNow(): number | undefined;
  toPerf(serverMs: number): number | undefined;
  settled(): boolean;
}

/** The slice of Web MIDI used here (so the page can be tested with an injected output). */
interface Output {
  readonly id: string;
  readonly name?: string | null;
  send(data: number[], timestamp?: number): void;
  clear?(): void;
}
interface Access {
  readonly outputs: { forEach(fn: (o: Output) => void): void };
  onstatechange: ((e: unknown) => void) | null;
}
type RequestMidi = (opts?: { sysex?: boolean }) => Promise<Access>;

function readMidiPrefs(): MidiClockPrefs {
  try {
    const r: unknown = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null');
    if (typeof r !== 'object' || r === null) return DEFAULT_MIDI_PREFS;
    const o = r as Record<string, unknown>;
    return {
      enabled: o.enabled === true,
      outputId: typeof o.outputId === 'string' ? o.outputId : undefined,
      offsetMs: clampOffset(typeof o.offsetMs === 'number' ? o.offsetMs : 0),
    };
  } catch {
    return DEFAULT_MIDI_PREFS; // unreadable storage: defaults
  }
}

const clampOffset = (ms: number): number =>
  Number.isFinite(ms) ? Math.max(-MIDI_OFFSET_LIMIT_MS, Math.min(MIDI_OFFSET_LIMIT_MS, Math.round(ms))) : 0;

/** Everything the schedule's timing depends on, as one comparable string. */
function timingKey(v: { readonly timeline: TempoTimeline; readonly state: TransportState }): string {
  const { timeline: tl, state } = v;
  return JSON.stringify([
    state,
    tl.tempo.map((t) => [t.startTicks, t.startBpm, t.endBpm, t.shape]),
    tl.meters.map((m) => [m.startTicks, m.numerator, m.denominator]),
    tl.sections.map((x) => [x.id, x.startTicks, x.endTicks]),
    tl.totalTicks,
  ]);
}

export class MidiClockOut {
  private prefs: MidiClockPrefs = readMidiPrefs();
  private status: MidiClockStatus = { kind: 'off' };
  private access: Access | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly timer: number;
  private readonly unsubscribe: () => void;
  /** Server time up to which messages were handed to the output. */
  private sentUntil: number | undefined;
  /** Whether the receiver is running after what was sent (Start/Continue without a Stop since). */
  private running = false;
  /** The server → performance mapping in use (server ms − performance ms), slewed while running. */
  private applied: number | undefined;
  private lastTickAt = performance.now();
  private timing: string;
  /** Performance time of the last message handed to the output (it may still be queued there). */
  private queuedUntilPerf = 0;
  /** Until when the output may still send messages of a replaced playback (no `clear()`). */
  private drainUntilPerf = 0;

  constructor(private readonly feed: MidiClockFeed) {
    this.timing = timingKey(feed.read());
    this.unsubscribe = feed.subscribe(() => {
      // The room's transport also notifies for a renamed section or a moved volume slider: only a
      // change of what the receiver hears (the playback, the loop, the tempo and meters) restarts it.
      const next = timingKey(feed.read());
      if (next === this.timing) return;
      this.timing = next;
      this.restart();
    });
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
    if (this.prefs.enabled) void this.requestAccess();
    (window as Window & { riffboardMidiClock?: { offsetMs(): number | undefined } }).riffboardMidiClock = {
      offsetMs: () => this.applied,
    };
  }

  getPrefs = (): MidiClockPrefs => this.prefs;
  getStatus = (): MidiClockStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes the settings; switching on asks the browser for MIDI access (it may prompt). */
  setPrefs(next: Partial<MidiClockPrefs>): void {
    const before = this.prefs;
    this.prefs = { ...before, ...next, offsetMs: clampOffset(next.offsetMs ?? before.offsetMs) };
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(this.prefs));
    } catch {
      // storage full or blocked: the setting still applies for this session
    }
    if (before.enabled && !this.prefs.enabled) this.status = { kind: 'off' };
    if (before.outputId !== this.prefs.outputId || !this.prefs.enabled) this.stopReceiver(this.outputFor(before));
    if (this.prefs.enabled && !this.access) void this.requestAccess();
    this.restart();
    this.emit();
  }

  dispose(): void {
    window.clearInterval(this.timer);
    this.unsubscribe();
    this.stopReceiver(this.output());
    if (this.access) this.access.onstatechange = null;
    this.listeners.clear();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private async requestAccess(): Promise<void> {
    const request = (navigator as Navigator & { requestMIDIAccess?: RequestMidi }).requestMIDIAccess;
    if (typeof request !== 'function') {
      this.status = { kind: 'unsupported', message: NO_WEB_MIDI };
      this.emit();
      return;
    }
    this.status = { kind: 'requesting' };
    this.emit();
    try {
      const access = await request.call(navigator, { sysex: false });
      this.access = access;
      access.onstatechange = () => this.refreshOutputs();
      this.refreshOutputs();
    } catch {
      this.status = { kind: 'denied', message: MIDI_DENIED };
      this.emit();
    }
  }

  private refreshOutputs(): void {
    if (!this.access) return;
    const outputs: MidiOutputInfo[] = [];
    this.access.outputs.forEach((o) => outputs.push({ id: o.id, name: o.name || o.id }));
    if (this.prefs.enabled) this.status = { kind: 'ready', outputs };
    this.emit();
  }

  private outputFor(prefs: MidiClockPrefs): Output | undefined {
    if (!this.access || prefs.outputId === undefined) return undefined;
    let found: Output | undefined;
    this.access.outputs.forEach((o) => {
      if (o.id === prefs.outputId) found = o;
    });
    return found;
  }

  private output(): Output | undefined {
    return this.prefs.enabled ? this.outputFor(this.prefs) : undefined;
  }

  /** A stop, seek or edit: stop the receiver now, drop what is queued, follow the new state (MC5). */
  private restart(): void {
    this.stopReceiver(this.output());
    this.sentUntil = undefined;
    this.tick();
  }

  private stopReceiver(out: Output | undefined): void {
    if (!out) return;
    const now = performance.now();
    const cleared = typeof out.clear === 'function';
    out.clear?.();
    if (this.running) out.send(midiStopBytes());
    if (!cleared && this.queuedUntilPerf > now) {
      out.send(midiStopBytes(), this.queuedUntilPerf + 0.1);
      this.drainUntilPerf = this.queuedUntilPerf + 0.1;
    }
    this.running = false;
  }

  private tick(): void {
    const out = this.output();
    const now = this.feed.serverNow();
    const tickAt = performance.now();
    const elapsed = tickAt - this.lastTickAt;
    this.lastTickAt = tickAt;
    if (!out || now === undefined || !this.feed.settled()) {
      this.sentUntil = undefined;
      return;
    }
    const target = now - (this.feed.toPerf(now) ?? now - performance.timeOrigin);
    const applied = slewMapping(this.running ? this.applied : undefined, target, elapsed).applied;
    this.applied = applied;
    // On from where the last tick stopped, even after a stall: what fell due meanwhile goes out late
    // rather than never (the receiver counts clocks).
    const from = this.sentUntil ?? now;
    const to = now + AHEAD_MS;
    if (to <= from) return;
    const { timeline, state } = this.feed.read();
    const perf = (serverMs: number): number => serverMs - applied + this.prefs.offsetMs;
    let messages = midiClockMessages(timeline, state, from, to);
    const starts = messages.some((m) => m.kind === 'start' || m.kind === 'continue');
    if (!this.running && !starts && transportAt(timeline, state, from).phase === 'playing') {
      // Already playing and the receiver is stopped: join on the next sixteenth.
      const join = midiJoin(timeline, state, Math.max(from, this.drainUntilPerf + applied - this.prefs.offsetMs));
      if (join) {
        out.send([MIDI_SONG_POSITION, join.sixteenths & 0x7f, (join.sixteenths >> 7) & 0x7f]);
        out.send([MIDI_CONTINUE], perf(join.continueMs));
        this.queuedUntilPerf = Math.max(this.queuedUntilPerf, perf(join.continueMs));
        this.running = true;
        messages = midiClockMessages(timeline, state, join.continueMs, Math.max(to, join.continueMs + 1));
        this.sentUntil = Math.max(to, join.continueMs + 1);
        this.sendAll(out, messages, perf);
        return;
      }
    }
    this.sendAll(out, messages, perf);
    this.sentUntil = to;
  }

  private sendAll(out: Output, messages: ReturnType<typeof midiClockMessages>, perf: (serverMs: number) => number): void {
    const nowPerf = performance.now();
    for (const m of messages) {
      const at = Math.max(perf(m.serverMs), nowPerf);
      if (m.kind === 'stop') this.running = false;
      else if (m.kind === 'start' || m.kind === 'continue') this.running = true;
      out.send(midiBytes(m), at);
      this.queuedUntilPerf = Math.max(this.queuedUntilPerf, at);
    }
  }
}
