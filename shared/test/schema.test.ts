import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  backlogIdeas,
  boardRecordCount,
  DEFAULT_TITLE,
  initRoomDoc,
  migrateDoc,
  observeBoard,
  readBoardRecords,
  readColumn,
  readSchemaVersion,
  readSongOrder,
  readTitle,
  references,
  SCHEMA_VERSION,
  tempoSections,
  tempoPoints,
  meterChanges,
  buildTimeline,
  readTempoMap,
  tempoAtTicks,
  barStartTicks,
  writeBoardChanges,
  writeTitle,
  type BoardChange,
} from '../src/index.ts';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('D board accessors', () => {
  it('D1 local record changes are written in one transaction and reported with their origin', () => {
    const doc = new Y.Doc();
    const seen: Array<[BoardChange, unknown]> = [];
    observeBoard(doc, (c, origin) => seen.push([c, origin]));
    writeBoardChanges(
      doc,
      {
        put: [
          { id: 'shape:a', typeName: 'shape', x: 1 },
          { id: 'shape:b', typeName: 'shape' },
        ],
        removed: [],
      },
      'local',
    );
    writeBoardChanges(doc, { put: [], removed: ['shape:a'] }, 'local');
    expect(readBoardRecords(doc)).toEqual([{ id: 'shape:b', typeName: 'shape' }]);
    expect(seen.map(([c, o]) => [c.put.map((r) => r.id).sort(), c.removed, o])).toEqual([
      [['shape:a', 'shape:b'], [], 'local'],
      [[], ['shape:a'], 'local'],
    ]);
  });

  it('D2 a malformed value written by a peer is reported as a removal and never read as a record', () => {
    const doc = new Y.Doc();
    const seen: BoardChange[] = [];
    observeBoard(doc, (c) => seen.push(c));
    doc.getMap('board').set('shape:x', 'not a record');
    expect(seen).toEqual([{ put: [], removed: ['shape:x'] }]);
    expect(readBoardRecords(doc)).toEqual([]);
    expect(boardRecordCount(doc)).toBe(1);
  });
});

describe('D area accessors normalise what peers wrote', () => {
  it('D3 tempo sections are clamped to valid ranges and read in song order; a malformed tempo point or meter change is left out', () => {
    const doc = new Y.Doc();
    const t = tempoSections(doc);
    t.put({ id: 'b', order: 'a2', name: 'Chorus', bars: 8 }, 'local');
    t.put({ id: 'a', order: 'a1', name: 'Intro', bars: 4, key: 'Am' }, 'local');
    // A peer writes nonsense into one field.
    const raw = doc.getMap<Y.Map<unknown>>('tempo').get('b')!;
    raw.set('bars', -3);
    raw.set('name', 42);
    expect(readSongOrder(doc).map((s) => [s.id, s.name, s.bars])).toEqual([
      ['a', 'Intro', 4],
      ['b', 'Section', 1],
    ]);
    expect(t.get('a')?.key).toBe('Am');
    tempoPoints(doc).put({ id: 'p1', bar: 1, beat: 1, tick: 0, bpm: 90, shape: 'ramp' }, 'local');
    tempoPoints(doc).put({ id: 'p2', bar: 2, beat: 1, tick: 0, bpm: 9000, shape: 'jump' }, 'local');
    meterChanges(doc).put({ id: 'm1', bar: 1, numerator: 3, denominator: 4 }, 'local');
    meterChanges(doc).put({ id: 'm2', bar: 2, numerator: 3, denominator: 5 }, 'local');
    expect(
      tempoPoints(doc)
        .list()
        .map((p) => p.id),
    ).toEqual(['p1']);
    expect(
      meterChanges(doc)
        .list()
        .map((m) => m.id),
    ).toEqual(['m1']);
  });

  it('D4 concurrent edits of different fields of one section both survive', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    tempoSections(a).put({ id: 's', order: 'a0', name: 'Verse', bars: 8 }, 'local');
    sync(a, b);
    tempoSections(a).update('s', { name: 'Verse 1' }, 'local');
    tempoSections(b).update('s', { bars: 12 }, 'local');
    sync(a, b);
    expect(tempoSections(a).get('s')).toMatchObject({ name: 'Verse 1', bars: 12 });
    expect(tempoSections(b).get('s')).toEqual(tempoSections(a).get('s'));
  });

  it('D5 references and backlog ideas read with defaults for missing fields', () => {
    const doc = new Y.Doc();
    references(doc).put(
      { id: 'r1', kind: 'audio', title: 'Rough mix', assetId: 'sha256:abc', addedBy: 'Ana', addedAt: 10, durationSeconds: 182.5 },
      'local',
    );
    doc.getMap<Y.Map<unknown>>('references').set('r2', new Y.Map([['kind', 'bogus']]));
    expect(references(doc).get('r1')).toMatchObject({ kind: 'audio', durationSeconds: 182.5 });
    expect(references(doc).get('r2')).toMatchObject({ kind: 'link', title: 'Untitled reference' });
    const ideas = backlogIdeas(doc);
    ideas.put({ id: 'i2', title: 'Half-time chorus', status: 'jamming', order: 'a1', createdBy: 'Ana', createdAt: 1 }, 'local');
    ideas.put({ id: 'i1', title: 'Synth from ref 3', status: 'jamming', order: 'a0', createdBy: 'Bo', createdAt: 2 }, 'local');
    ideas.put({ id: 'i3', title: 'Parked', status: 'parked', order: 'a0', createdBy: 'Bo', createdAt: 3 }, 'local');
    expect(readColumn(doc, 'jamming').map((i) => i.id)).toEqual(['i1', 'i2']);
    ideas.remove('i1', 'local');
    expect(readColumn(doc, 'jamming').map((i) => i.id)).toEqual(['i2']);
  });

  it('D6 the room title is trimmed, capped and defaults when empty', () => {
    const doc = new Y.Doc();
    expect(readTitle(doc)).toBe(DEFAULT_TITLE);
    writeTitle(doc, '  Night session  ', 'local');
    expect(readTitle(doc)).toBe('Night session');
    writeTitle(doc, 'x'.repeat(500), 'local');
    expect(readTitle(doc).length).toBe(120);
  });
});

describe('M schema migration', () => {
  it('M1 a new room is stamped at the current version and needs no migration', () => {
    const doc = new Y.Doc();
    initRoomDoc(doc, 'Jam', 1000);
    expect(readSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(migrateDoc(doc)).toEqual({ kind: 'current', version: SCHEMA_VERSION });
  });

  it('M2 a v0 document (never stamped) is migrated and given a creation time', () => {
    const doc = new Y.Doc();
    doc.getMap('board').set('shape:1', { id: 'shape:1', typeName: 'shape' });
    expect(migrateDoc(doc)).toEqual({ kind: 'migrated', from: 0, to: SCHEMA_VERSION });
    expect(typeof doc.getMap('meta').get('createdAt')).toBe('number');
    expect(readBoardRecords(doc)).toHaveLength(1);
  });

  it('M3 a v1 document keeps its sections, in order, with every field', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', 1);
    doc
      .getArray('tempoSections')
      .push([
        { id: 'x', name: 'Intro', bars: 2, bpm: 80, meterNumerator: 4, meterDenominator: 4, ramp: 'linear', key: 'C' },
        { id: 'y', name: 'Drop', bars: 16, bpm: 174, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
        { name: 'No id' },
        'garbage',
      ]);
    migrateDoc(doc);
    expect(readSongOrder(doc).map((s) => [s.id, s.name, s.key])).toEqual([
      ['x', 'Intro', 'C'],
      ['y', 'Drop', undefined],
      ['legacy-2', 'No id', undefined],
    ]);
    // Through v2 on to v3: the tempo lives in the tempo track, timing unchanged.
    const tl = buildTimeline(readTempoMap(doc));
    expect(tempoAtTicks(tl, barStartTicks(tl, 1))).toBe(80);
    expect(tempoAtTicks(tl, barStartTicks(tl, 3))).toBe(174);
    expect(tempoAtTicks(tl, barStartTicks(tl, 19))).toBe(120);
    expect(doc.getArray('tempoSections').length).toBe(0);
    // Running it again changes nothing.
    const before = Y.encodeStateVector(doc);
    expect(migrateDoc(doc).kind).toBe('current');
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('M4 a document from a newer version is left untouched', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const before = Y.encodeStateVector(doc);
    expect(migrateDoc(doc)).toEqual({ kind: 'newer', version: SCHEMA_VERSION + 1 });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
