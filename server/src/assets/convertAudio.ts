/**
 * Converting AIFF and Apple Lossless to WAV, once, on upload.
 *
 * Browsers can't decode either (Chromium and Firefox have no AIFF or ALAC decoder), and a reference
 * must stream through an `<audio>` element with HTTP Range for its first sound to come in a
 * fraction of a second; decoding in every listener's tab would mean downloading the whole file
 * first, in every tab, every time. So the server decodes once with the pure-JS `@audio/decode-*`
 * decoders (MIT, no native code or system ffmpeg to install) and stores a WAV — 16-bit when every
 * sample is a 16-bit value (lossless for 16-bit sources), else 32-bit float (lossless for 24-bit).
 *
 * Decoding is CPU work (a minute of 16-bit stereo ALAC: ~0.25 s, plus ~0.12 s to write the WAV), so it runs in a
 * worker thread, one conversion at a time, or every room on this server would stall while it ran.
 * The worker is bounded in time and in decoded size (a small ALAC file of silence can decode to
 * gigabytes); a file that fails to decode, or passes a bound, is refused with a sentence.
 * The worker's code is a string because this server runs TypeScript through a loader that worker
 * threads (and the test runner) don't share; it only calls the decoder packages, which are
 * plain JavaScript, by the absolute URLs resolved here.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type ConvertibleAudio = 'aiff' | 'alac';

/** A file that could not be converted; the message is a sentence for its sender. */
export class ConvertError extends Error {}

export interface ConvertLimits {
  /** Largest WAV a conversion may produce, in bytes. */
  readonly maxOutputBytes: number;
  /** Longest a conversion may take, in milliseconds. */
  readonly timeoutMs: number;
}

const require = createRequire(import.meta.url);
const moduleUrl = (name: string): string => pathToFileURL(require.resolve(name)).href;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, decoderUrl, wavUrl, maxOutputBytes } = workerData;
(async () => {
  const decoderModule = await import(decoderUrl);
  const chunks = [];
  let frames = 0;
  let channels = 0;
  let sampleRate = 0;
  const take = (out) => {
    if (!out || !out.channelData || out.channelData.length === 0 || !out.channelData[0].length) return;
    if (!channels) { channels = out.channelData.length; sampleRate = out.sampleRate; }
    if (out.channelData.length !== channels) throw new Error('the channel count changes mid-file');
    chunks.push(out.channelData);
    frames += out.channelData[0].length;
    if (frames * channels * 2 > maxOutputBytes) throw Object.assign(new Error('too long'), { tooLong: true });
  };
  // Fed a megabyte at a time so a decompression bomb is stopped at the output bound, not after.
  const dec = await decoderModule.decoder();
  for (let at = 0; at < bytes.length; at += 1 << 20) take(await dec.decode(bytes.subarray(at, at + (1 << 20))));
  take(await dec.flush());
  dec.free();
  if (!frames || !(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new Error('no audio');
  let sixteen = true;
  for (const chunk of chunks) for (const ch of chunk) for (let i = 0; i < ch.length && sixteen; i++) {
    const v = ch[i] * 32768;
    if (v !== Math.round(v) || !Number.isFinite(v)) sixteen = false;
  }
  if (!sixteen && frames * channels * 4 > maxOutputBytes) throw Object.assign(new Error('too long'), { tooLong: true });
  const encoder = await (await import(wavUrl)).default({ sampleRate, bitDepth: sixteen ? 16 : 32 });
  for (const chunk of chunks) encoder.encode(chunk);
  const wav = encoder.flush();
  encoder.free();
  parentPort.postMessage({ ok: true, wav, seconds: frames / sampleRate }, [wav.buffer]);
})().catch((err) => parentPort.postMessage({ ok: false, tooLong: Boolean(err && err.tooLong), detail: String(err && err.message) }));
`;

const NAMES: Readonly<Record<ConvertibleAudio, string>> = { aiff: 'AIFF', alac: 'Apple Lossless' };

let queue: Promise<unknown> = Promise.resolve();

/** Decodes an AIFF or ALAC file to a WAV; throws ConvertError with a sentence when it can't. */
export function convertToWav(bytes: Uint8Array, format: ConvertibleAudio, limits: ConvertLimits): Promise<Uint8Array> {
  const run = queue.then(() => convertNow(bytes, format, limits));
  queue = run.catch(() => undefined);
  return run;
}

function convertNow(bytes: Uint8Array, format: ConvertibleAudio, limits: ConvertLimits): Promise<Uint8Array> {
  const name = NAMES[format];
  const undecodable = (): ConvertError =>
    new ConvertError(`That ${name} file couldn’t be decoded: it may be truncated or damaged. Export it again, or as WAV.`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        bytes,
        decoderUrl: moduleUrl(format === 'aiff' ? '@audio/decode-aiff' : '@audio/decode-mp4'),
        wavUrl: moduleUrl('@audio/encode-wav'),
        maxOutputBytes: limits.maxOutputBytes,
      },
      // The decoders' own bookkeeping stays small; a hostile file that makes it grow dies here.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new ConvertError(`That ${name} file took too long to convert. Export it as WAV instead.`));
    }, limits.timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (msg: { ok: true; wav: Uint8Array } | { ok: false; tooLong: boolean; detail: string }) => {
      finish();
      if (msg.ok) resolve(msg.wav);
      else if (msg.tooLong) reject(new ConvertError(`That ${name} file is too long to convert here. Export a shorter section, or as WAV.`));
      else reject(undecodable());
    });
    worker.once('error', () => {
      finish();
      reject(undecodable());
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      reject(undecodable()); // no-op once settled
    });
  });
}
