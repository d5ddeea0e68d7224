/**
 * The AssetStore contract (see src/assets/AssetStore.ts). Every adapter runs this suite; a new
 * adapter (an object store) is done when it passes unchanged.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AssetStore } from '../../src/assets/AssetStore.ts';

const sha256 = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Distinct, non-repeating bytes (so a range read from the wrong place shows). */
const blob = (length: number, seed = 1): Uint8Array => {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Byte-for-byte equality without an element-wise deep compare of megabytes. */
function expectSameBytes(actual: Buffer, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

/** Writes `bytes` in `chunkSize` pieces and commits them under their hash. */
async function store(s: AssetStore, bytes: Uint8Array, chunkSize = 64 * 1024): Promise<string> {
  const w = await s.createWriter();
  for (let i = 0; i < bytes.length; i += chunkSize) await w.write(bytes.subarray(i, i + chunkSize));
  const hash = sha256(bytes);
  await w.commit(hash);
  return hash;
}

export function runAssetStoreContract(name: string, open: () => Promise<AssetStore>): void {
  describe(`G AssetStore contract: ${name}`, () => {
    it('G1 committed bytes read back whole, byte for byte, with their size; an unknown hash has none', async () => {
      const s = await open();
      const bytes = blob(2 * 1024 * 1024 + 17);
      const hash = await store(s, bytes);
      expect(await s.size(hash)).toBe(bytes.length);
      expectSameBytes(await readAll(s.read(hash)), bytes);
      expect(await s.size(sha256(blob(10, 9)))).toBeNull();
    });

    it('G2 nothing is readable under a hash until its writer commits', async () => {
      const s = await open();
      const bytes = blob(200_000, 2);
      const hash = sha256(bytes);
      const w = await s.createWriter();
      await w.write(bytes.subarray(0, 100_000));
      expect(await s.size(hash)).toBeNull();
      await w.write(bytes.subarray(100_000));
      expect(await s.size(hash)).toBeNull();
      await w.commit(hash);
      expectSameBytes(await readAll(s.read(hash)), bytes);
    });

    it('G3 an aborted writer leaves nothing behind, and aborting after a commit keeps the blob', async () => {
      const s = await open();
      const bytes = blob(50_000, 3);
      const hash = sha256(bytes);
      const w = await s.createWriter();
      await w.write(bytes);
      await w.abort();
      expect(await s.size(hash)).toBeNull();
      const kept = await s.createWriter();
      await kept.write(bytes);
      await kept.commit(hash);
      await kept.abort();
      expectSameBytes(await readAll(s.read(hash)), bytes);
    });

    it('G8 a writer ended early still commits whole or aborts to nothing, and many ended writers can wait at once', async () => {
      const s = await open();
      const parts = Array.from({ length: 300 }, (_, i) => blob(1000 + i, 100 + i));
      const writers = [];
      for (const bytes of parts) {
        const w = await s.createWriter();
        await w.write(bytes);
        await w.end();
        await w.end();
        writers.push(w);
      }
      for (const [i, w] of writers.entries()) {
        if (i % 2 === 0) await w.commit(sha256(parts[i]!));
        else await w.abort();
      }
      for (const [i, bytes] of parts.entries()) {
        if (i % 2 === 0) expectSameBytes(await readAll(s.read(sha256(bytes))), bytes);
        else expect(await s.size(sha256(bytes))).toBeNull();
      }
    });

    it('G4 the same content committed twice, also by concurrent writers, is one readable blob', async () => {
      const s = await open();
      const bytes = blob(500_000, 4);
      const hashes = await Promise.all([store(s, bytes, 7_000), store(s, bytes, 65_536), store(s, bytes, 1_000_000)]);
      expect(new Set(hashes).size).toBe(1);
      expect(await s.size(hashes[0]!)).toBe(bytes.length);
      expectSameBytes(await readAll(s.read(hashes[0]!)), bytes);
      await store(s, bytes);
      expectSameBytes(await readAll(s.read(hashes[0]!)), bytes);
    });

    it('G5 a range read returns exactly the bytes from start to end inclusive', async () => {
      const s = await open();
      const bytes = blob(1_000_000, 5);
      const hash = await store(s, bytes);
      for (const [start, end] of [
        [0, 0],
        [0, 99],
        [123_456, 654_321],
        [999_999, 999_999],
      ] as const) {
        expectSameBytes(await readAll(s.read(hash, { start, end })), bytes.subarray(start, end + 1));
      }
    });

    it('G6 sidecars are stored per blob and name, replaced by a new put, and absent until put', async () => {
      const s = await open();
      const a = await store(s, blob(1000, 6));
      const b = await store(s, blob(1000, 7));
      expect(await s.getSidecar(a, 'peaks')).toBeNull();
      await s.putSidecar(a, 'peaks', new Uint8Array([1, 2, 3]));
      await s.putSidecar(a, 'peaks-v2', new Uint8Array([9]));
      expect(await s.getSidecar(a, 'peaks')).toEqual(new Uint8Array([1, 2, 3]));
      expect(await s.getSidecar(a, 'peaks-v2')).toEqual(new Uint8Array([9]));
      expect(await s.getSidecar(b, 'peaks')).toBeNull();
      await s.putSidecar(a, 'peaks', new Uint8Array([4]));
      expect(await s.getSidecar(a, 'peaks')).toEqual(new Uint8Array([4]));
    });

    it('G7 ids that are not a SHA-256 and sidecar names that could be paths are refused', async () => {
      const s = await open();
      const hash = await store(s, blob(100, 8));
      const w = await s.createWriter();
      await w.write(blob(10));
      await expect(w.commit('../../etc/passwd')).rejects.toThrow();
      await w.abort();
      await expect(s.size('../' + hash)).rejects.toThrow();
      expect(() => s.read('not-a-hash')).toThrow();
      await expect(s.putSidecar(hash, '../x', new Uint8Array([1]))).rejects.toThrow();
      await expect(s.getSidecar(hash, 'a/b')).rejects.toThrow();
    });
  });
}
