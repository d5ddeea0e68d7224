/**
 * The room archive: one uncompressed tar file, read and written as a stream (server SPEC AR1–AR9).
 *
 *   manifest.json          first, so a reader knows every later entry, its size and checksum
 *                          before it reads a byte of it
 *   document.yjs           the room's Yjs state (`Y.encodeStateAsUpdate`)
 *   assets/<sha256>        each file the document points at, named by its own SHA-256
 *
 * No compression: the assets are already-compressed media and the document is small next to them,
 * and an uncompressed tar has a size known before it is written (a progress bar for a download)
 * and can't be a compression bomb. Entry names are never paths on anyone's disk: a reader accepts
 * exactly these three shapes and nothing else.
 */
import { SCHEMA_VERSION } from '../doc/migrate.ts';

/** The version of this layout; a reader refuses any other (an older one would need its own reader). */
export const ARCHIVE_FORMAT_VERSION = 1;

export const ARCHIVE_ENTRY = { manifest: 'manifest.json', document: 'document.yjs', assetPrefix: 'assets/' } as const;

/** The tar file's media type and the extension the client offers to save it with. */
export const ARCHIVE_MIME = 'application/x-tar';
export const ARCHIVE_EXTENSION = '.riffboard.tar';

/** Largest manifest a reader takes: a few hundred bytes per asset. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface ArchiveEntry {
  readonly name: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the entry's bytes. */
  readonly sha256: string;
}

export interface ArchiveManifest {
  readonly format: number;
  /** The room document's schema version (`meta.schemaVersion`). */
  readonly schemaVersion: number;
  readonly title: string;
  /** When the room was created (ms since the epoch), from its document. */
  readonly createdAt: number;
  /** When the archive was written. */
  readonly exportedAt: number;
  /** The document entry first, then one entry per asset. */
  readonly entries: readonly ArchiveEntry[];
  /**
   * Assets the document points at that the room did not hold when it was exported (an image whose
   * upload never finished): their addresses stay as they were, and an import accepts them.
   */
  readonly unavailableAssets: readonly string[];
}

export type ArchiveEntryKind =
  { readonly kind: 'manifest' } | { readonly kind: 'document' } | { readonly kind: 'asset'; readonly hash: string };

const SHA256 = /^[0-9a-f]{64}$/;

/** What an entry name stands for, or null for any name an archive may not hold. */
export function classifyEntryName(name: string): ArchiveEntryKind | null {
  if (name === ARCHIVE_ENTRY.manifest) return { kind: 'manifest' };
  if (name === ARCHIVE_ENTRY.document) return { kind: 'document' };
  if (name.startsWith(ARCHIVE_ENTRY.assetPrefix)) {
    const hash = name.slice(ARCHIVE_ENTRY.assetPrefix.length);
    if (SHA256.test(hash)) return { kind: 'asset', hash };
  }
  return null;
}

export function assetEntryName(hash: string): string {
  return `${ARCHIVE_ENTRY.assetPrefix}${hash}`;
}

/** Why a manifest was refused: a sentence for the person who sent it. */
export class ManifestError extends Error {
  constructor(
    readonly reason: 'malformed' | 'version',
    message: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads a manifest from its JSON text, checking its shape and versions (AR3) but not the entries
 * against the archive (the reader does that as they arrive). Throws a {@link ManifestError}.
 */
export function parseManifest(text: string): ArchiveManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ManifestError('malformed', 'The archive’s manifest is not valid JSON.');
  }
  if (!isObject(raw)) throw new ManifestError('malformed', 'The archive’s manifest is not a JSON object.');
  if (raw.format !== ARCHIVE_FORMAT_VERSION) {
    const newer = typeof raw.format === 'number' && raw.format > ARCHIVE_FORMAT_VERSION;
    throw new ManifestError(
      'version',
      newer
        ? `This archive was written by a newer Riffboard (archive format ${String(raw.format)}); this server reads format ${ARCHIVE_FORMAT_VERSION}.`
        : `This is not a Riffboard room archive this server can read (archive format ${JSON.stringify(raw.format) ?? 'missing'}).`,
    );
  }
  if (!isCount(raw.schemaVersion)) throw new ManifestError('malformed', 'The archive’s manifest has no room schema version.');
  if (raw.schemaVersion > SCHEMA_VERSION) {
    throw new ManifestError(
      'version',
      `This room was exported from a newer Riffboard (room schema ${raw.schemaVersion}); this server knows schema ${SCHEMA_VERSION}. Update the server, then import it again.`,
    );
  }
  if (typeof raw.title !== 'string' || !isCount(raw.createdAt) || !isCount(raw.exportedAt))
    throw new ManifestError('malformed', 'The archive’s manifest lacks the room’s title or times.');
  if (!Array.isArray(raw.entries) || !Array.isArray(raw.unavailableAssets))
    throw new ManifestError('malformed', 'The archive’s manifest lists no entries.');
  const names = new Set<string>();
  const entries: ArchiveEntry[] = raw.entries.map((e: unknown) => {
    if (!isObject(e) || typeof e.name !== 'string' || !isCount(e.size) || typeof e.sha256 !== 'string' || !SHA256.test(e.sha256))
      throw new ManifestError('malformed', 'An entry of the archive’s manifest lacks its name, size or SHA-256.');
    const kind = classifyEntryName(e.name);
    if (!kind || kind.kind === 'manifest')
      throw new ManifestError('malformed', `The archive’s manifest lists “${e.name.slice(0, 80)}”, which a room archive can’t hold.`);
    if (kind.kind === 'asset' && kind.hash !== e.sha256)
      throw new ManifestError('malformed', `The archive’s manifest gives ${e.name} another checksum than its name.`);
    if (names.has(e.name)) throw new ManifestError('malformed', `The archive’s manifest lists ${e.name} twice.`);
    names.add(e.name);
    return { name: e.name, size: e.size, sha256: e.sha256 };
  });
  if (!names.has(ARCHIVE_ENTRY.document)) throw new ManifestError('malformed', 'The archive’s manifest lists no document.');
  const unavailableAssets = raw.unavailableAssets.filter((h: unknown): h is string => typeof h === 'string' && SHA256.test(h));
  return {
    format: raw.format,
    schemaVersion: raw.schemaVersion,
    title: raw.title,
    createdAt: raw.createdAt,
    exportedAt: raw.exportedAt,
    entries,
    unavailableAssets,
  };
}
