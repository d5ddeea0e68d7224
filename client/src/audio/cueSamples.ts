/**
 * The facilitation cues as raw samples. The end chime is a bell-like sum of partials and the
 * one-minute warning a single softer tone; both are loudest on their first sample (cosines under
 * an exponential decay), like the metronome's clicks, so the onset is exactly where it was
 * scheduled and an offline render can find it.
 */

export type CueKind = 'warning' | 'end';

interface Partial {
  readonly hz: number;
  readonly gain: number;
}

const VOICES: Record<CueKind, { readonly partials: readonly Partial[]; readonly seconds: number; readonly decay: number }> = {
  end: {
    partials: [
      { hz: 880, gain: 0.45 },
      { hz: 1320, gain: 0.25 },
      { hz: 2217, gain: 0.12 },
    ],
    seconds: 1.6,
    decay: 0.45,
  },
  warning: { partials: [{ hz: 660, gain: 0.35 }], seconds: 0.5, decay: 0.12 },
};

export function cueSamples(sampleRate: number, kind: CueKind): Float32Array {
  const v = VOICES[kind];
  const n = Math.round(v.seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    let s = 0;
    for (const p of v.partials) s += p.gain * Math.cos(2 * Math.PI * p.hz * t);
    out[i] = s * Math.exp(-t / v.decay);
  }
  return out;
}
