/**
 * Playing a reference, alone or on the room's shared transport ("listen together").
 *
 * Time to first audio decides how a reference is played (`referenceVoices.ts`). A file already
 * decoded here (the uploader's, or one heard together before) plays from its buffer at once. Any
 * other file is streamed through an `<audio>` element, which fetches with HTTP Range only what it
 * needs — a 10-minute WAV starts in a fraction of a second instead of after a 100 MB download,
 * and a seek fetches from the new place. Solo listening stays on the stream.
 *
 * Listen together uses the metronome's clock chain: the doc says reference X's `fromSeconds`
 * sounds at server time `startServerMs` (`shared/src/transport/referencePlayback.ts`); server →
 * performance.now() through the room's server-clock estimate, performance → context time through
 * `AudioClock` (output latency included). A media element can't start at an exact context time, so
 * the stream starts where the room is and is held there by rate nudges (~10 ms), while the whole
 * file downloads and decodes in the background; then a fresh buffer source takes over at an exact
 * context time with a 15 ms cross-fade (a fresh source per start lands on its sample; a reused one
 * can be a render quantum late). From there each tab plays sample-exactly on its own audio clock,
 * and tabs agree as closely as their server-clock estimates do: a few milliseconds on a LAN
 * (the browser suite holds them within 20 ms). A late joiner lands where the room is.
 */
import {
  activeSource,
  getReferencePlayback,
  observeReferencePlayback,
  observeTransport,
  readTransport,
  referencePositionAt,
  references,
  type ReferencePlayback,
} from '@riffboard/shared';
import { AudioEngine } from './audioEngine.ts';
import { PlayerOutput } from './playerOutput.ts';
import type { PlayerState, ReferenceFeed } from './referencePlayerTypes.ts';
import { BufferVoice, StreamVoice } from './referenceVoices.ts';

export type { PlayerState, ReferenceFeed } from './referencePlayerTypes.ts';

const MIN_MARGIN_S = 0.01;
/** How far ahead of "now" a hand-over from stream to buffer is scheduled, so it is never late. */
const HANDOVER_LEAD_S = 0.1;

type Voice = { readonly kind: 'buffer'; readonly v: BufferVoice } | { readonly kind: 'stream'; readonly v: StreamVoice };

export class ReferencePlayer {
  private state: PlayerState = {
    referenceId: undefined,
    playing: false,
    shared: false,
    loading: false,
    error: undefined,
    source: undefined,
  };
  private voice: Voice | undefined;
  /** The last stream, kept across pauses so a resume or seek reuses what it has buffered. */
  private stream: StreamVoice | undefined;
  private readonly out = new PlayerOutput();
  private pausedAt = 0;
  private sharedKey: string | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];
  private generation = 0;

  constructor(private readonly feed: ReferenceFeed) {
    const onShared = (): void => void this.followShared();
    this.offs.push(
      observeReferencePlayback(feed.doc, onShared),
      observeTransport(feed.doc, onShared),
      references(feed.doc).observe(() => this.forgetDeleted()),
    );
    void this.followShared();
  }

  getState = (): PlayerState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Seconds into the current reference, now. */
  position(): number {
    if (!this.state.playing || !this.voice) return this.pausedAt;
    return this.voice.v.position();
  }

  /** The output level in dBFS (−Infinity when silent), for the meter. */
  level(): number {
    return this.out.level();
  }

  /** Plays a reference on this device only. */
  async playLocal(referenceId: string, fromSeconds: number): Promise<void> {
    this.sharedKey = undefined;
    await this.start(referenceId, fromSeconds, undefined, false);
  }

  pauseLocal(): void {
    this.pausedAt = this.position();
    this.stopVoice();
    this.set({ playing: false, shared: false, loading: false });
  }

  /** Moves the playhead; keeps playing if it was. */
  async seek(referenceId: string, seconds: number): Promise<void> {
    if (this.state.playing && this.state.referenceId === referenceId && !this.state.shared) return this.playLocal(referenceId, seconds);
    this.pausedAt = Math.max(0, seconds);
    this.set({ referenceId });
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.stopVoice();
    this.stream?.dispose();
    this.stream = undefined;
    this.out.dispose();
    this.listeners.clear();
  }

  /** Someone deleted the reference this player holds: stop it (wherever its controls are) and let go of its stream. */
  private forgetDeleted(): void {
    const id = this.state.referenceId;
    if (id === undefined || references(this.feed.doc).has(id)) return;
    this.stopVoice();
    this.stream?.dispose();
    this.stream = undefined;
    this.sharedKey = undefined;
    this.pausedAt = 0;
    this.set({ referenceId: undefined, playing: false, shared: false, loading: false, error: undefined, source: undefined });
  }

  /** This person's mix changed: the reference playing gets its new gain. */
  mixChanged(): void {
    this.out.setGain(this.state.referenceId === undefined ? 1 : this.feed.gainOf(this.state.referenceId));
  }

  private set(patch: Partial<PlayerState>): void {
    const switched = patch.referenceId !== undefined && patch.referenceId !== this.state.referenceId;
    this.state = { ...this.state, ...patch };
    if (switched) this.mixChanged();
    for (const l of this.listeners) l();
  }

  private stopVoice(): void {
    this.generation++;
    const voice = this.voice;
    this.voice = undefined;
    if (voice?.kind === 'buffer') voice.v.stop();
    // Paused, not disposed: resuming or seeking the same reference reuses its buffered data.
    this.stream?.pause();
  }

  /** The stream for a reference: the kept one if it is that reference's, else a fresh one. */
  private streamFor(engine: AudioEngine, referenceId: string, url: string): StreamVoice {
    if (this.stream?.referenceId === referenceId) return this.stream;
    this.stream?.dispose();
    const stream = new StreamVoice(engine, referenceId, url, this.out.bus(engine));
    stream.onEnded = () => {
      if (this.voice?.v !== stream) return;
      this.pausedAt = stream.position();
      this.voice = undefined;
      this.set({ playing: false, loading: false });
    };
    stream.onBuffering = (buffering) => {
      if (this.voice?.v === stream && this.state.loading !== buffering) this.set({ loading: buffering });
    };
    this.stream = stream;
    return stream;
  }

  /** Follows the shared transport: start, seek and stop whatever the room is playing. */
  private async followShared(): Promise<void> {
    const song = readTransport(this.feed.doc).playback;
    const rp = getReferencePlayback(this.feed.doc);
    const src = activeSource(song, rp);
    if (src.kind !== 'reference') {
      if (this.state.shared) {
        this.pausedAt = rp && rp.referenceId === this.state.referenceId ? rp.fromSeconds : this.position();
        this.stopVoice();
        this.sharedKey = undefined;
        this.set({ playing: false, shared: false, loading: false });
      }
      return;
    }
    const p: ReferencePlayback = src.playback;
    const key = `${p.referenceId}@${p.startServerMs}@${p.fromSeconds}`;
    if (key === this.sharedKey) return;
    this.sharedKey = key;
    await this.start(p.referenceId, p.fromSeconds, p.startServerMs, true);
  }

  /** Where the room's timeline is (seconds into the reference) at performance time `perfMs`. */
  private sharedPosition(fromSeconds: number, startServerMs: number, perfMs: number): number {
    const startPerf = this.feed.toPerf(startServerMs);
    if (startPerf !== undefined) return fromSeconds + (perfMs - startPerf) / 1000;
    const serverNow = this.feed.serverNow() ?? Date.now();
    const p = referencePositionAt({ referenceId: '', playing: true, fromSeconds, startServerMs }, serverNow);
    return p + (perfMs - performance.now()) / 1000;
  }

  private async start(referenceId: string, fromSeconds: number, startServerMs: number | undefined, shared: boolean): Promise<void> {
    this.stopVoice();
    const gen = this.generation;
    this.set({ referenceId, loading: true, error: undefined, shared });
    const engine = AudioEngine.get();
    const fail = (err: unknown): void => {
      if (gen === this.generation) this.set({ loading: false, playing: false, error: err instanceof Error ? err.message : String(err) });
    };
    try {
      await engine.resume();
    } catch (err) {
      return fail(err);
    }
    if (gen !== this.generation) return;
    // A tab that has just joined waits for a trustworthy clock rather than start off the room (C8),
    // and a context that has just resumed for a steady mapping to its audio clock: placed on the
    // first timestamp after the resume, starts were heard 10–20 ms off the room's.
    while (startServerMs !== undefined && !(this.feed.settled() && engine.clock.ready())) {
      await new Promise((r) => window.setTimeout(r, 25));
      if (gen !== this.generation) return;
    }
    const buffer = this.feed.decoded(referenceId);
    if (buffer) return this.startBuffer(engine, buffer, fromSeconds, startServerMs);
    const url = this.feed.streamUrl(referenceId);
    if (!url) return fail(new Error('This reference has no audio file.'));
    const stream = this.streamFor(engine, referenceId, url);
    const where = (perf: number): number =>
      startServerMs === undefined ? fromSeconds : Math.max(0, this.sharedPosition(fromSeconds, startServerMs, perf));
    try {
      await stream.prepare(where(performance.now()));
      if (gen !== this.generation) return;
      if (startServerMs !== undefined) {
        // A shared start is announced ahead: wait for it, then go from wherever the room is by then.
        const startPerf = this.feed.toPerf(startServerMs);
        const wait = startPerf === undefined ? 0 : startPerf - performance.now();
        if (wait > 0) await new Promise((r) => window.setTimeout(r, wait));
        if (gen !== this.generation) return;
        if (Math.abs(stream.position() - where(performance.now())) > 0.05) await stream.prepare(where(performance.now()));
        if (gen !== this.generation) return;
      }
      await stream.play();
    } catch (err) {
      return fail(err);
    }
    if (gen !== this.generation) {
      if (this.voice?.v !== stream) stream.pause();
      return;
    }
    this.voice = { kind: 'stream', v: stream };
    this.set({ loading: false, playing: true, source: 'stream' });
    if (startServerMs !== undefined) {
      stream.holdPosition(() => where(performance.now()));
      void this.handOver(engine, gen, referenceId, stream, fromSeconds, startServerMs);
    }
  }

  /** Listen together: once the whole file is decoded, a buffer source takes over from the stream exactly on the room's timeline. */
  private async handOver(
    engine: AudioEngine,
    gen: number,
    referenceId: string,
    stream: StreamVoice,
    fromSeconds: number,
    startServerMs: number,
  ): Promise<void> {
    let buffer: AudioBuffer;
    try {
      buffer = await this.feed.load(referenceId);
    } catch {
      return; // stay on the stream (held in step by rate nudges)
    }
    if (gen !== this.generation || this.voice?.v !== stream) return;
    engine.clock.sample();
    const at = engine.raw.currentTime + HANDOVER_LEAD_S;
    const offset = this.sharedPosition(fromSeconds, startServerMs, engine.clock.perfTimeOf(at));
    if (offset >= buffer.duration - HANDOVER_LEAD_S) return; // nearly over: let the stream finish
    const voice = this.bufferVoice(engine, buffer, at, offset, true);
    stream.fadeOutAt(at);
    this.voice = { kind: 'buffer', v: voice };
    this.set({ source: 'buffer' });
  }

  private startBuffer(engine: AudioEngine, buffer: AudioBuffer, fromSeconds: number, startServerMs: number | undefined): void {
    engine.clock.sample();
    const now = engine.raw.currentTime + MIN_MARGIN_S;
    let at = now;
    let offset = fromSeconds;
    if (startServerMs !== undefined) {
      const perf = this.feed.toPerf(startServerMs);
      if (perf === undefined) offset = this.sharedPosition(fromSeconds, startServerMs, engine.clock.perfTimeOf(now));
      else {
        const target = engine.clock.contextTimeFor(perf);
        if (target >= now) at = target;
        else offset = fromSeconds + (now - target); // late: join where the room is
      }
    }
    if (offset >= buffer.duration) {
      this.pausedAt = buffer.duration;
      this.set({ loading: false, playing: false });
      return;
    }
    this.voice = { kind: 'buffer', v: this.bufferVoice(engine, buffer, at, offset, false) };
    this.set({ loading: false, playing: true, source: 'buffer' });
  }

  private bufferVoice(engine: AudioEngine, buffer: AudioBuffer, at: number, offset: number, fadeIn: boolean): BufferVoice {
    const voice: BufferVoice = new BufferVoice(engine, buffer, this.out.bus(engine), at, offset, fadeIn, () => {
      if (this.voice?.v !== voice) return;
      this.pausedAt = buffer.duration;
      this.voice = undefined;
      this.set({ playing: false });
    });
    return voice;
  }
}
