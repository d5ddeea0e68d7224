/**
 * The metronome's voice: plays one click at an exact AudioContext time.
 *
 * Every click is a fresh, short-lived buffer source started at its time. A single reused synth or
 * player lands up to a render quantum (~3 ms) late and can drop clicks (measured in headless
 * Chromium with Tone.js 15); fresh sources start sample-exactly. Clicks not yet sounding can be cancelled, so a Stop or a seek by
 * anyone in the room silences what was already queued.
 */
import * as Tone from 'tone';
import { ACCENT, NORMAL, clickSamples } from './clickSamples.ts';

interface Queued {
  readonly time: number;
  readonly source: Tone.ToneBufferSource;
}

export class Metronome {
  private readonly output: Tone.Gain;
  private readonly accent: Tone.ToneAudioBuffer;
  private readonly normal: Tone.ToneAudioBuffer;
  private queued: Queued[] = [];

  constructor(private readonly context: Tone.BaseContext) {
    this.output = new Tone.Gain({ context, gain: 1 }).connect(context.destination);
    // Built on this context (not Tone's global one) so the buffer's rate is the context's own.
    const make = (samples: Float32Array): Tone.ToneAudioBuffer => {
      const buffer = context.createBuffer(1, samples.length, context.sampleRate);
      buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
      return new Tone.ToneAudioBuffer(buffer);
    };
    this.accent = make(clickSamples(context.sampleRate, ACCENT));
    this.normal = make(clickSamples(context.sampleRate, NORMAL));
  }

  /** Schedules a click heard at context time `time` (seconds); accented on downbeats. */
  click(time: number, accent: boolean): void {
    const source = new Tone.ToneBufferSource({ context: this.context, url: accent ? this.accent : this.normal }).connect(this.output);
    // No explicit stop: the buffer is the click's length. (Tone's `stop` at the buffer's own end
    // silenced the whole click in Chromium's offline renderer.)
    source.start(time);
    source.onended = () => {
      this.queued = this.queued.filter((q) => q.source !== source);
      source.dispose();
    };
    this.queued.push({ time, source });
  }

  /** Cancels every click scheduled at or after `time` (context seconds). */
  cancelFrom(time: number): void {
    const keep: Queued[] = [];
    for (const q of this.queued) {
      if (q.time >= time) {
        q.source.onended = () => undefined;
        q.source.dispose();
      } else keep.push(q);
    }
    this.queued = keep;
  }

  /** Linear gain 0…1 (0 mutes without cancelling, so unmuting lands on the next beat). */
  setGain(gain: number): void {
    this.output.gain.value = Math.min(1, Math.max(0, gain));
  }

  dispose(): void {
    this.cancelFrom(-Infinity);
    this.output.dispose();
  }
}
