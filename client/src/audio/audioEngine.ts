/**
 * The page's one audio graph: a native AudioContext wrapped by Tone, the metronome voice and the
 * clock mapping. Created on first use; browsers keep it suspended until a user gesture, so
 * `unlockOnFirstGesture` resumes it on the first click or key press anywhere on the page.
 *
 * Tone's `lookAhead` is set to 0 on purpose. Tone adds it to `now()` so its own Transport's events
 * are scheduled ahead of the render thread; the shared transport never uses `now()`-relative
 * times — every click is scheduled at an absolute context time computed from the server clock by
 * `TransportAudio`, which keeps its own scheduling horizon. A non-zero lookAhead would only delay
 * local previews and would not change when a shared click sounds.
 */
import * as Tone from 'tone';
import { AudioClock } from './audioClock.ts';
import { Metronome } from './Metronome.ts';
import { AudioTap, tapRequested } from './AudioTap.ts';

/** How often the clock mapping takes a pair while the context runs (a device buffer is 10 ms). */
const CLOCK_SAMPLE_MS = 25;

export class AudioEngine {
  readonly raw: AudioContext;
  readonly tone: Tone.Context;
  readonly clock: AudioClock;
  readonly metronome: Metronome;
  /** The master-bus tap, when this page was asked to measure what it plays (`AudioTap.ts`). */
  readonly tap: Promise<AudioTap> | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor() {
    // 'interactive' asks for the smallest output buffer the device allows: the least latency.
    this.raw = new AudioContext({ latencyHint: 'interactive' });
    this.tone = new Tone.Context(this.raw);
    this.tone.lookAhead = 0;
    Tone.setContext(this.tone);
    this.clock = new AudioClock(this.raw);
    this.metronome = new Metronome(this.tone);
    this.tap = tapRequested() ? AudioTap.install(this.raw, this.tone) : undefined;
    this.raw.addEventListener('statechange', () => {
      this.sampleWhileRunning();
      for (const l of this.listeners) l();
    });
    this.sampleWhileRunning();
  }

  private sampler: number | undefined;

  private static instance: AudioEngine | undefined;

  static get(): AudioEngine {
    AudioEngine.instance ??= new AudioEngine();
    return AudioEngine.instance;
  }

  get running(): boolean {
    return this.raw.state === 'running';
  }

  resume(): Promise<void> {
    return this.raw.state === 'running' ? Promise.resolve() : this.raw.resume();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getRunning = (): boolean => this.running;

  /**
   * Keeps the clock mapping fresh whenever the context runs, whoever plays: the reference player
   * places a shared start on it even when no metronome is ticking (no transport bar open).
   */
  private sampleWhileRunning(): void {
    if (this.running && this.sampler === undefined) this.sampler = window.setInterval(() => this.clock.sample(), CLOCK_SAMPLE_MS);
    else if (!this.running && this.sampler !== undefined) {
      window.clearInterval(this.sampler);
      this.sampler = undefined;
      this.clock.reset();
    }
  }

  /** Resumes audio on the first pointer or key press (browsers' autoplay rule). */
  unlockOnFirstGesture(): void {
    if (this.running) return;
    const unlock = (): void => {
      void this.resume();
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
  }
}
