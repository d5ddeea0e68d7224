/**
 * The asset port: where uploaded files' bytes live, addressed by their SHA-256.
 *
 * Semantics every adapter honours (SPEC G1–G7, checked by test/assets/assetStoreContract.ts):
 * - A writer streams into a temporary place; `commit(hash)` makes the bytes readable under `hash`
 *   atomically (a reader never sees half a file), and committing a hash that already exists keeps
 *   one copy. `abort()` leaves nothing behind. Concurrent writers of the same content are safe.
 * - `read` streams a byte range (inclusive) or the whole blob.
 * - Sidecars are small derived files stored next to a blob (e.g. waveform peaks).
 * - Adapters hold no policy: type sniffing, size limits and room access live in uploadAsset.ts.
 */
import type { Readable } from 'node:stream';

export interface AssetWriter {
  /** Appends a chunk; resolves when the adapter can take more (backpressure). */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * No more writes: releases what the writer holds open (a file handle) while its bytes wait for
   * `commit` or `abort`, so an import can hold many verified files until it has checked them all.
   */
  end(): Promise<void>;
  commit(hash: string): Promise<void>;
  abort(): Promise<void>;
}

export interface AssetStore {
  createWriter(): Promise<AssetWriter>;
  /** The blob's size, or null when there is none. */
  size(hash: string): Promise<number | null>;
  read(hash: string, range?: { start: number; end: number }): Readable;
  putSidecar(hash: string, name: string, bytes: Uint8Array): Promise<void>;
  getSidecar(hash: string, name: string): Promise<Uint8Array | null>;
}

/** Lower-case hex SHA-256: the only form of asset id accepted anywhere. */
export function isAssetHash(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}
