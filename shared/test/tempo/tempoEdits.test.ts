import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addSection,
  barStartSeconds,
  buildTimeline,
  deleteSection,
  duplicateSection,
  moveSection,
  readSongOrder,
  replaceSections,
  splitSection,
  tempoSections,
  updateSection,
  type SectionFields,
} from '../../src/index.ts';
import { tempoMap } from './arbitraries.ts';

const sync = (...docs: Y.Doc[]): void => {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
};
const ids = (doc: Y.Doc): string[] => readSongOrder(doc).map((s) => s.id);
const seeded = (map: readonly SectionFields[]): Y.Doc => {
  const doc = new Y.Doc();
  replaceSections(
    doc,
    map,
    'local',
    map.map((_, i) => `s${i}`),
  );
  return doc;
};

describe('T6 editing operations', () => {
  it('T6.1 add at an index with defaults, or copied from a neighbour and overridden', () => {
    const doc = new Y.Doc();
    expect(addSection(doc, 0, { id: 'a' }, 'local')).toEqual({ ok: true, value: 'a' });
    expect(addSection(doc, 0, { id: 'b', fields: { name: 'Intro', bpm: 90, key: 'f# minor' } }, 'local').ok).toBe(true);
    expect(addSection(doc, 1, { id: 'c', copyFrom: 'b', fields: { bars: 2 } }, 'local').ok).toBe(true);
    expect(ids(doc)).toEqual(['b', 'c', 'a']);
    expect(tempoSections(doc).get('a')).toMatchObject({
      name: 'Section',
      bars: 4,
      bpm: 120,
      meterNumerator: 4,
      meterDenominator: 4,
      ramp: 'none',
    });
    expect(tempoSections(doc).get('c')).toMatchObject({ name: 'Intro', bars: 2, bpm: 90, key: 'F#m' });
  });

  it('T6.4 invalid input is rejected whole with a typed error and writes nothing', () => {
    const doc = seeded([{ name: 'V', bars: 4, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    const before = Y.encodeStateAsUpdate(doc);
    expect(updateSection(doc, 's0', { name: 'ok', bpm: 401 }, 'local')).toEqual({
      ok: false,
      error: { code: 'out_of_range', field: 'bpm', min: 20, max: 400, value: 401 },
    });
    expect(updateSection(doc, 's0', { bars: 1.5 }, 'local')).toMatchObject({ ok: false, error: { code: 'not_integer', field: 'bars' } });
    expect(updateSection(doc, 's0', { meterDenominator: 3 }, 'local')).toMatchObject({
      ok: false,
      error: { code: 'invalid_meter_denominator' },
    });
    expect(updateSection(doc, 's0', { key: 'H minor' }, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_key' } });
    expect(updateSection(doc, 's0', { name: '  ' }, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    expect(updateSection(doc, 's0', { bpm: Number.NaN }, 'local')).toMatchObject({ ok: false, error: { code: 'out_of_range' } });
    expect(updateSection(doc, 'nope', { bpm: 100 }, 'local')).toMatchObject({ ok: false, error: { code: 'unknown_section' } });
    expect(splitSection(doc, 's0', 4, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_split', bars: 4, atBar: 4 } });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(updateSection(doc, 's0', { bpm: 101.5, key: 'bb', ramp: 'linear' }, 'local')).toMatchObject({
      ok: true,
      value: { bpm: 101.5, key: 'Bb', ramp: 'linear' },
    });
    expect(updateSection(doc, 's0', { key: null }, 'local')).toMatchObject({ ok: true });
    expect(tempoSections(doc).get('s0')?.key).toBeUndefined();
  });

  it('T6.3 duplicate puts a copy right after; move puts a section at the index it will have', () => {
    const doc = seeded(
      [1, 2, 3].map((bars) => ({ name: `n${bars}`, bars, bpm: 120, meterNumerator: 4, meterDenominator: 4, ramp: 'none' as const })),
    );
    expect(duplicateSection(doc, 's0', 'local', 'd')).toEqual({ ok: true, value: 'd' });
    expect(ids(doc)).toEqual(['s0', 'd', 's1', 's2']);
    moveSection(doc, 's0', 3, 'local');
    expect(ids(doc)).toEqual(['d', 's1', 's2', 's0']);
    moveSection(doc, 's2', 0, 'local');
    expect(ids(doc)).toEqual(['s2', 'd', 's1', 's0']);
    expect(deleteSection(doc, 'd', 'local').ok).toBe(true);
    expect(ids(doc)).toEqual(['s2', 's1', 's0']);
  });

  it('T6.2 split at bar k keeps every bar line at the same time, ramps included', () => {
    fc.assert(
      fc.property(tempoMap(4, 8), fc.nat(), fc.nat(), (map, which, at) => {
        const doc = seeded(map.map((s) => ({ ...s, bars: s.bars + 1 })));
        const before = buildTimeline(readSongOrder(doc));
        const target = readSongOrder(doc)[which % map.length]!;
        const k = 1 + (at % (target.bars - 1));
        const r = splitSection(doc, target.id, k, 'local', 'new');
        expect(r.ok).toBe(true);
        const order = readSongOrder(doc);
        const i = order.findIndex((s) => s.id === target.id);
        expect(order[i + 1]).toMatchObject({ id: 'new', bars: target.bars - k, name: target.name });
        expect(order[i]!.bars).toBe(k);
        const after = buildTimeline(order);
        expect(after.totalBars).toBe(before.totalBars);
        for (let b = 1; b <= before.totalBars + 1; b++) expect(barStartSeconds(after, b)).toBeCloseTo(barStartSeconds(before, b), 9);
      }),
      { seed: 6002, numRuns: 150 },
    );
  });
});

describe('T1 concurrent edits converge to a valid map', () => {
  it('T1.2 an edit to a section another person deleted does not resurrect it (Yjs drops it)', () => {
    const a = seeded([{ name: 'V', bars: 4, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    const b = new Y.Doc();
    sync(a, b);
    deleteSection(a, 's0', 'local');
    updateSection(b, 's0', { bpm: 150, name: 'Edited' }, 'local');
    sync(a, b);
    expect(ids(a)).toEqual([]);
    expect(ids(b)).toEqual([]);
    expect(a.getMap('tempo').size).toBe(0);
  });

  it('T1.4 two inserts at the same place both survive, tie-broken by id, and a later move still lands where asked', () => {
    const a = seeded([{ name: 'V', bars: 4, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    const b = new Y.Doc();
    sync(a, b);
    addSection(a, 1, { id: 'y' }, 'local');
    addSection(b, 1, { id: 'x' }, 'local');
    sync(a, b);
    expect(tempoSections(a).get('x')?.order).toBe(tempoSections(a).get('y')?.order);
    expect(ids(a)).toEqual(['s0', 'x', 'y']);
    expect(ids(b)).toEqual(ids(a));
    addSection(a, 2, { id: 'z' }, 'local');
    expect(ids(a)).toEqual(['s0', 'x', 'z', 'y']);
  });

  type Op =
    | { kind: 'add'; index: number; copy: boolean; bpm: number }
    | { kind: 'update'; pick: number; bpm: number; bars: number; ramp: boolean }
    | { kind: 'delete'; pick: number }
    | { kind: 'duplicate'; pick: number }
    | { kind: 'split'; pick: number; at: number }
    | { kind: 'move'; pick: number; index: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), index: fc.nat(8), copy: fc.boolean(), bpm: fc.integer({ min: 20, max: 400 }) }),
    fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      bpm: fc.integer({ min: 20, max: 400 }),
      bars: fc.integer({ min: 1, max: 16 }),
      ramp: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('split' as const), pick: fc.nat(), at: fc.nat() }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), index: fc.nat(8) }),
  );

  function apply(doc: Y.Doc, o: Op, newId: string): void {
    const list = readSongOrder(doc);
    const target = list.length > 0 ? list[('pick' in o ? o.pick : 0) % list.length] : undefined;
    switch (o.kind) {
      case 'add':
        addSection(doc, o.index, { id: newId, fields: { bpm: o.bpm }, ...(o.copy && target ? { copyFrom: target.id } : {}) }, 'local');
        return;
      case 'update':
        if (target) updateSection(doc, target.id, { bpm: o.bpm, bars: o.bars, ramp: o.ramp ? 'linear' : 'none' }, 'local');
        return;
      case 'delete':
        if (target) deleteSection(doc, target.id, 'local');
        return;
      case 'duplicate':
        if (target) duplicateSection(doc, target.id, 'local', newId);
        return;
      case 'split':
        if (target && target.bars > 1) splitSection(doc, target.id, 1 + (o.at % (target.bars - 1)), 'local', newId);
        return;
      case 'move':
        if (target) moveSection(doc, target.id, o.index, 'local');
        return;
    }
  }

  const REQUIRED = ['order', 'name', 'bars', 'bpm', 'meterNumerator', 'meterDenominator', 'ramp'];

  it('T1.3 property: random offline edits on three replicas, then sync: same map everywhere, every section whole and valid', () => {
    fc.assert(
      fc.property(
        tempoMap(4, 8),
        fc.array(fc.array(fc.tuple(fc.nat(2), op), { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        (initial, rounds) => {
          const docs = [seeded(initial), new Y.Doc(), new Y.Doc()];
          docs.forEach((d, i) => (d.clientID = i + 1));
          sync(...docs);
          let n = 0;
          for (const round of rounds) {
            for (const [who, o] of round) apply(docs[who]!, o, `n${n++}`);
            sync(...docs);
          }
          const [a, ...rest] = docs.map((d) => readSongOrder(d));
          for (const r of rest) expect(r).toEqual(a);
          expect(new Set(a!.map((s) => s.id)).size).toBe(a!.length);
          for (const [, m] of docs[0]!.getMap<Y.Map<unknown>>('tempo')) {
            expect(m).toBeInstanceOf(Y.Map);
            for (const f of REQUIRED) expect(m.has(f)).toBe(true);
          }
          const tl = buildTimeline(a!);
          expect(Number.isFinite(tl.totalSeconds)).toBe(true);
        },
      ),
      { seed: 1313, numRuns: 150 },
    );
  });
});
