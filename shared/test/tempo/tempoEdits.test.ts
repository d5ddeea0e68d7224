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
  addTempoPoint,
  meterAtBar,
  readSongOrder,
  readTempoMap,
  readTempoPoint,
  replaceTempoMap,
  sectionSpan,
  setMeterAtBar,
  setTempoAtBar,
  splitSection,
  tempoAtTicks,
  tempoMapFromSections,
  tempoPoints,
  tempoSections,
  updateSection,
  updateTempoPoint,
  type SectionSketch,
} from '../../src/index.ts';
import { tempoMap } from './arbitraries.ts';

const sync = (...docs: Y.Doc[]): void => {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
};
const ids = (doc: Y.Doc): string[] => readSongOrder(doc).map((s) => s.id);
const timeline = (doc: Y.Doc) => buildTimeline(readTempoMap(doc));
const seeded = (map: readonly SectionSketch[]): Y.Doc => {
  const doc = new Y.Doc();
  replaceTempoMap(
    doc,
    tempoMapFromSections(map),
    'local',
    map.map((_, i) => `s${i}`),
  );
  return doc;
};

describe('T6 editing operations', () => {
  it('T6.1 add at an index with defaults, or copied from a neighbour and overridden', () => {
    const doc = new Y.Doc();
    expect(addSection(doc, 0, { id: 'a' }, 'local')).toEqual({ ok: true, value: 'a' });
    expect(addSection(doc, 0, { id: 'b', fields: { name: 'Intro', key: 'f# minor' } }, 'local').ok).toBe(true);
    expect(addSection(doc, 1, { id: 'c', copyFrom: 'b', fields: { bars: 2 } }, 'local').ok).toBe(true);
    expect(ids(doc)).toEqual(['b', 'c', 'a']);
    expect(tempoSections(doc).get('a')).toEqual({ id: 'a', order: expect.any(String), name: 'Section', bars: 4 });
    expect(tempoSections(doc).get('c')).toMatchObject({ name: 'Intro', bars: 2, key: 'F#m' });
  });

  it('T6.4 invalid input is rejected whole with a typed error and writes nothing', () => {
    const doc = seeded([{ name: 'V', bars: 4, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    const before = Y.encodeStateAsUpdate(doc);
    expect(updateSection(doc, 's0', { name: 'ok', bars: 1000 }, 'local')).toEqual({
      ok: false,
      error: { code: 'out_of_range', field: 'bars', min: 1, max: 999, value: 1000 },
    });
    expect(updateSection(doc, 's0', { bars: 1.5 }, 'local')).toMatchObject({ ok: false, error: { code: 'not_integer', field: 'bars' } });
    expect(setMeterAtBar(doc, { bar: 2, numerator: 4, denominator: 3 }, 'local')).toMatchObject({
      ok: false,
      error: { code: 'invalid_meter' },
    });
    expect(setTempoAtBar(doc, 1, 401, 'local')).toMatchObject({
      ok: false,
      error: { code: 'invalid_point', reason: 'a tempo must be between 20 and 400 BPM' },
    });
    expect(addTempoPoint(doc, { bar: 1, beat: 0, tick: 0, bpm: 100, shape: 'jump' }, 'local')).toMatchObject({
      ok: false,
      error: { code: 'invalid_point' },
    });
    expect(updateTempoPoint(doc, 'nope', { bpm: 100 }, 'local')).toMatchObject({ ok: false, error: { code: 'unknown_point' } });
    expect(updateSection(doc, 's0', { key: 'H minor' }, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_key' } });
    expect(updateSection(doc, 's0', { name: '  ' }, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    expect(updateSection(doc, 's0', { bars: Number.NaN }, 'local')).toMatchObject({ ok: false, error: { code: 'out_of_range' } });
    expect(updateSection(doc, 'nope', { bars: 2 }, 'local')).toMatchObject({ ok: false, error: { code: 'unknown_section' } });
    expect(splitSection(doc, 's0', 4, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_split', bars: 4, atBar: 4 } });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(updateSection(doc, 's0', { key: 'bb' }, 'local')).toMatchObject({ ok: true, value: { key: 'Bb' } });
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
        const before = timeline(doc);
        const target = readSongOrder(doc)[which % map.length]!;
        const k = 1 + (at % (target.bars - 1));
        const r = splitSection(doc, target.id, k, 'local', 'new');
        expect(r.ok).toBe(true);
        const order = readSongOrder(doc);
        const i = order.findIndex((s) => s.id === target.id);
        expect(order[i + 1]).toMatchObject({ id: 'new', bars: target.bars - k, name: target.name });
        expect(order[i]!.bars).toBe(k);
        const after = timeline(doc);
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
    updateSection(b, 's0', { bars: 3, name: 'Edited' }, 'local');
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
    | { kind: 'add'; index: number; copy: boolean; bars: number }
    | { kind: 'update'; pick: number; bpm: number; bars: number; ramp: boolean }
    | { kind: 'delete'; pick: number }
    | { kind: 'duplicate'; pick: number }
    | { kind: 'split'; pick: number; at: number }
    | { kind: 'move'; pick: number; index: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), index: fc.nat(8), copy: fc.boolean(), bars: fc.integer({ min: 1, max: 8 }) }),
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
        addSection(doc, o.index, { id: newId, fields: { bars: o.bars }, ...(o.copy && target ? { copyFrom: target.id } : {}) }, 'local');
        return;
      case 'update':
        if (target) {
          updateSection(doc, target.id, { bars: o.bars }, 'local');
          const bar = timeline(doc).sections.find((s) => s.id === target.id)?.startBar ?? 1;
          const r = setTempoAtBar(doc, bar, o.bpm, 'local');
          if (r.ok) updateTempoPoint(doc, r.value, { shape: o.ramp ? 'ramp' : 'jump' }, 'local');
        }
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

  const REQUIRED = ['order', 'name', 'bars'];

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
          const points = docs.map((d) =>
            JSON.stringify(
              tempoPoints(d)
                .list()
                .sort((x, y) => x.id.localeCompare(y.id)),
            ),
          );
          for (const p of points) expect(p).toBe(points[0]);
          for (const [id, m] of docs[0]!.getMap<Y.Map<unknown>>('tempoPoints')) expect(readTempoPoint(id, m.toJSON())).toBeDefined();
          const tl = timeline(docs[0]!);
          expect(Number.isFinite(tl.totalSeconds)).toBe(true);
        },
      ),
      { seed: 1313, numRuns: 150 },
    );
  });
});

describe('T6.5 form edits carry the tempo track along', () => {
  const jumpsOnly = (map: SectionSketch[]) => map.map((s) => ({ ...s, ramp: 'none' as const }));
  /** Each section's meter, tempo at its start and length in seconds, by id. */
  const fingerprint = (doc: Y.Doc) => {
    const tl = timeline(doc);
    return new Map(
      tl.sections.map((s) => {
        const m = meterAtBar(tl, s.startBar);
        const span = sectionSpan(tl, s.id!)!;
        return [s.id!, { meter: `${m.numerator}/${m.denominator}`, bpm: tempoAtTicks(tl, s.startTicks), seconds: span.end - span.start }];
      }),
    );
  };
  const expectKept = (before: ReturnType<typeof fingerprint>, after: ReturnType<typeof fingerprint>) => {
    for (const [id, f] of after) {
      const b = before.get(id);
      if (!b) continue;
      expect(f.meter).toBe(b.meter);
      expect(f.bpm).toBeCloseTo(b.bpm, 9);
      expect(f.seconds).toBeCloseTo(b.seconds, 9);
    }
  };

  it('T6.5 with jumps only, every section keeps its meter, tempo and length in seconds through add, delete, duplicate and move', () => {
    fc.assert(
      fc.property(tempoMap(5, 6), fc.nat(), fc.nat(), fc.nat(3), (raw, which, where, kind) => {
        const doc = seeded(jumpsOnly(raw));
        const before = fingerprint(doc);
        const target = readSongOrder(doc)[which % raw.length]!;
        if (kind === 0) addSection(doc, where % (raw.length + 1), { id: 'new', fields: { bars: 3 } }, 'local');
        if (kind === 1) deleteSection(doc, target.id, 'local');
        if (kind === 2) duplicateSection(doc, target.id, 'local', 'copy');
        if (kind === 3) moveSection(doc, target.id, where % raw.length, 'local');
        const after = fingerprint(doc);
        expectKept(before, after);
        if (kind === 2) expectKept(new Map([['copy', before.get(target.id)!]]), after);
      }),
      { seed: 6005, numRuns: 200 },
    );
  });

  it('T6.5 inserting a section before a tempo change moves the change with the music after it', () => {
    const doc = seeded([
      { id: 'a', name: 'A', bars: 2, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
      { id: 'b', name: 'B', bars: 2, bpm: 150, meterNumerator: 7, meterDenominator: 8, ramp: 'none' },
    ]);
    addSection(doc, 1, { id: 'x', fields: { bars: 3 } }, 'local');
    const tl = timeline(doc);
    expect(tl.sections.map((s) => [s.id, s.startBar])).toEqual([
      ['s0', 1],
      ['x', 3],
      ['s1', 6],
    ]);
    expect(
      tempoPoints(doc)
        .list()
        .map((p) => [p.bar, p.bpm])
        .sort(),
    ).toEqual([
      [1, 100],
      [6, 150],
    ]);
    // The inserted bars continue what was in force before them: 4/4 at 100.
    expect(meterAtBar(tl, 3)).toMatchObject({ numerator: 4, denominator: 4 });
    expect(meterAtBar(tl, 6)).toMatchObject({ numerator: 7, denominator: 8 });
  });
});
