/**
 * The files a room accepts, one table for the server (which decides a file's type from its bytes)
 * and the client (which guesses a kind from a file's name before sending it, and says what is
 * accepted). SVG is not on the list: it can carry script.
 *
 * Audio is every format a musician bounces. Most are stored as sent and played by the browser
 * itself; AIFF and Apple Lossless, which browsers can't decode, are converted once on upload into
 * a WAV (`convertedOnUpload`), so every stored file plays everywhere by the same path.
 */

/** Where a file goes: images on the canvas, audio as references and takes. */
export type AssetKind = 'image' | 'audio';

export const ASSET_KINDS: readonly AssetKind[] = ['image', 'audio'];

export function isAssetKind(v: unknown): v is AssetKind {
  return v === 'image' || v === 'audio';
}

/** A type the server accepts: what its bytes are (`ext`, as the sniffer names it) and its MIME type. */
export interface AcceptedType {
  readonly kind: AssetKind;
  readonly mime: string;
  readonly ext: string;
}

/** Every accepted type, by the extension the byte sniffer reports. */
export const ACCEPTED_TYPES: readonly AcceptedType[] = (
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
    ['aif', 'audio', 'audio/aiff'],
    ['webm', 'audio', 'audio/webm'],
  ] as const
).map(([ext, kind, mime]) => ({ ext, kind, mime }));

/** The accepted types in a sentence's words, for error messages and hints. */
export const ACCEPTED_TYPES_SENTENCE =
  'PNG, JPEG, WebP or GIF images; WAV, AIFF, FLAC, MP3, AAC/M4A (Apple Lossless too), Ogg or WebM (Vorbis, Opus) audio';

/**
 * The largest upload of each kind unless the server is configured otherwise
 * (`ASSET_MAX_IMAGE_BYTES`, `ASSET_MAX_AUDIO_BYTES`). The client checks these before sending.
 */
export const DEFAULT_MAX_ASSET_BYTES: Readonly<Record<AssetKind, number>> = {
  image: 20 * 1024 * 1024,
  audio: 100 * 1024 * 1024,
};

/** Extensions people give files, to the sniffed types they may contain. */
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
  aif: ['aif'],
  aiff: ['aif'],
  aifc: ['aif'],
  webm: ['webm'],
  weba: ['webm'],
  svg: [],
};

function extensionOf(fileName: string): string | undefined {
  return /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1]?.toLowerCase();
}

/**
 * Whether a file name's extension agrees with the sniffed type. Names with an unknown extension,
 * or none, are judged by their bytes alone; a known extension over other bytes is refused.
 */
export function extensionMatches(fileName: string, type: AcceptedType): boolean {
  const ext = extensionOf(fileName);
  const family = ext === undefined ? undefined : EXTENSION_FAMILY[ext];
  return family === undefined || family.includes(type.ext);
}

/**
 * Whether a file with this name may be one the server converts on upload (AIFF, and `.m4a`, which
 * may hold Apple Lossless): the browser can't decode it before sending, so the server's decode is
 * the check, and the uploader decodes the stored WAV afterwards.
 */
export function convertedOnUpload(fileName: string): boolean {
  const family = EXTENSION_FAMILY[extensionOf(fileName) ?? ''];
  return family !== undefined && (family.includes('aif') || family.includes('m4a'));
}

/** The kind a file name's extension promises, if it is an accepted one (the bytes decide later). */
export function kindOfFileName(fileName: string): AssetKind | undefined {
  const ext = extensionOf(fileName);
  const sniffed = ext === undefined ? undefined : EXTENSION_FAMILY[ext]?.[0];
  return ACCEPTED_TYPES.find((t) => t.ext === sniffed)?.kind;
}

/** A file input's `accept` attribute for these kinds: their MIME types and file name extensions. */
export function acceptAttribute(kinds: readonly AssetKind[]): string {
  const mimes = new Set(ACCEPTED_TYPES.filter((t) => kinds.includes(t.kind)).map((t) => t.mime));
  const extensions = Object.keys(EXTENSION_FAMILY).filter((ext) => {
    const kind = kindOfFileName(`.${ext}`);
    return kind !== undefined && kinds.includes(kind);
  });
  return [...mimes, ...extensions.map((ext) => `.${ext}`)].join(',');
}
