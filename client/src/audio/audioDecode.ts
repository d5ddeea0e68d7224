/**
 * Decoding whole audio files in the browser: before an upload (so a truncated or undecodable file
 * is refused with a sentence instead of becoming a broken player for everyone, and to get its
 * duration and waveform), and for listen-together's sample-exact hand-over.
 */
export class DecodeError extends Error {
  constructor() {
    super('Couldn’t decode this file: it may be truncated or in a format this browser can’t play.');
  }
}

/** Decodes audio bytes with WebAudio; throws DecodeError for truncated or undecodable files. */
export async function decodeAudio(bytes: ArrayBuffer): Promise<AudioBuffer> {
  // An OfflineAudioContext decodes without needing the page's (possibly suspended) output context.
  const ctx = new OfflineAudioContext(1, 1, 44100);
  try {
    const buf = await ctx.decodeAudioData(bytes);
    if (buf.length === 0 || !Number.isFinite(buf.duration)) throw new DecodeError();
    return buf;
  } catch {
    throw new DecodeError();
  }
}

export function channelsOf(buf: AudioBuffer): Float32Array[] {
  return Array.from({ length: buf.numberOfChannels }, (_, i) => buf.getChannelData(i));
}
