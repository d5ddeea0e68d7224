/**
 * The DocStore contract (see src/persistence/DocStore.ts). Every adapter runs this suite; a new
 * adapter (PostgreSQL) is done when it passes unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { DocStore } from '../../src/persistence/DocStore.ts';

const b = (...xs: number[]) => new Uint8Array(xs);

export function runDocStoreContract(name: string, open: () => Promise<DocStore>): void {
  describe(`P DocStore contract: ${name}`, () => {
    it('P1 a created room can be read back; an unknown one is undefined', async () => {
      const s = await open();
      await s.createRoom({ id: 'room-1', createdAt: 1234 }, b(1));
      expect(await s.getRoom('room-1')).toEqual({ id: 'room-1', createdAt: 1234, linkGenerations: { editor: 1, viewer: 1 } });
      expect(await s.getRoom('nope')).toBeUndefined();
      await s.close();
    });

    it('P2 creating a room twice fails and keeps the first', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(1));
      await expect(s.createRoom({ id: 'r', createdAt: 2 }, b(2))).rejects.toThrow();
      expect((await s.getRoom('r'))?.createdAt).toBe(1);
      expect((await s.load('r')).updates).toEqual([b(1)]);
      await s.close();
    });

    it('P16 a room created with its files links them in the same step; a failed creation links none', async () => {
      const s = await open();
      const asset = (hash: string) => ({ hash, kind: 'image' as const, mime: 'image/png', size: 3, createdAt: 5 });
      const h1 = 'a'.repeat(64);
      const h2 = 'b'.repeat(64);
      await s.createRoom({ id: 'r', createdAt: 1 }, b(1), [asset(h1), asset(h2)]);
      expect(await s.getAsset('r', h1)).toEqual(asset(h1));
      expect(await s.getAsset('r', h2)).toEqual(asset(h2));
      await s.createRoom({ id: 'other', createdAt: 1 }, b(1));
      await expect(s.createRoom({ id: 'r', createdAt: 2 }, b(2), [asset('c'.repeat(64))])).rejects.toThrow();
      expect(await s.getAsset('r', 'c'.repeat(64))).toBeUndefined();
      expect(await s.getAsset('other', h1)).toBeUndefined();
      await s.close();
    });

    it('P3 appended updates come back in order, byte for byte, with growing sequence numbers', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(0));
      const s1 = await s.append('r', [b(1, 2), b(3)]);
      const s2 = await s.append('r', [b(255, 0, 7)]);
      expect(s2).toBeGreaterThan(s1);
      const loaded = await s.load('r');
      expect(loaded.snapshot).toBeNull();
      expect(loaded.updates).toEqual([b(0), b(1, 2), b(3), b(255, 0, 7)]);
      expect(loaded.lastSeq).toBe(s2);
      await s.close();
    });

    it('P4 compaction replaces the covered log with the snapshot and keeps later entries', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(0));
      const upto = await s.append('r', [b(1), b(2)]);
      const later = await s.append('r', [b(3)]);
      await s.compact('r', b(9, 9), upto);
      const loaded = await s.load('r');
      expect(loaded.snapshot).toEqual(b(9, 9));
      expect(loaded.updates).toEqual([b(3)]);
      expect(loaded.lastSeq).toBe(later);
      await s.compact('r', b(8), later);
      const again = await s.load('r');
      expect(again.snapshot).toEqual(b(8));
      expect(again.updates).toEqual([]);
      expect(again.lastSeq).toBe(later);
      await s.close();
    });

    it('P9 appendMany stores several rooms’ updates in one commit, in order, and returns each room’s last seq', async () => {
      const s = await open();
      await s.createRoom({ id: 'a', createdAt: 1 }, b(1));
      await s.createRoom({ id: 'b', createdAt: 1 }, b(2));
      const before = await s.append('a', [b(3)]);
      // Seqs are ordered within a room only: an empty append reads room b's last one.
      const beforeB = await s.append('b', []);
      const [seqA, seqB] = await s.appendMany([
        { roomId: 'a', updates: [b(4), b(5)] },
        { roomId: 'b', updates: [b(6)] },
      ]);
      expect(seqA).toBeGreaterThan(before);
      expect(seqB).toBeGreaterThan(beforeB);
      expect(await s.load('a')).toEqual({ snapshot: null, snapshotTag: null, updates: [b(1), b(3), b(4), b(5)], lastSeq: seqA });
      expect(await s.load('b')).toEqual({ snapshot: null, snapshotTag: null, updates: [b(2), b(6)], lastSeq: seqB });
      await s.close();
    });

    it('P9 appendMany is all or nothing across rooms', async () => {
      const s = await open();
      await s.createRoom({ id: 'a', createdAt: 1 }, b(1));
      await s.createRoom({ id: 'b', createdAt: 1 }, b(2));
      // The second room's entry is not bytes, so the commit fails after the first room's rows.
      const broken = [
        { roomId: 'a', updates: [b(3)] },
        { roomId: 'b', updates: [null as unknown as Uint8Array] },
      ];
      await expect(s.appendMany(broken)).rejects.toThrow();
      expect((await s.load('a')).updates).toEqual([b(1)]);
      expect((await s.load('b')).updates).toEqual([b(2)]);
      await s.close();
    });

    it('P10 a snapshot’s tag is kept with it, verbatim, and replaced with it', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(0));
      expect((await s.load('r')).snapshotTag).toBeNull();
      const upto = await s.append('r', [b(1)]);
      await s.compact('r', b(9), upto, 'v1;schema=2;crc32=42');
      expect(await s.load('r')).toEqual({ snapshot: b(9), snapshotTag: 'v1;schema=2;crc32=42', updates: [], lastSeq: upto });
      await s.compact('r', b(8), upto);
      expect((await s.load('r')).snapshotTag).toBeNull();
      await s.close();
    });

    it('P5 rooms are isolated from each other', async () => {
      const s = await open();
      await s.createRoom({ id: 'a', createdAt: 1 }, b(1));
      await s.createRoom({ id: 'b', createdAt: 1 }, b(2));
      const seqA = await s.append('a', [b(10)]);
      await s.compact('a', b(5), seqA);
      expect((await s.load('b')).updates).toEqual([b(2)]);
      expect((await s.load('b')).snapshot).toBeNull();
      await s.close();
    });

    it('P8 rotating a link bumps only that role’s generation; unknown rooms throw', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(1));
      expect(await s.rotateLink('r', 'viewer')).toBe(2);
      expect(await s.rotateLink('r', 'viewer')).toBe(3);
      expect((await s.getRoom('r'))?.linkGenerations).toEqual({ editor: 1, viewer: 3 });
      await expect(s.rotateLink('nope', 'editor')).rejects.toThrow();
      await s.close();
    });

    it('P14 loadSince returns the entries after a seq, and the snapshot once compaction dropped some of them', async () => {
      const s = await open();
      await s.createRoom({ id: 'r', createdAt: 1 }, b(0));
      const s1 = await s.append('r', [b(1)]);
      const s2 = await s.append('r', [b(2)]);
      expect(await s.loadSince('r', s1)).toEqual({ snapshot: null, updates: [{ seq: s2, data: b(2) }], lastSeq: s2 });
      expect(await s.loadSince('r', s2)).toEqual({ snapshot: null, updates: [], lastSeq: s2 });
      await s.compact('r', b(9), s1);
      expect(await s.loadSince('r', s2)).toEqual({ snapshot: null, updates: [], lastSeq: s2 });
      const behind = await s.loadSince('r', 0);
      expect(behind.snapshot).toEqual(b(9));
      expect(behind.updates).toEqual([{ seq: s2, data: b(2) }]);
      await s.close();
    });

    it('P15 lastSeqs reports, in one read, each room’s last seq as loadSince does, and 0 for an unknown room', async () => {
      const s = await open();
      await s.createRoom({ id: 'a', createdAt: 1 }, b(0));
      await s.createRoom({ id: 'z', createdAt: 1 }, b(0));
      await s.append('a', [b(1)]);
      const za = await s.append('z', [b(2), b(3)]);
      await s.compact('z', b(9), za);
      const seqs = await s.lastSeqs(['a', 'z', 'nope']);
      expect(seqs.get('a')).toBe((await s.loadSince('a', 0)).lastSeq);
      expect(seqs.get('z')).toBe(za);
      expect(seqs.get('nope')).toBe(0);
      expect(await s.lastSeqs([])).toEqual(new Map());
      await s.close();
    });

    it('P6 bytes that are not a valid Yjs update are stored and returned untouched', async () => {
      const s = await open();
      const garbage = new Uint8Array(1000).map((_, i) => (i * 37) % 256);
      await s.createRoom({ id: 'r', createdAt: 1 }, garbage);
      expect((await s.load('r')).updates[0]).toEqual(garbage);
      await s.close();
    });
  });
}
