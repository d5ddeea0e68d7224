/** The ActivityStore contract (see src/activity/ActivityStore.ts); every adapter runs it. */
import { describe, expect, it } from 'vitest';
import type { ActivityStore, NewActivity } from '../../src/activity/ActivityStore.ts';

const rec = (n: number, over: Partial<NewActivity> = {}): NewActivity => ({
  personId: 'p_ana',
  name: 'Ana',
  startedAt: n * 10,
  at: n * 10 + 5,
  area: 'tempo',
  verb: 'changed',
  itemId: `s${n}`,
  kind: 'section',
  label: `Section ${n}`,
  fields: [{ field: 'bpm', from: 120, to: 120 + n }],
  ...over,
});

export function runActivityStoreContract(name: string, open: () => Promise<ActivityStore>): void {
  describe(`H6 ActivityStore contract: ${name}`, () => {
    it('H6 entries come back as appended, newest first, with growing seqs', async () => {
      const s = await open();
      const seqs = await s.append('r', [rec(1), rec(2, { parentId: 'i1', parentLabel: 'Hook', area: 'takes', kind: 'take', fields: [] })]);
      const more = await s.append('r', [rec(3)]);
      expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
      expect(more[0]!).toBeGreaterThan(seqs[1]!);
      const list = await s.list('r', { limit: 10 });
      expect(list.map((e) => e.seq)).toEqual([more[0], seqs[1], seqs[0]]);
      expect(list[1]).toEqual({
        ...rec(2, { parentId: 'i1', parentLabel: 'Hook', area: 'takes', kind: 'take', fields: [] }),
        seq: seqs[1],
      });
      expect(list[2]).toEqual({ ...rec(1), seq: seqs[0] });
      await s.close();
    });

    it('H6 pages with before and limit, and lists by last change with since, leaving one person out', async () => {
      const s = await open();
      const seqs = await s.append(
        'r',
        Array.from({ length: 7 }, (_, i) => rec(i + 1)),
      );
      const first = await s.list('r', { limit: 3 });
      expect(first.map((e) => e.itemId)).toEqual(['s7', 's6', 's5']);
      const second = await s.list('r', { limit: 3, before: first[2]!.seq });
      expect(second.map((e) => e.itemId)).toEqual(['s4', 's3', 's2']);
      expect((await s.list('r', { limit: 3, before: seqs[0]! })).length).toBe(0);
      expect((await s.listSince('r', 45, 100)).map((e) => e.itemId)).toEqual(['s7', 's6', 's5']);
      expect((await s.listSince('r', 45, 2)).map((e) => e.itemId)).toEqual(['s7', 's6']);
      await s.append('r', [rec(8, { personId: 'p_ben' })]);
      expect((await s.listSince('r', 45, 100, 'p_ana')).map((e) => e.itemId)).toEqual(['s8']);
      expect((await s.listSince('r', 45, 100, 'p_ben')).map((e) => e.itemId)).toEqual(['s7', 's6', 's5']);
      await s.close();
    });

    it('H6 a visit keeps the latest time per person and room; rooms are isolated', async () => {
      const s = await open();
      expect(await s.lastVisit('r', 'p_ana')).toBeUndefined();
      await s.markVisit('r', 'p_ana', 2000);
      await s.markVisit('r', 'p_ana', 1000);
      expect(await s.lastVisit('r', 'p_ana')).toBe(2000);
      await s.markVisit('r', 'p_ana', 3000);
      expect(await s.lastVisit('r', 'p_ana')).toBe(3000);
      expect(await s.lastVisit('other', 'p_ana')).toBeUndefined();
      expect(await s.lastVisit('r', 'p_ben')).toBeUndefined();
      await s.append('r', [rec(1)]);
      expect(await s.list('other', { limit: 10 })).toEqual([]);
      expect(await s.listSince('other', 0, 10)).toEqual([]);
      await s.close();
    });
  });
}
