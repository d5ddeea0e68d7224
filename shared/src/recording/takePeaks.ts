/** A take's coarse waveform and length (SPEC R5), computed once by the recorder. */
import { TAKE_LIMITS } from '../backlog/takes.ts';

/** At most `buckets` levels in 0–1: the largest magnitude over every channel in each equal stretch of frames. */
export function takePeaks(channels: readonly Float32Array[], buckets: number = TAKE_LIMITS.peaks): number[] {
  const length = channels[0]?.length ?? 0;
  if (length === 0) return [];
  const n = Math.max(1, Math.min(buckets, length));
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * length) / n);
    const to = Math.floor(((b + 1) * length) / n);
    let peak = 0;
    for (const ch of channels) for (let i = from; i < to; i++) peak = Math.max(peak, Math.abs(ch[i] ?? 0));
    out.push(Math.min(1, peak));
  }
  return out;
}

/** Length in seconds of `frames` frames at `sampleRate` (R5). */
export function takeSeconds(frames: number, sampleRate: number): number {
  return sampleRate > 0 ? frames / sampleRate : 0;
}
