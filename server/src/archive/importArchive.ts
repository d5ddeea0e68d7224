/**
 * Reading a room archive someone uploaded: untrusted input, read as a stream (server SPEC AR2–AR9).
 *
 * The manifest must come first; every later entry must be one it lists, once, with the size the
 * manifest and the tar header both declare and the bytes the manifest's SHA-256 names. Limits are
 * checked from what is declared before anything is read (total size, entry count, each file's
 * kind limit) and again from what actually arrives. Files stream into the asset store's
 * temporary place and stay there, uncommitted, until the whole archive and the document have been
 * checked: a refusal at any point aborts them all, so nothing of a refused archive stays behind,
 * and no name from the archive ever becomes a path (files are stored by hash).
 */
import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import tar from 'tar-stream';
import {
  ARCHIVE_ENTRY,
  MAX_MANIFEST_BYTES,
  ManifestError,
  classifyEntryName,
  parseManifest,
  type ApiErrorCode,
  type ArchiveManifest,
} from '@riffboard/shared';
import type { AssetStore, AssetWriter } from '../assets/AssetStore.ts';
import { SNIFF_BYTES, sniffType } from '../assets/assetTypes.ts';
import type { UploadLimits } from '../assets/uploadAsset.ts';
import type { AssetRecord } from '../persistence/DocStore.ts';

/** A refused import: the code's status (`API_ERRORS`) and a sentence for the person who sent it. */
export class ImportError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ImportLimits {
  /** Largest archive (bytes on the wire). */
  readonly maxBytes: number;
  /** Most entries, the manifest included. */
  readonly maxEntries: number;
  /** Largest document (the room size limit, B3). */
  readonly maxDocumentBytes: number;
  /** Each file's limit by kind, as for uploads (F2). */
  readonly assets: UploadLimits;
}

/** A read and checked archive whose files wait, uncommitted, for {@link StagedArchive.commit} or `abort`. */
export interface StagedArchive {
  readonly manifest: ArchiveManifest;
  readonly document: Uint8Array;
  /** The files, as the new room will record them (type from their bytes). */
  readonly assets: readonly AssetRecord[];
  commit(): Promise<void>;
  abort(): Promise<void>;
}

const MB = 1024 * 1024;
const sizeText = (n: number): string => (n >= MB ? `${Math.floor(n / MB)} MB` : n >= 1024 ? `${Math.floor(n / 1024)} KB` : `${n} bytes`);

/** Counts the bytes that arrive and stops the stream once they pass `max`. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max)
        return cb(new ImportError('archive_too_large', `That archive is larger than ${sizeText(max)}, the most this server takes.`));
      cb(null, chunk);
    },
  });
}

/** tar-stream's own words for a cut-off or malformed tar, turned into sentences. */
function tarError(err: unknown): ImportError {
  const text = err instanceof Error ? err.message : String(err);
  if (/unexpected end|premature|aborted|ECONNRESET/i.test(text))
    return new ImportError('archive_incomplete', 'That archive ended early; the upload may have been cut off. Try again.');
  return new ImportError('bad_archive', 'That file is not a Riffboard room archive (it is not a tar file this server can read).');
}

/** An entry as a person reads it: “the room document”, “the file 3fa9c1d2e4b5…”. */
function entryText(name: string): string {
  const kind = classifyEntryName(name);
  if (kind?.kind === 'asset') return `the file ${kind.hash.slice(0, 12)}…`;
  if (kind?.kind === 'document') return 'the room document';
  return `“${name.slice(0, 80)}”`;
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

interface Staged {
  readonly writer: AssetWriter;
  readonly record: AssetRecord;
}

/**
 * Reads `body` as a room archive. Resolves with the staged archive, or rejects with an
 * {@link ImportError} after aborting every file it had staged.
 */
export async function readArchive(
  body: Readable,
  contentLength: number | undefined,
  limits: ImportLimits,
  store: AssetStore,
  now = Date.now(),
): Promise<StagedArchive> {
  if (contentLength !== undefined && contentLength > limits.maxBytes)
    throw new ImportError(
      'archive_too_large',
      `That archive is ${sizeText(contentLength)}; this server takes archives up to ${sizeText(limits.maxBytes)}.`,
    );
  const staged = new Map<string, Staged>();
  const abortAll = async (): Promise<void> => {
    await Promise.all([...staged.values()].map((s) => s.writer.abort().catch(() => undefined)));
  };
  const limit = byteLimit(limits.maxBytes);
  const extract = tar.extract();
  let streamError: unknown = null;
  // A pipe forwards no errors: a cut-off upload must end the extraction, not leave it waiting.
  const cutOff = (err: unknown): void => {
    streamError ??= err;
    extract.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  body.on('error', cutOff).on('aborted', () => cutOff(new Error('aborted')));
  limit.on('error', (err) => {
    streamError ??= err;
    extract.destroy(err);
  });
  body.pipe(limit).pipe(extract);

  let manifest: ArchiveManifest | null = null;
  let declared: Map<string, { size: number; sha256: string }> = new Map();
  let document: Uint8Array | null = null;
  const seen = new Set<string>();
  let entries = 0;
  try {
    try {
      for await (const entry of extract) {
        const { name, size = 0, type } = entry.header;
        entries++;
        if (entries > limits.maxEntries)
          throw new ImportError(
            'archive_too_large',
            `That archive holds more than ${limits.maxEntries} entries, the most this server takes.`,
          );
        if (type !== 'file' && type !== 'contiguous-file')
          throw new ImportError(
            'bad_archive',
            `The archive holds “${name.slice(0, 80)}”, which is not a plain file; room archives hold only files.`,
          );
        const kind = classifyEntryName(name);
        if (!kind)
          throw new ImportError('bad_archive', `The archive holds an entry named “${name.slice(0, 80)}”, which a room archive can’t hold.`);
        if (seen.has(name)) throw new ImportError('bad_archive', `The archive holds ${entryText(name)} twice.`);
        seen.add(name);

        if (kind.kind === 'manifest') {
          if (manifest) throw new ImportError('bad_archive', 'The archive holds two manifests.');
          if (entries !== 1) throw new ImportError('bad_archive', 'The archive’s manifest must be its first entry.');
          if (size > MAX_MANIFEST_BYTES) throw new ImportError('archive_too_large', 'The archive’s manifest is too large.');
          manifest = acceptManifest(Buffer.concat(await readAll(entry)).toString('utf8'), limits);
          declared = new Map(manifest.entries.map((e) => [e.name, { size: e.size, sha256: e.sha256 }]));
          continue;
        }
        if (!manifest) throw new ImportError('bad_archive', 'The archive’s first entry must be its manifest.');
        const expected = declared.get(name);
        if (!expected) throw new ImportError('archive_damaged', `The archive holds ${entryText(name)}, which its manifest doesn’t list.`);
        if (size !== expected.size)
          throw new ImportError(
            'archive_damaged',
            `${capitalized(entryText(name))} is ${size} bytes in the archive but ${expected.size} in its manifest.`,
          );
        const hash = crypto.createHash('sha256');
        if (kind.kind === 'document') {
          const chunks = await readAll(entry, hash);
          document = new Uint8Array(Buffer.concat(chunks));
        } else {
          const writer = await store.createWriter();
          // Staged before it is written, so a refusal mid-file aborts it too.
          staged.set(name, { writer, record: { hash: kind.hash, kind: 'image', mime: '', size, createdAt: now } });
          staged.set(name, { writer, record: await streamAsset(entry, writer, hash, size, kind.hash, limits.assets, now) });
          await writer.end();
        }
        const actual = hash.digest('hex');
        if (actual !== expected.sha256)
          throw new ImportError(
            'archive_damaged',
            `${capitalized(entryText(name))} has been changed: its SHA-256 is not the one its manifest gives.`,
          );
      }
    } catch (err) {
      if (err instanceof ImportError) throw err;
      if (streamError instanceof ImportError) throw streamError;
      throw tarError(streamError ?? err);
    }
    if (streamError instanceof ImportError) throw streamError;
    if (streamError) throw tarError(streamError);
    if (!manifest) throw new ImportError('bad_archive', 'That file is not a Riffboard room archive: it has no manifest.');
    for (const e of manifest.entries)
      if (!seen.has(e.name))
        throw new ImportError(
          'archive_damaged',
          `${capitalized(entryText(e.name))} is listed in the archive’s manifest but missing from the archive.`,
        );
    if (!document) throw new ImportError('archive_damaged', 'The archive holds no room document.');
  } catch (err) {
    body.unpipe(limit);
    limit.destroy();
    extract.destroy();
    await abortAll();
    throw err;
  }
  const files = [...staged.entries()];
  return {
    manifest,
    document,
    assets: files.map(([, s]) => s.record),
    commit: async () => {
      for (const [, s] of files) await s.writer.commit(s.record.hash);
    },
    abort: abortAll,
  };
}

function acceptManifest(text: string, limits: ImportLimits): ArchiveManifest {
  let manifest: ArchiveManifest;
  try {
    manifest = parseManifest(text);
  } catch (err) {
    if (err instanceof ManifestError) throw new ImportError(err.reason === 'version' ? 'archive_version' : 'bad_archive', err.message);
    throw err;
  }
  if (manifest.entries.length + 1 > limits.maxEntries)
    throw new ImportError(
      'archive_too_large',
      `That archive holds ${manifest.entries.length + 1} entries; this server takes at most ${limits.maxEntries}.`,
    );
  const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  if (total > limits.maxBytes)
    throw new ImportError(
      'archive_too_large',
      `That archive unpacks to ${sizeText(total)}; this server takes archives up to ${sizeText(limits.maxBytes)}.`,
    );
  const doc = manifest.entries.find((e) => e.name === ARCHIVE_ENTRY.document);
  if (doc && doc.size > limits.maxDocumentBytes)
    throw new ImportError(
      'archive_too_large',
      `The room in that archive is ${sizeText(doc.size)}; rooms here can hold at most ${sizeText(limits.maxDocumentBytes)}.`,
    );
  return manifest;
}

async function readAll(entry: AsyncIterable<Buffer>, hash?: crypto.Hash): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) {
    hash?.update(chunk);
    chunks.push(chunk);
  }
  return chunks;
}

/** Streams one asset entry into `writer`, deciding its type from its first bytes (F1) and checking its kind's limit. */
async function streamAsset(
  entry: AsyncIterable<Buffer>,
  writer: AssetWriter,
  hash: crypto.Hash,
  size: number,
  id: string,
  limits: UploadLimits,
  now: number,
): Promise<AssetRecord> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let record: AssetRecord | null = null;
  const decide = async (): Promise<AssetRecord> => {
    const bytes = Buffer.concat(head);
    const type = await sniffType(bytes);
    if (!type)
      throw new ImportError('unsupported_type', `The archive holds a file (${id.slice(0, 12)}…) of a type Riffboard doesn’t accept.`);
    if (size > limits[type.kind])
      throw new ImportError(
        'archive_too_large',
        `The archive holds a ${sizeText(size)} ${type.kind} file; ${type.kind} files can be at most ${sizeText(limits[type.kind])}.`,
      );
    hash.update(bytes);
    await writer.write(bytes);
    head.length = 0;
    return { hash: id, kind: type.kind, mime: type.mime, size, createdAt: now };
  };
  for await (const chunk of entry) {
    if (!record) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= SNIFF_BYTES) record = await decide();
      continue;
    }
    hash.update(chunk);
    await writer.write(chunk);
  }
  return record ?? (await decide());
}
