/**
 * The file types Riffboard accepts, decided from the file's first bytes (never its name or the
 * Content-Type a client claims). SVG is not on the list: it can carry script.
 */
import { fileTypeFromBuffer } from 'file-type';

export type AssetKind = 'image' | 'audio';

export interface AcceptedType {
  readonly kind: AssetKind;
  readonly mime: string;
  readonly ext: string;
}

const ACCEPTED: ReadonlyMap<string, AcceptedType> = new Map(
  (
    [
      ['png', 'image', 'image/png'],
      ['jpg', 'image', 'image/jpeg'],
      ['webp', 'image', 'image/webp'],
      ['gif', 'image', 'image/gif'],
      ['wav', 'audio', 'audio/wav'],
      ['mp3', 'audio', 'audio/mpeg'],
      ['ogg', 'audio', 'audio/ogg'],
      ['oga', 'audio', 'audio/ogg'],
      ['opus', 'audio', 'audio/ogg'],
      ['flac', 'audio', 'audio/flac'],
      ['m4a', 'audio', 'audio/mp4'],
      ['aac', 'audio', 'audio/aac'],
    ] as const
  ).map(([ext, kind, mime]) => [ext, { ext, kind, mime }]),
);

/** How many leading bytes the sniffer wants to see. */
export const SNIFF_BYTES = 4100;

export const ACCEPTED_DESCRIPTION = 'PNG, JPEG, WebP or GIF images; WAV, MP3, OGG, FLAC or M4A/AAC audio';

/** Extensions people give files, to the sniffed type they must contain. */
const EXTENSION_FAMILY: Readonly<Record<string, readonly string[]>> = {
  png: ['png'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  webp: ['webp'],
  gif: ['gif'],
  wav: ['wav'],
  wave: ['wav'],
  mp3: ['mp3'],
  ogg: ['ogg', 'oga', 'opus'],
  oga: ['ogg', 'oga', 'opus'],
  opus: ['ogg', 'oga', 'opus'],
  flac: ['flac'],
  m4a: ['m4a', 'aac'],
  aac: ['aac', 'm4a'],
  svg: [],
};

/**
 * Whether a file name's extension agrees with the sniffed type. Names with an unknown extension,
 * or none, are judged by their bytes alone; a known extension over other bytes is refused.
 */
export function extensionMatches(fileName: string, type: AcceptedType): boolean {
  const m = /\.([a-z0-9]{1,5})$/i.exec(fileName);
  const family = m ? EXTENSION_FAMILY[m[1]!.toLowerCase()] : undefined;
  return family === undefined || family.includes(type.ext);
}

/** The accepted type of a file starting with `head`, or null. */
export async function sniffType(head: Uint8Array): Promise<AcceptedType | null> {
  const found = await fileTypeFromBuffer(head);
  return found ? (ACCEPTED.get(found.ext) ?? null) : null;
}
