/**
 * Turns a finished recording into the file that is uploaded: compressed (Opus in WebM) by default,
 * lossless (WAV) as a setting.
 *
 * Why Opus in WebM: Chromium can both write it (WebCodecs `AudioEncoder` ships a software Opus
 * encoder on every platform, unlike AAC, which depends on the OS) and play it (`decodeAudioData`,
 * `<audio>`), Firefox does the same, and the server stores WebM/Opus as sent (server SPEC F10). At
 * 96 kb/s per channel a minute of mono is about 0.7 MB instead of 11 MB of float WAV, with no
 * audible loss for a rehearsal take. Mediabunny does the WebCodecs plumbing and the muxing.
 *
 * Timing: an Opus encoder emits its look-ahead (the "pre-skip", 312 frames at 48 kHz) before the
 * first real sample. The muxer keeps the encoder's identification header, which carries the
 * pre-skip, and the decoder drops those frames, so file time 0 of the decoded take is the first
 * captured frame; the placement (B8) relies on that. The browser test `takeEncoding.test.ts`
 * checks it on clicks at known frames.
 */
import {
  AudioSample,
  AudioSampleSource,
  BufferTarget,
  Output,
  WavOutputFormat,
  WebMOutputFormat,
  canEncodeAudio,
  type AudioCodec,
} from 'mediabunny';

/** `compressed`: Opus in WebM; `lossless`: 32-bit float WAV, exactly the samples captured. */
export type TakeFormat = 'compressed' | 'lossless';

export const TAKE_FORMATS: readonly TakeFormat[] = ['compressed', 'lossless'];

export interface EncodedTake {
  readonly bytes: Uint8Array;
  readonly mime: string;
  /** File extension without the dot. */
  readonly extension: string;
  readonly format: TakeFormat;
}

/** Opus bit rate per channel: transparent for a rehearsal take, ~0.7 MB per minute of mono. */
export const OPUS_BITS_PER_CHANNEL = 96_000;

/**
 * Opus codes at 48 kHz. Handed 44.1 kHz, Chromium's encoder resamples internally and its
 * resampler delays the signal by ~0.73 ms, which the container doesn't record; resampling before
 * the encoder (Mediabunny's resampler) keeps file time exact at any capture rate.
 */
const OPUS_RATE = 48_000;

/** Frames handed to the encoder at once: small enough to report progress, large enough to be cheap. */
const BLOCK_FRAMES = 48_000;

export class EncodingError extends Error {}

/** Whether this browser can write the compressed format (WebCodecs with Opus). */
export async function canEncodeCompressed(channels: number): Promise<boolean> {
  if (typeof AudioEncoder === 'undefined') return false;
  try {
    return await canEncodeAudio('opus', { numberOfChannels: channels, sampleRate: OPUS_RATE, bitrate: OPUS_BITS_PER_CHANNEL * channels });
  } catch {
    return false;
  }
}

/** Interleaves planar channels into one buffer (the layout `AudioSample` takes for `f32`). */
function interleave(channels: readonly Float32Array[], from: number, to: number): Float32Array {
  const n = channels.length;
  const out = new Float32Array((to - from) * n);
  for (let c = 0; c < n; c++) {
    const ch = channels[c]!;
    for (let i = from, j = c; i < to; i++, j += n) out[j] = ch[i]!;
  }
  return out;
}

/**
 * Encodes planar float channels (all the same length) at `sampleRate`. Falls back to nothing:
 * asking for `compressed` where the browser can't write Opus throws an {@link EncodingError} so the
 * caller can choose the lossless format instead.
 */
export async function encodeTake(
  channels: readonly Float32Array[],
  sampleRate: number,
  format: TakeFormat,
  onProgress?: (fraction: number) => void,
): Promise<EncodedTake> {
  const count = channels.length;
  const frames = channels[0]?.length ?? 0;
  if (count === 0 || frames === 0) throw new EncodingError('The recording is empty.');
  const compressed = format === 'compressed';
  if (compressed && !(await canEncodeCompressed(count))) throw new EncodingError('This browser can’t write compressed (Opus) audio.');

  const codec: AudioCodec = compressed ? 'opus' : 'pcm-f32';
  const target = new BufferTarget();
  const output = new Output({ format: compressed ? new WebMOutputFormat() : new WavOutputFormat(), target });
  const source = new AudioSampleSource(
    compressed ? { codec, bitrate: OPUS_BITS_PER_CHANNEL * count, transform: { sampleRate: OPUS_RATE } } : { codec },
  );
  output.addAudioTrack(source);
  await output.start();
  for (let from = 0; from < frames; from += BLOCK_FRAMES) {
    const to = Math.min(frames, from + BLOCK_FRAMES);
    const sample = new AudioSample({
      data: interleave(channels, from, to),
      format: 'f32',
      numberOfChannels: count,
      sampleRate,
      timestamp: from / sampleRate,
    });
    await source.add(sample);
    sample.close();
    onProgress?.(to / frames);
  }
  await output.finalize();
  const buffer = target.buffer;
  if (!buffer) throw new EncodingError('Encoding the take produced no file.');
  return compressed
    ? { bytes: new Uint8Array(buffer), mime: 'audio/webm', extension: 'webm', format }
    : { bytes: new Uint8Array(buffer), mime: 'audio/wav', extension: 'wav', format };
}
