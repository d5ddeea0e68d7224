/**
 * Finding click onsets in rendered audio, sample by sample (A1 in SPEC.md). It runs inside the
 * audio tap's worklet on every render quantum, and in tests on synthetic buffers, so it is pure,
 * allocation-light and knows nothing of AudioWorklet or Tone.
 *
 * An onset is the first sample whose magnitude reaches `threshold` once the detector is armed; it
 * then stays disarmed for `refractoryFrames` (a click rings for ~30 ms and its cosine crosses the
 * threshold many times on the way down). The metronome's clicks are loudest on their very first
 * sample, so with a low threshold the onset is the sample the click was scheduled on — to the
 * sample, or one later when Chromium starts a buffer between two samples and the first one it
 * renders is a small interpolated value. The peak over the first `peakFrames` tells an accented
 * downbeat from an ordinary beat; an onset is therefore reported once its peak window has passed
 * (possibly a block later), or on {@link OnsetDetector.flush}.
 */

export interface OnsetOptions {
  /** Magnitude (linear, full scale 1) a sample must reach to start an onset. */
  readonly threshold: number;
  /** Frames after an onset during which no new onset starts. */
  readonly refractoryFrames: number;
  /** Frames from the onset over which its peak is measured (at most `refractoryFrames`). */
  readonly peakFrames: number;
}

export interface Onset {
  /** Frame index (on the stream's own frame counter) of the onset's first sample. */
  readonly frame: number;
  /** Largest magnitude within `peakFrames` of the onset. */
  readonly peak: number;
}

/** Defaults for the metronome's clicks at `sampleRate`: 40 ms refractory, 2 ms peak window. */
export function clickOnsetOptions(sampleRate: number, threshold = 0.02): OnsetOptions {
  return { threshold, refractoryFrames: Math.round(0.04 * sampleRate), peakFrames: Math.round(0.002 * sampleRate) };
}

/** A streaming onset detector: feed consecutive blocks, get the onsets whose peak window closed. */
export class OnsetDetector {
  private armedAt = -Infinity;
  private pending: { frame: number; peak: number } | undefined;

  constructor(private readonly options: OnsetOptions) {
    if (!(options.threshold > 0)) throw new Error('The onset threshold must be above zero.');
    if (!(options.peakFrames >= 1 && options.refractoryFrames >= options.peakFrames))
      throw new Error('The refractory period must be at least as long as the peak window, which must be at least one frame.');
  }

  /**
   * Scans `samples`, whose first sample is frame `startFrame`. Blocks must be fed in order without
   * gaps; the result is the same however a stream is cut into blocks.
   */
  push(samples: ArrayLike<number>, startFrame: number): Onset[] {
    const out: Onset[] = [];
    const { threshold, refractoryFrames, peakFrames } = this.options;
    for (let i = 0; i < samples.length; i++) {
      const frame = startFrame + i;
      const v = Math.abs(samples[i]!);
      const p = this.pending;
      if (p) {
        if (frame < p.frame + peakFrames) {
          if (v > p.peak) p.peak = v;
          continue;
        }
        out.push({ frame: p.frame, peak: p.peak });
        this.pending = undefined;
      }
      if (frame >= this.armedAt && v >= threshold) {
        this.pending = { frame, peak: v };
        this.armedAt = frame + refractoryFrames;
      }
    }
    return out;
  }

  /** Reports an onset whose peak window is still open (end of the stream). */
  flush(): Onset[] {
    const p = this.pending;
    this.pending = undefined;
    return p ? [{ frame: p.frame, peak: p.peak }] : [];
  }
}

/** Every onset in one buffer (its first sample is frame 0). */
export function detectOnsets(samples: ArrayLike<number>, options: OnsetOptions): Onset[] {
  const d = new OnsetDetector(options);
  return [...d.push(samples, 0), ...d.flush()];
}
