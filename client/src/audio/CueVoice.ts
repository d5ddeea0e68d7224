/**
 * Plays a facilitation cue at an exact AudioContext time: a fresh buffer source per cue (sample-
 * exact, like the metronome's clicks), through its own gain so "mute for me" silences it for this
 * person only.
 */
import * as Tone from 'tone';
import { cueSamples, type CueKind } from './cueSamples.ts';

export class CueVoice {
  private readonly output: Tone.Gain;
  private readonly buffers: Record<CueKind, Tone.ToneAudioBuffer>;
  private readonly sources = new Set<Tone.ToneBufferSource>();

  constructor(private readonly context: Tone.BaseContext) {
    this.output = new Tone.Gain({ context, gain: 1 }).connect(context.destination);
    const make = (kind: CueKind): Tone.ToneAudioBuffer => {
      const samples = cueSamples(context.sampleRate, kind);
      const buffer = context.createBuffer(1, samples.length, context.sampleRate);
      buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
      return new Tone.ToneAudioBuffer(buffer);
    };
    this.buffers = { end: make('end'), warning: make('warning') };
  }

  /** Schedules `kind` at context time `time`; the returned function cancels it if it hasn't sounded. */
  play(kind: CueKind, time: number): () => void {
    const source = new Tone.ToneBufferSource({ context: this.context, url: this.buffers[kind] }).connect(this.output);
    source.start(time);
    this.sources.add(source);
    source.onended = () => {
      this.sources.delete(source);
      source.dispose();
    };
    return () => {
      if (!this.sources.has(source) || this.context.currentTime >= time) return;
      source.onended = () => undefined;
      source.dispose();
      this.sources.delete(source);
    };
  }

  /** Linear gain 0…1. */
  setGain(gain: number): void {
    this.output.gain.value = Math.min(1, Math.max(0, gain));
  }

  dispose(): void {
    for (const s of this.sources) s.dispose();
    this.sources.clear();
    this.output.dispose();
  }
}
