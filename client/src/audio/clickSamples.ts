/**
 * The metronome's two click sounds as raw samples: a short, bright, decaying tone that is loudest
 * on its very first sample, so the onset is exactly where it was scheduled (and a test can find
 * it). The accent (downbeat) is higher and louder, the way hardware metronomes mark "one".
 */

export interface ClickVoice {
  readonly frequencyHz: number;
  readonly gain: number;
}

export const ACCENT: ClickVoice = { frequencyHz: 1760, gain: 1 };
export const NORMAL: ClickVoice = { frequencyHz: 1175, gain: 0.45 };

/** Length of a click. */
export const CLICK_SECONDS = 0.03;
/** Decay time constant: ~4 ms reads as a click, not a beep. */
const DECAY_SECONDS = 0.004;

/** One click at `sampleRate`: a cosine (peak at sample 0) under an exponential decay. */
export function clickSamples(sampleRate: number, voice: ClickVoice): Float32Array {
  const n = Math.round(CLICK_SECONDS * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    out[i] = voice.gain * Math.cos(2 * Math.PI * voice.frequencyHz * t) * Math.exp(-t / DECAY_SECONDS);
  }
  return out;
}
