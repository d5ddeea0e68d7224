/**
 * The two ways a reference sounds, both into the player's output bus.
 *
 * - {@link StreamVoice}: an `<audio>` element routed into the audio graph. The browser fetches only
 *   what it needs with HTTP Range requests, so a 10-minute file starts after its header and the
 *   first chunk at the play position instead of after a 100 MB download, and seeks fetch from the
 *   new place. Its start can't be placed on the audio clock exactly, so the room's position is held
 *   by nudging the playback rate (`holdPosition`), to within ~10 ms.
 * - {@link BufferVoice}: the decoded file started at an exact context time — sample-exact, which
 *   is what listen-together hands over to once the whole file is in.
 */
import * as Tone from 'tone';
import type { AudioEngine } from './audioEngine.ts';

/** Cross-fade length at a hand-over or a stop: long enough to hide the seam, short enough not to smear a transient. */
const FADE_S = 0.015;

/** A stream that drifts further than this from where the room is jumps instead of catching up. */
const JUMP_S = 0.3;
/** Within this, a stream is in step; beyond it, its rate is nudged (±5 % at most, pitch kept). */
const IN_STEP_S = 0.008;
const MAX_NUDGE = 0.05;

export class BufferVoice {
  private readonly source: Tone.ToneBufferSource;

  /** Plays `buffer` from `offset` seconds at context time `at`, fading in when it takes over from a stream. */
  constructor(
    private readonly engine: AudioEngine,
    buffer: AudioBuffer,
    output: Tone.InputNode,
    readonly at: number,
    readonly offset: number,
    fadeIn: boolean,
    onEnded: () => void,
  ) {
    this.source = new Tone.ToneBufferSource({
      url: new Tone.ToneAudioBuffer(buffer),
      context: engine.tone,
      fadeIn: fadeIn ? FADE_S : 0,
      fadeOut: FADE_S,
      curve: 'linear',
    });
    this.source.connect(output);
    this.source.onended = onEnded;
    this.source.start(at, offset);
  }

  /** Seconds into the file heard now (before `at` this is where the timeline is, not negative time). */
  position(): number {
    return Math.max(0, this.offset + (performance.now() - this.engine.clock.perfTimeOf(this.at)) / 1000);
  }

  /** Fades out now and releases the source. */
  stop(): void {
    try {
      this.source.stop();
    } catch {
      // Already stopped (it reached the end).
    }
    // Dispose after the fade-out has run, not before (disposing cuts it off with a click).
    window.setTimeout(() => this.source.dispose(), (FADE_S + 0.05) * 1000);
  }
}

const DECODE_SENTENCE = 'Couldn’t decode this file: it may be truncated or in a format this browser can’t play.';

/**
 * What a media element's failure means to the person pressing play. Chromium reports an HTTP
 * error (a revoked link, a missing file) as "format not supported", so the address is asked
 * once — for a single byte — before blaming the file.
 */
async function mediaErrorSentence(err: MediaError | null, url: string): Promise<string> {
  if (err?.code === MediaError.MEDIA_ERR_DECODE) return DECODE_SENTENCE;
  const res = await fetch(url, { headers: { range: 'bytes=0-0' } }).catch(() => undefined);
  if (!res) return 'The audio file could not be downloaded: check your connection.';
  if (res.status === 401 || res.status === 403) return 'This link no longer gives access to the audio file.';
  if (res.status === 404) return 'The audio file is no longer on the server.';
  if (!res.ok) return `The audio file could not be downloaded (HTTP ${res.status}).`;
  return err?.code === MediaError.MEDIA_ERR_NETWORK ? 'The audio file could not be downloaded.' : DECODE_SENTENCE;
}

export class StreamVoice {
  private readonly el: HTMLAudioElement;
  private readonly node: MediaElementAudioSourceNode;
  private readonly gain: GainNode;
  private holdTimer = 0;
  private disposed = false;
  onEnded: () => void = () => undefined;
  /** Buffering (true) or sounding again (false) after a start. */
  onBuffering: (buffering: boolean) => void = () => undefined;

  constructor(
    private readonly engine: AudioEngine,
    readonly referenceId: string,
    private readonly url: string,
    output: Tone.InputNode,
  ) {
    this.el = new Audio();
    this.el.preload = 'metadata';
    this.el.src = url;
    // The graph, not the element, goes to the speakers: same output path (and latency) as the
    // buffer voice, and a gain we can ramp on the audio clock for the hand-over.
    this.node = engine.raw.createMediaElementSource(this.el);
    this.gain = engine.raw.createGain();
    this.node.connect(this.gain);
    Tone.connect(this.gain, output);
    this.el.addEventListener('ended', () => this.onEnded());
    this.el.addEventListener('waiting', () => this.onBuffering(true));
    this.el.addEventListener('playing', () => this.onBuffering(false));
  }

  /**
   * Seconds into the file heard now. The element's clock is where the graph pulls its frames from,
   * which reach the speaker one output latency later (the buffer voice schedules for that already).
   */
  position(): number {
    if (this.el.paused) return this.el.currentTime;
    return Math.max(0, this.el.currentTime - this.engine.clock.outputDelaySeconds());
  }

  get paused(): boolean {
    return this.el.paused;
  }

  /**
   * Moves to `offset` and waits until there is data to play from there (metadata first: seeking
   * before it is known is ignored by some decoders). Rejects with a sentence for the person.
   */
  async prepare(offset: number): Promise<void> {
    await this.until(() => this.el.readyState >= HTMLMediaElement.HAVE_METADATA, 'loadedmetadata');
    const target = Math.min(Math.max(0, offset), Number.isFinite(this.el.duration) ? this.el.duration : offset);
    if (Math.abs(this.el.currentTime - target) > 0.001) this.el.currentTime = target;
    await this.until(() => !this.el.seeking && this.el.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA, 'canplay');
  }

  /** Starts sounding from the prepared position; resolves once it plays. */
  async play(): Promise<void> {
    this.el.playbackRate = 1;
    this.gain.gain.cancelScheduledValues(0);
    this.gain.gain.value = 1;
    try {
      await this.el.play();
    } catch (err) {
      if (this.el.error) throw new Error(await mediaErrorSentence(this.el.error, this.url));
      throw err instanceof Error ? err : new Error(String(err));
    }
  }

  pause(): void {
    this.stopHolding();
    this.el.pause();
  }

  /**
   * Keeps the stream where the room's timeline is: `expected()` is the position that should be
   * heard now. A small lag is made up by playing up to 5 % faster (pitch preserved), a big one by
   * jumping; it runs until {@link pause}, {@link fadeOutAt} or {@link dispose}.
   */
  holdPosition(expected: () => number): void {
    this.stopHolding();
    const step = (): void => {
      if (this.el.paused || this.el.seeking) return;
      const drift = this.position() - expected();
      if (Math.abs(drift) > JUMP_S) {
        this.el.currentTime = expected() + this.engine.clock.outputDelaySeconds() + 0.05;
        this.el.playbackRate = 1;
      } else if (Math.abs(drift) > IN_STEP_S) {
        // Close the gap over about a second.
        this.el.playbackRate = 1 - Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, drift));
      } else this.el.playbackRate = 1;
    };
    this.holdTimer = window.setInterval(step, 100);
  }

  /** Fades out on the audio clock at context time `at` (a buffer voice fades in there), then pauses. */
  fadeOutAt(at: number): void {
    const engine = this.engine;
    this.stopHolding();
    const g = this.gain.gain;
    g.cancelScheduledValues(0);
    g.setValueAtTime(1, at);
    g.linearRampToValueAtTime(0, at + FADE_S);
    const ms = Math.max(0, (at + FADE_S - engine.raw.currentTime) * 1000) + 50;
    window.setTimeout(() => {
      if (!this.disposed) this.el.pause();
    }, ms);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopHolding();
    this.el.pause();
    this.node.disconnect();
    this.gain.disconnect();
    // Drop the source so the browser closes its connection and frees its media buffer.
    this.el.removeAttribute('src');
    this.el.load();
  }

  private stopHolding(): void {
    window.clearInterval(this.holdTimer);
    this.holdTimer = 0;
    this.el.playbackRate = 1;
  }

  private until(ready: () => boolean, event: string): Promise<void> {
    if (this.el.error) return mediaErrorSentence(this.el.error, this.url).then((m) => Promise.reject(new Error(m)));
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.el.removeEventListener(event, check);
        this.el.removeEventListener('seeked', check);
        this.el.removeEventListener('error', fail);
        this.el.removeEventListener('emptied', gone);
      };
      const check = (): void => {
        if (!ready()) return;
        done();
        resolve();
      };
      const fail = (): void => {
        done();
        void mediaErrorSentence(this.el.error, this.url).then((m) => reject(new Error(m)));
      };
      this.el.addEventListener(event, check);
      this.el.addEventListener('seeked', check);
      // Disposed while waiting (the person pressed something else): whoever waits moves on.
      const gone = (): void => {
        done();
        reject(new Error('Playback was stopped.'));
      };
      this.el.addEventListener('error', fail);
      this.el.addEventListener('emptied', gone);
      if (this.el.preload !== 'auto') this.el.preload = 'auto';
    });
  }
}
