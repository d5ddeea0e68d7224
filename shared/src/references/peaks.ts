/**
 * Waveform peaks: the sidecar stored next to an audio asset (`PUT <assetUrl>/peaks`), computed once
 * by the uploader and read by everyone else, so nobody decodes a 100 MB file just to see its shape.
 *
 * Binary layout (little-endian): "RBPK" · u8 version (1) · u8 reserved · u16 reserved ·
 * f32 duration seconds · u32 bucket count N · N × (i8 min, i8 max) — min/max of the samples in each
 * bucket scaled to [-127, 127]. 4,000 buckets (a few per pixel on a wide panel) is 8 KB, far below
 * the server's 256 KB limit.
 */
export const PEAKS_VERSION = 1;
export const DEFAULT_PEAK_BUCKETS = 4000;
const HEADER = 16;

export interface Peaks {
  readonly durationSeconds: number;
  /** Interleaved min, max per bucket, each in [-1, 1]. */
  readonly minMax: Float32Array;
}

export function bucketCount(p: Peaks): number {
  return p.minMax.length / 2;
}

/** Min/max per bucket over the channels' samples (mixed by taking the extremes across channels). */
export function computePeaks(channels: readonly Float32Array[], sampleRate: number, buckets = DEFAULT_PEAK_BUCKETS): Peaks {
  const length = channels[0]?.length ?? 0;
  const n = Math.max(1, Math.min(buckets, length || 1));
  const minMax = new Float32Array(n * 2);
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * length) / n);
    const to = Math.max(from + 1, Math.floor(((b + 1) * length) / n));
    let lo = 0;
    let hi = 0;
    for (const ch of channels) {
      for (let i = from; i < to && i < length; i++) {
        const v = ch[i] ?? 0;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    minMax[b * 2] = Math.max(-1, lo);
    minMax[b * 2 + 1] = Math.min(1, hi);
  }
  return { durationSeconds: sampleRate > 0 ? length / sampleRate : 0, minMax };
}

export function encodePeaks(p: Peaks): Uint8Array {
  const n = bucketCount(p);
  const out = new Uint8Array(HEADER + n * 2);
  const view = new DataView(out.buffer);
  out.set([0x52, 0x42, 0x50, 0x4b], 0); // "RBPK"
  view.setUint8(4, PEAKS_VERSION);
  view.setFloat32(8, p.durationSeconds, true);
  view.setUint32(12, n, true);
  for (let i = 0; i < n * 2; i++) view.setInt8(HEADER + i, Math.round(Math.max(-1, Math.min(1, p.minMax[i] ?? 0)) * 127));
  return out;
}

/** Reads a peaks sidecar; undefined for anything that isn't one (wrong magic, version, truncated). */
export function decodePeaks(bytes: Uint8Array): Peaks | undefined {
  if (bytes.length < HEADER || bytes[0] !== 0x52 || bytes[1] !== 0x42 || bytes[2] !== 0x50 || bytes[3] !== 0x4b) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(4) !== PEAKS_VERSION) return undefined;
  const durationSeconds = view.getFloat32(8, true);
  const n = view.getUint32(12, true);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0 || n === 0 || bytes.length < HEADER + n * 2) return undefined;
  const minMax = new Float32Array(n * 2);
  for (let i = 0; i < n * 2; i++) minMax[i] = view.getInt8(HEADER + i) / 127;
  return { durationSeconds, minMax };
}
