/** Room archives in tests: export and import over raw HTTP, and tar files built by hand (hostile ones too). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';
import Database from 'libsql';
import { ARCHIVE_FORMAT_VERSION, SCHEMA_VERSION, type ArchiveManifest } from '@riffboard/shared';
import type { RoomRef, TestServer } from './testServer.ts';

export const sha256 = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

export interface TarEntry {
  readonly name: string;
  readonly data?: Uint8Array;
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly linkname?: string;
}

/** A tar file holding exactly these entries, in this order. */
export async function buildTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => pack.on('end', r));
  for (const e of entries) {
    const type = e.type ?? 'file';
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.name, type, ...(e.linkname ? { linkname: e.linkname } : {}) };
      if (type === 'file') pack.entry(header, Buffer.from(e.data ?? new Uint8Array()), (err) => (err ? reject(err) : resolve()));
      else pack.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** A manifest for `document` and `assets`, with fields overridden as a test needs. */
export function manifestFor(document: Uint8Array, assets: readonly Uint8Array[], over: Partial<ArchiveManifest> = {}): Uint8Array {
  const m: ArchiveManifest = {
    format: ARCHIVE_FORMAT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    title: 'Imported',
    createdAt: 1,
    exportedAt: 2,
    entries: [
      { name: 'document.yjs', size: document.byteLength, sha256: sha256(document) },
      ...assets.map((a) => ({ name: `assets/${sha256(a)}`, size: a.byteLength, sha256: sha256(a) })),
    ],
    unavailableAssets: [],
    ...over,
  };
  return Buffer.from(JSON.stringify(m));
}

/** The usual layout: manifest, document, then each asset under its hash. */
export function archiveEntries(document: Uint8Array, assets: readonly Uint8Array[], over: Partial<ArchiveManifest> = {}): TarEntry[] {
  return [
    { name: 'manifest.json', data: manifestFor(document, assets, over) },
    { name: 'document.yjs', data: document },
    ...assets.map((a) => ({ name: `assets/${sha256(a)}`, data: a })),
  ];
}

export async function readTar(bytes: Uint8Array): Promise<Array<{ name: string; data: Buffer }>> {
  const extract = tar.extract();
  const out: Array<{ name: string; data: Buffer }> = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c);
      out.push({ name: entry.header.name, data: Buffer.concat(chunks) });
    }
  })();
  extract.end(Buffer.from(bytes));
  await done;
  return out;
}

export async function exportRoom(
  s: TestServer,
  room: RoomRef,
): Promise<{ status: number; length: number; bytes: Buffer; type: string | null }> {
  const res = await fetch(`${s.url}/api/rooms/${room.id}/export`, { headers: { authorization: `Bearer ${room.token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, length: Number(res.headers.get('content-length')), bytes, type: res.headers.get('content-type') };
}

export interface Imported {
  readonly status: number;
  readonly body: { roomId?: string; title?: string; links?: Record<string, string>; error?: { code: string; message: string } };
}

export async function importArchive(s: TestServer, bytes: Uint8Array): Promise<Imported> {
  const res = await fetch(`${s.url}/api/rooms/import`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/x-tar' } });
  return { status: res.status, body: (await res.json()) as Imported['body'] };
}

/** How many rooms the server's SQLite database holds (read beside the server's own connection). */
export function roomCount(s: TestServer): number {
  const db = new Database(path.join(s.dataDir, 'riffboard.db'), { readonly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM rooms').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/** Every file under the server's data directory (blobs, temporary files), relative to it. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !e.name.startsWith('riffboard.db'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
