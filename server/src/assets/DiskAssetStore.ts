/**
 * AssetStore on the local disk: `<dir>/<hash[0..2]>/<hash>`, temporary files in `<dir>/tmp`.
 * A commit is a rename, which is atomic within one file system; names come only from hashes and
 * fixed sidecar names, never from what a client sent, so no path can escape the directory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { isAssetHash, type AssetStore, type AssetWriter } from './AssetStore.ts';

const SIDECAR_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export class DiskAssetStore implements AssetStore {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<DiskAssetStore> {
    await fsp.mkdir(path.join(dir, 'tmp'), { recursive: true });
    // Temporary files left by a crash are garbage: nothing refers to them.
    for (const f of await fsp.readdir(path.join(dir, 'tmp'))) await fsp.rm(path.join(dir, 'tmp', f), { force: true });
    return new DiskAssetStore(dir);
  }

  private blobPath(hash: string): string {
    if (!isAssetHash(hash)) throw new Error('invalid asset hash');
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  async createWriter(): Promise<AssetWriter> {
    const tmp = path.join(this.dir, 'tmp', crypto.randomUUID());
    const out = fs.createWriteStream(tmp, { flags: 'wx' });
    await once(out, 'open');
    // A write may still be in flight when the upload is refused: end the stream (never destroy it
    // under a pending write, which raises an error nobody listens to), then remove the file.
    let finished: Promise<void> | null = null;
    const finish = (): Promise<void> => {
      if (!finished) {
        out.end();
        finished = out.closed ? Promise.resolve() : once(out, 'close').then(() => undefined);
      }
      return finished;
    };
    let done = false;
    return {
      write: async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain');
      },
      end: finish,
      commit: async (hash) => {
        done = true;
        await finish();
        try {
          const dest = this.blobPath(hash);
          await fsp.mkdir(path.dirname(dest), { recursive: true });
          await fsp.rename(tmp, dest);
        } catch (err) {
          await fsp.rm(tmp, { force: true });
          throw err;
        }
      },
      abort: async () => {
        if (done) return;
        done = true;
        await finish().catch(() => undefined);
        await fsp.rm(tmp, { force: true });
      },
    };
  }

  async size(hash: string): Promise<number | null> {
    try {
      return (await fsp.stat(this.blobPath(hash))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  read(hash: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.blobPath(hash), range);
  }

  async putSidecar(hash: string, name: string, bytes: Uint8Array): Promise<void> {
    if (!SIDECAR_NAME.test(name)) throw new Error('invalid sidecar name');
    const dest = `${this.blobPath(hash)}.${name}`;
    const tmp = path.join(this.dir, 'tmp', crypto.randomUUID());
    await fsp.writeFile(tmp, bytes);
    await fsp.rename(tmp, dest);
  }

  async getSidecar(hash: string, name: string): Promise<Uint8Array | null> {
    if (!SIDECAR_NAME.test(name)) throw new Error('invalid sidecar name');
    try {
      return new Uint8Array(await fsp.readFile(`${this.blobPath(hash)}.${name}`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
