/**
 * The VersionStore contract (see src/persistence/VersionStore.ts). Every DocStore adapter is also
 * the room's version store and runs this suite.
 */
import { describe, expect, it } from 'vitest';
import type { VersionKind } from '@riffboard/shared';
import type { NewVersion, VersionStore } from '../../src/persistence/VersionStore.ts';

type Store = VersionStore & { close(): Promise<void> };

export function version(id: string, kind: VersionKind, createdAt: number, snapshot = new Uint8Array([1, 2, 3])): NewVersion {
  return {
    id,
    name: `v ${id}`,
    kind,
    author: { name: 'Ana', personId: kind === 'named' ? 'person-ana' : null },
    createdAt,
    bytes: snapshot.byteLength,
    snapshot,
  };
}

export function runVersionStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`RV VersionStore contract: ${name}`, () => {
    it('RV1 a stored version comes back whole: summary in the list (newest first, no bytes) and the snapshot byte for byte', async () => {
      const s = await open();
      const big = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
      await s.addVersion('r', version('a', 'named', 1000), 10);
      await s.addVersion('r', version('b', 'periodic', 3000, big), 10);
      await s.addVersion('r', version('c', 'before-restore', 2000), 10);
      const list = await s.listVersions('r');
      expect(list.map((v) => v.id)).toEqual(['b', 'c', 'a']);
      expect(list[2]).toEqual({
        id: 'a',
        name: 'v a',
        kind: 'named',
        author: { name: 'Ana', personId: 'person-ana' },
        createdAt: 1000,
        bytes: 3,
      });
      expect(list[0]).not.toHaveProperty('snapshot');
      const got = await s.getVersion('r', 'b');
      expect(got?.snapshot).toEqual(big);
      expect(got?.author).toEqual({ name: 'Ana', personId: null });
      expect(await s.getVersion('r', 'nope')).toBeUndefined();
      await s.close();
    });

    it('RV1 rooms are isolated: another room lists none of them and cannot fetch them by id', async () => {
      const s = await open();
      await s.addVersion('r1', version('a', 'named', 1), 10);
      expect(await s.listVersions('r2')).toEqual([]);
      expect(await s.getVersion('r2', 'a')).toBeUndefined();
      expect(await s.countNamed('r2')).toBe(0);
      await s.close();
    });

    it('RV4 adding an automatic version prunes the room’s automatic ones beyond the newest kept; named ones are never pruned', async () => {
      const s = await open();
      for (let i = 0; i < 5; i++) await s.addVersion('r', version(`named${i}`, 'named', i), 2);
      for (let i = 0; i < 6; i++) await s.addVersion('r', version(`auto${i}`, i % 2 ? 'periodic' : 'before-mass-delete', 100 + i), 2);
      await s.addVersion('other', version('x', 'periodic', 1), 2);
      const ids = (await s.listVersions('r')).map((v) => v.id);
      expect(ids).toEqual(['auto5', 'auto4', 'named4', 'named3', 'named2', 'named1', 'named0']);
      expect(await s.countNamed('r')).toBe(5);
      expect(await s.getVersion('r', 'auto0')).toBeUndefined();
      expect((await s.listVersions('other')).length).toBe(1);
      await s.close();
    });
  });
}
