/**
 * Writing a room archive (format: shared `archive/archiveFormat.ts`, server SPEC AR1).
 *
 * The plan is made first from the live document and the asset records: which files the document
 * points at and the room holds, their sizes, and every checksum. An asset's id is its SHA-256, so
 * the manifest, which goes first, is complete before a byte of any file is read, and the archive's
 * exact length is known up front (an uncompressed tar's length follows from its entries' sizes),
 * which is the download's Content-Length. Files are then streamed from the asset store one after
 * the other with backpressure, so memory stays flat however large the room's files are.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import * as Y from 'yjs';
import tar from 'tar-stream';
import {
  ARCHIVE_ENTRY,
  ARCHIVE_FORMAT_VERSION,
  assetEntryName,
  readCreatedAt,
  readSchemaVersion,
  readTitle,
  referencedAssets,
  type ArchiveEntry,
  type ArchiveManifest,
} from '@riffboard/shared';
import type { AssetStore } from '../assets/AssetStore.ts';
import type { DocStore } from '../persistence/DocStore.ts';

const BLOCK = 512;

export interface ExportPlan {
  readonly manifest: ArchiveManifest;
  readonly manifestBytes: Buffer;
  readonly document: Uint8Array;
  /** The whole archive's length in bytes. */
  readonly totalBytes: number;
}

/** A tar entry's length on the wire: one header block and the data padded to whole blocks. */
function entryBytes(size: number): number {
  return BLOCK + Math.ceil(size / BLOCK) * BLOCK;
}

/** The length of an uncompressed tar holding entries of these sizes (its end is two zero blocks). */
export function tarLength(sizes: readonly number[]): number {
  return sizes.reduce((sum, s) => sum + entryBytes(s), 2 * BLOCK);
}

/** Plans the archive of `doc`, the live document of room `roomId`. */
export async function planExport(roomId: string, doc: Y.Doc, store: DocStore, assets: AssetStore, now = Date.now()): Promise<ExportPlan> {
  const document = Y.encodeStateAsUpdate(doc);
  const entries: ArchiveEntry[] = [
    { name: ARCHIVE_ENTRY.document, size: document.byteLength, sha256: crypto.createHash('sha256').update(document).digest('hex') },
  ];
  const unavailableAssets: string[] = [];
  for (const hash of [...referencedAssets(doc)].sort()) {
    // Only this room's files (F5): an address copied from another room is not this room's to give.
    const size = (await store.getAsset(roomId, hash)) ? await assets.size(hash) : null;
    if (size === null) unavailableAssets.push(hash);
    else entries.push({ name: assetEntryName(hash), size, sha256: hash });
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT_VERSION,
    schemaVersion: readSchemaVersion(doc),
    title: readTitle(doc),
    createdAt: readCreatedAt(doc) ?? 0,
    exportedAt: now,
    entries,
    unavailableAssets,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
  return { manifest, manifestBytes, document, totalBytes: tarLength([manifestBytes.length, ...entries.map((e) => e.size)]) };
}

/** Streams the planned archive into `out`; rejects (and destroys the archive stream) if `out` goes away. */
export async function writeArchive(plan: ExportPlan, assets: AssetStore, out: Writable): Promise<void> {
  const pack = tar.pack();
  const mtime = new Date(plan.manifest.exportedAt);
  let failure: Error | null = null;
  // Every wait below races this, so a download that goes away never leaves the export (and the
  // file it is reading) waiting for a drain or a callback that a destroyed stream won't give.
  let stop!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (stop = reject));
  failed.catch(() => undefined);
  const fail = (err: Error): void => {
    if (!failure) {
      failure = err;
      stop(err);
    }
    pack.destroy(err);
  };
  out.on('close', () => {
    if (!out.writableFinished) fail(new Error('the download was closed before the archive was complete'));
  });
  out.on('error', fail);
  pack.on('error', fail);
  pack.pipe(out);

  /** A promise that may lose a race: its late rejection is expected, not unhandled. */
  const settled = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
  };
  const small = (name: string, bytes: Uint8Array): Promise<void> =>
    settled(
      new Promise((resolve, reject) => {
        pack.entry({ name, size: bytes.byteLength, mtime }, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) =>
          err ? reject(err) : resolve(),
        );
      }),
    );

  await Promise.race([small(ARCHIVE_ENTRY.manifest, plan.manifestBytes), failed]);
  await Promise.race([small(ARCHIVE_ENTRY.document, plan.document), failed]);
  for (const entry of plan.manifest.entries) {
    if (entry.name === ARCHIVE_ENTRY.document) continue;
    if (failure) throw failure;
    let done!: (err?: Error | null) => void;
    const written = new Promise<void>((resolve, reject) => (done = (err) => (err ? reject(err) : resolve())));
    written.catch(() => undefined); // awaited below; an early failure must not surface as unhandled
    const sink = pack.entry({ name: entry.name, size: entry.size, mtime }, (err) => done(err));
    // Destroying the pack destroys this entry with the same error, which `failed` already carries.
    sink.on('error', () => undefined);
    const source = assets.read(entry.sha256);
    try {
      for await (const chunk of source) {
        if (failure) throw failure;
        if (!sink.write(chunk as Buffer)) await Promise.race([settled(once(sink, 'drain')), written, failed]);
      }
      sink.end();
      await Promise.race([written, failed]);
    } catch (err) {
      source.destroy();
      fail(err instanceof Error ? err : new Error(String(err)));
      throw failure ?? err;
    }
  }
  if (failure) throw failure;
  pack.finalize();
  await Promise.race([settled(once(out, 'finish')), failed]);
}
