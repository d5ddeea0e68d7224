/**
 * The reference player's output bus: every voice (stream or buffer) goes through one gain into the
 * speakers, with a meter on it so the panel can show the level — and show that sound is really
 * coming out. Built on first use, in the page's one audio context.
 */
import * as Tone from 'tone';
import type { AudioEngine } from './audioEngine.ts';

export class PlayerOutput {
  private gain: Tone.Gain | undefined;
  private meter: Tone.Meter | undefined;

  bus(engine: AudioEngine): Tone.Gain {
    if (!this.gain) {
      this.gain = new Tone.Gain({ context: engine.tone }).toDestination();
      this.meter = new Tone.Meter({ context: engine.tone, smoothing: 0.5 });
      this.gain.connect(this.meter);
    }
    return this.gain;
  }

  /** RMS level in dBFS; −Infinity before anything played. */
  level(): number {
    const v = this.meter?.getValue();
    return typeof v === 'number' ? v : -Infinity;
  }

  dispose(): void {
    this.meter?.dispose();
    this.gain?.dispose();
  }
}
