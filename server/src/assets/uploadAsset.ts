/**
 * Upload policy: stream a request body into the asset store, deciding its type from its first
 * bytes and enforcing that type's size limit while it streams, so a file is never held in memory
 * and an oversized one is cut off as soon as it passes the limit with nothing left on disk.
 * The id is the SHA-256 of the bytes, so the same file uploaded twice is stored once.
 *
 * Containers whose magic number doesn't say whether a browser can play them are held whole (within
 * the audio limit) and looked into first: an M4A's track (AAC is stored as sent, Apple Lossless is
 * converted to WAV), a WebM's tracks (Opus or Vorbis audio, no video). AIFF is converted to WAV.
 * What is stored is what plays; its SHA-256 is the id (`convertAudio.ts`).
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { ACCEPTED_TYPES_SENTENCE, extensionMatches, type AcceptedType, type ApiErrorCode, type AssetKind } from '@riffboard/shared';
import type { AssetStore } from './AssetStore.ts';
import { releasedUploadBytes } from './reclaimBuffers.ts';
import { SNIFF_BYTES, sniffType, WAV_TYPE } from './assetTypes.ts';
import { mp4AudioCodecs, webmRefusal, webmTracks } from './audioContainers.ts';
import { ConvertError, convertToWav, type ConvertibleAudio } from './convertAudio.ts';

/** Types held whole and looked into (or converted) before they are stored. */
const INSPECTED = new Set(['aif', 'm4a', 'webm']);
/** A converted file may be this many times the audio upload limit (ALAC decompresses to ~2×). */
const CONVERTED_SIZE_FACTOR = 4;
const CONVERT_TIMEOUT_MS = 120_000;

/** A refused upload; the HTTP layer answers it with `code`'s status (`API_ERRORS`) and this sentence. */
export class UploadError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** The client is still sending: the connection must be cut, not just answered. */
    readonly cut = false,
  ) {
    super(message);
  }
}

export interface UploadLimits {
  readonly image: number;
  readonly audio: number;
}

export interface UploadedAsset {
  readonly hash: string;
  readonly size: number;
  readonly type: AcceptedType;
}

const MB = 1024 * 1024;
const tooLarge = (kind: AssetKind, limit: number, cut: boolean) =>
  new UploadError('too_large', `That ${kind} file is larger than ${Math.floor(limit / MB)} MB.`, cut);

export interface UploadRequest {
  readonly body: Readable;
  readonly contentLength: number | undefined;
  /** The (cleaned) name the client gave the file; its extension must match the bytes. */
  readonly fileName: string;
  /** Only this kind is wanted here (e.g. images on the canvas). */
  readonly expect?: AssetKind;
}

export async function uploadAsset(
  { body, contentLength, fileName, expect }: UploadRequest,
  limits: UploadLimits,
  store: AssetStore,
): Promise<UploadedAsset> {
  const largest = Math.max(limits.image, limits.audio);
  if (contentLength !== undefined && contentLength > largest)
    throw new UploadError('too_large', `Files larger than ${Math.floor(largest / MB)} MB can't be uploaded.`);
  const writer = await store.createWriter();
  const hash = crypto.createHash('sha256');
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let type: AcceptedType | null = null;
  let total = 0;

  /** Sniffs the buffered head, checks the limit for its kind, and writes it out. */
  const decide = async (): Promise<AcceptedType> => {
    const bytes = Buffer.concat(head);
    const found = await sniffType(bytes);
    if (!found) throw new UploadError('unsupported_type', `That file type isn't supported. Use ${ACCEPTED_TYPES_SENTENCE}.`);
    if (!extensionMatches(fileName, found)) {
      throw new UploadError(
        'type_mismatch',
        `“${fileName}” is named like another kind of file, but its contents are ${found.ext.toUpperCase()}.`,
      );
    }
    if (expect && found.kind !== expect) throw new UploadError('wrong_kind', `Only ${expect} files can be added here.`);
    const limit = limits[found.kind];
    if (total > limit || (contentLength !== undefined && contentLength > limit))
      throw tooLarge(found.kind, limit, total < (contentLength ?? total));
    if (INSPECTED.has(found.ext)) return found; // the head stays in `head`; the rest joins it
    hash.update(bytes);
    await writer.write(bytes);
    head = [];
    return found;
  };

  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      total += chunk.length;
      if (!type) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) type = await decide();
        continue;
      }
      if (total > limits[type.kind]) throw tooLarge(type.kind, limits[type.kind], true);
      if (INSPECTED.has(type.ext)) {
        head.push(chunk);
        continue;
      }
      hash.update(chunk);
      await writer.write(chunk);
      releasedUploadBytes(chunk.length);
    }
    if (total === 0) throw new UploadError('empty_file', 'That file is empty.');
    type ??= await decide();
    if (INSPECTED.has(type.ext)) {
      const stored = await playable(new Uint8Array(Buffer.concat(head)), type, limits.audio * CONVERTED_SIZE_FACTOR);
      head = [];
      type = stored.type;
      hash.update(stored.bytes);
      await writer.write(stored.bytes);
      total = stored.bytes.length;
    }
    const id = hash.digest('hex');
    await writer.commit(id);
    return { hash: id, size: total, type };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/**
 * The bytes to store for a whole M4A, WebM or AIFF file, and their type: as sent when a browser
 * plays them, converted to WAV when it can't; refused with a sentence when it is no audio we play.
 */
async function playable(bytes: Uint8Array, type: AcceptedType, maxOutputBytes: number): Promise<{ bytes: Uint8Array; type: AcceptedType }> {
  let convert: ConvertibleAudio | undefined;
  if (type.ext === 'webm') {
    const refusal = webmRefusal(webmTracks(bytes));
    if (refusal) throw new UploadError('unsupported_type', refusal);
  } else if (type.ext === 'aif') convert = 'aiff';
  else {
    const codecs = mp4AudioCodecs(bytes);
    if (codecs.includes('alac')) convert = 'alac';
    else if (!codecs.includes('mp4a'))
      throw new UploadError(
        'unsupported_type',
        codecs.length === 0
          ? 'That M4A file has no audio track Riffboard can find.'
          : `That M4A file’s audio is “${codecs.join(', ')}”; Riffboard plays M4A with AAC or Apple Lossless.`,
      );
  }
  if (!convert) return { bytes, type };
  try {
    return { bytes: await convertToWav(bytes, convert, { maxOutputBytes, timeoutMs: CONVERT_TIMEOUT_MS }), type: WAV_TYPE };
  } catch (err) {
    if (err instanceof ConvertError) throw new UploadError('undecodable_audio', err.message);
    throw err;
  }
}

/** A display name from a client-sent file name: no path, no control characters, bounded length. */
export function cleanFileName(raw: string | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...clean].slice(0, 200).join('') || 'Untitled file';
}
