/**
 * Reference audio: decoding (for waveform peaks and playback) and playing a reference, alone or on
 * the room's shared transport ("listen together").
 *
 * Listen together uses the metronome's clock chain: the doc says reference X's `fromSeconds`
 * sounds at server time `startServerMs` (`shared/src/transport/referencePlayback.ts`); server →
 * performance.now() through the room's server-clock estimate, performance → context time through
 * `AudioClock` (output latency included). A late joiner starts at once with the offset advanced by
 * the time already elapsed, so everyone hears the same position. Each start is a fresh
 * `ToneBufferSource` (PLATFORM.md: a fresh source per start is sample-exact, a reused one is not).
 *
 * Why the whole file is decoded rather than streamed through an <audio> element: a media element
 * can't be started at an exact context time, so two rooms' playback would drift apart by its
 * start jitter (tens of ms). Decoding costs a download; the Range support on the server is used by
 * the <audio>-free bench and by anyone streaming a file directly.
 */
import * as Tone from 'tone';
import {
  activeSource,
  getReferencePlayback,
  observeReferencePlayback,
  observeTransport,
  readTransport,
  referencePositionAt,
  type ReferencePlayback,
} from '@riffboard/shared';
import type * as Y from 'yjs';
import { AudioEngine } from './audioEngine.ts';

export class DecodeError extends Error {
  constructor() {
    super('Couldn’t decode this file: it may be truncated or in a format this browser can’t play.');
  }
}

/** Decodes audio bytes with WebAudio; throws DecodeError for truncated or undecodable files. */
export async function decodeAudio(bytes: ArrayBuffer): Promise<AudioBuffer> {
  // An OfflineAudioContext decodes without needing the page's (possibly suspended) output context.
  const ctx = new OfflineAudioContext(1, 1, 44100);
  try {
    const buf = await ctx.decodeAudioData(bytes);
    if (buf.length === 0 || !Number.isFinite(buf.duration)) throw new DecodeError();
    return buf;
  } catch {
    throw new DecodeError();
  }
}

export function channelsOf(buf: AudioBuffer): Float32Array[] {
  return Array.from({ length: buf.numberOfChannels }, (_, i) => buf.getChannelData(i));
}

/** What a panel shows: which reference is sounding, from where, and whether it's the room's. */
export interface PlayerState {
  readonly referenceId: string | undefined;
  readonly playing: boolean;
  /** Playing on the shared transport (everyone hears it). */
  readonly shared: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

/** What the player needs from the room: its doc and server clock. */
export interface ReferenceFeed {
  readonly doc: Y.Doc;
  serverNow(): number | undefined;
  toPerf(serverMs: number): number | undefined;
  /** The decoded audio for a reference (cached by the caller). */
  load(referenceId: string): Promise<AudioBuffer>;
}

const MIN_MARGIN_S = 0.01;

export class ReferencePlayer {
  private state: PlayerState = { referenceId: undefined, playing: false, shared: false, loading: false, error: undefined };
  private source: Tone.ToneBufferSource | undefined;
  /** Context time at which position `startOffset` sounded/sounds. */
  private startCtx = 0;
  private startOffset = 0;
  private pausedAt = 0;
  private sharedKey: string | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];
  private generation = 0;

  constructor(private readonly feed: ReferenceFeed) {
    const onShared = (): void => void this.followShared();
    this.offs.push(observeReferencePlayback(feed.doc, onShared), observeTransport(feed.doc, onShared));
    void this.followShared();
  }

  getState = (): PlayerState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Seconds into the current reference, now. */
  position(): number {
    if (!this.state.playing) return this.pausedAt;
    // What is heard now: the start's output time (latency included, as it was scheduled) on the
    // performance clock, which both the playhead and the server-clock estimate use.
    const engine = AudioEngine.get();
    return this.startOffset + Math.max(0, performance.now() - engine.clock.perfTimeOf(this.startCtx)) / 1000;
  }

  /** Plays a reference on this device only. */
  async playLocal(referenceId: string, fromSeconds: number): Promise<void> {
    this.sharedKey = undefined;
    await this.start(referenceId, fromSeconds, undefined, false);
  }

  pauseLocal(): void {
    this.pausedAt = this.position();
    this.stopSource();
    this.set({ playing: false, shared: false });
  }

  /** Moves the playhead; keeps playing if it was. */
  async seek(referenceId: string, seconds: number): Promise<void> {
    if (this.state.playing && this.state.referenceId === referenceId && !this.state.shared) return this.playLocal(referenceId, seconds);
    this.pausedAt = Math.max(0, seconds);
    this.set({ referenceId });
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.stopSource();
    this.listeners.clear();
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private stopSource(): void {
    this.generation++;
    const s = this.source;
    this.source = undefined;
    if (s) {
      try {
        s.stop();
      } catch {
        // Already stopped (it reached the end).
      }
      s.dispose();
    }
  }

  /** Follows the shared transport: start, seek and stop whatever the room is playing. */
  private async followShared(): Promise<void> {
    const song = readTransport(this.feed.doc).playback;
    const rp = getReferencePlayback(this.feed.doc);
    const src = activeSource(song, rp);
    if (src.kind !== 'reference') {
      if (this.state.shared) {
        this.pausedAt = rp && rp.referenceId === this.state.referenceId ? rp.fromSeconds : this.position();
        this.stopSource();
        this.sharedKey = undefined;
        this.set({ playing: false, shared: false });
      }
      return;
    }
    const p: ReferencePlayback = src.playback;
    const key = `${p.referenceId}@${p.startServerMs}@${p.fromSeconds}`;
    if (key === this.sharedKey) return;
    this.sharedKey = key;
    await this.start(p.referenceId, p.fromSeconds, p.startServerMs, true);
  }

  private async start(referenceId: string, fromSeconds: number, startServerMs: number | undefined, shared: boolean): Promise<void> {
    this.stopSource();
    const gen = this.generation;
    this.set({ referenceId, loading: true, error: undefined, shared });
    let buffer: AudioBuffer;
    const engine = AudioEngine.get();
    try {
      await engine.resume();
      buffer = await this.feed.load(referenceId);
    } catch (err) {
      if (gen === this.generation) this.set({ loading: false, playing: false, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (gen !== this.generation) return; // superseded while loading
    engine.clock.sample();
    const now = engine.raw.currentTime + MIN_MARGIN_S;
    let at = now;
    let offset = fromSeconds;
    if (startServerMs !== undefined) {
      const perf = this.feed.toPerf(startServerMs);
      const target = perf === undefined ? now : engine.clock.contextTimeFor(perf);
      if (target >= now) at = target;
      else offset = fromSeconds + (now - target); // late: join where the room is
      // Cross-check with the server clock so a stale audio clock can't put us far off.
      const serverNow = this.feed.serverNow();
      if (perf === undefined && serverNow !== undefined)
        offset = referencePositionAt({ referenceId, playing: true, fromSeconds, startServerMs }, serverNow);
    }
    if (offset >= buffer.duration) {
      this.pausedAt = buffer.duration;
      this.set({ loading: false, playing: false });
      return;
    }
    const source = new Tone.ToneBufferSource({ url: new Tone.ToneAudioBuffer(buffer), context: engine.tone }).toDestination();
    source.onended = () => {
      if (this.source !== source) return;
      this.pausedAt = buffer.duration;
      this.source = undefined;
      this.set({ playing: false });
    };
    source.start(at, offset);
    this.source = source;
    this.startCtx = at;
    this.startOffset = offset;
    this.set({ loading: false, playing: true });
  }
}
