/**
 * A file's type, decided from its first bytes (never its name or the Content-Type a client
 * claims), among the accepted types of the shared table (`ACCEPTED_TYPES`).
 */
import { fileTypeFromBuffer } from 'file-type';
import { ACCEPTED_TYPES, type AcceptedType } from '@riffboard/shared';

const BY_SNIFFED_EXT: ReadonlyMap<string, AcceptedType> = new Map(ACCEPTED_TYPES.map((t) => [t.ext, t]));

/** What AIFF and Apple Lossless files are stored as (`convertAudio.ts`). */
export const WAV_TYPE: AcceptedType = BY_SNIFFED_EXT.get('wav')!;

/** How many leading bytes the sniffer wants to see. */
export const SNIFF_BYTES = 4100;

/** The accepted type of a file starting with `head`, or null. */
export async function sniffType(head: Uint8Array): Promise<AcceptedType | null> {
  const found = await fileTypeFromBuffer(head);
  return found ? (BY_SNIFFED_EXT.get(found.ext) ?? null) : null;
}
