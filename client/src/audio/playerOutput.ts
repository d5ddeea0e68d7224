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
  private level_ = 1;

  bus(engine: AudioEngine): Tone.Gain {
    if (!this.gain) {
      this.gain = new Tone.Gain({ context: engine.tone, gain: this.level_ }).toDestination();
      this.meter = new Tone.Meter({ context: engine.tone, smoothing: 0.5 });
      this.gain.connect(this.meter);
    }
    return this.gain;
  }

  /**
   * This person's mix gain for what plays (linear 0…1), ramped over a few milliseconds so a mute
   * doesn't click. The meter reads after it: it shows what this person hears.
   */
  setGain(gain: number): void {
    if (gain === this.level_) return;
    this.level_ = gain;
    this.gain?.gain.rampTo(gain, 0.02);
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
