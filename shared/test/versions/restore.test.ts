import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { RESTORED_ROOTS, restorableContent, restoreContent } from '../../src/versions/restoreContent.ts';
import { versionDiff, isSameContent } from '../../src/versions/versionDiff.ts';
import {
  addSection,
  addTempoPoint,
  deleteMeterChange,
  deleteSection,
  deleteTempoPoint,
  meterChanges,
  readTempoMap,
  setMeterAtBar,
  tempoPoints,
  updateTempoPoint,
} from '../../src/index.ts';
import { buildTimeline } from '../../src/tempo/timeline.ts';

/** A random edit of one root: set a plain value, a nested map of fields, a text, or delete. */
type Op =
  | { kind: 'plain'; root: number; key: string; value: unknown }
  | { kind: 'fields'; root: number; key: string; fields: Record<string, number | string> }
  | { kind: 'text'; root: number; key: string; text: string }
  | { kind: 'field'; root: number; key: string; field: string; value: number }
  | { kind: 'delete'; root: number; key: string };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const rootIx = fc.nat(RESTORED_ROOTS.length - 1);
const json = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.record({ typeName: fc.constant('shape'), x: fc.integer() }, { noNullPrototype: true }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('plain' as const), root: rootIx, key, value: json }),
  fc.record({
    kind: fc.constant('fields' as const),
    root: rootIx,
    key,
    fields: fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.oneof(fc.integer(), fc.string({ maxLength: 4 }))),
  }),
  fc.record({ kind: fc.constant('text' as const), root: rootIx, key, text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('field' as const), root: rootIx, key, field: fc.constantFrom('x', 'y'), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), root: rootIx, key }),
);

function apply(doc: Y.Doc, o: Op): void {
  const root = doc.getMap<unknown>(RESTORED_ROOTS[o.root]!);
  doc.transact(() => {
    switch (o.kind) {
      case 'plain':
        root.set(o.key, o.value);
        return;
      case 'fields':
        root.set(o.key, new Y.Map(Object.entries(o.fields)));
        return;
      case 'text': {
        const t = root.get(o.key);
        if (t instanceof Y.Text) t.insert(Math.min(1, t.length), o.text);
        else root.set(o.key, new Y.Text(o.text));
        return;
      }
      case 'field': {
        const m = root.get(o.key);
        if (m instanceof Y.Map) m.set(o.field, o.value);
        return;
      }
      case 'delete':
        root.delete(o.key);
        return;
    }
  }, 'local');
}

/** Two docs that share a history (`common`) and then diverge: a version and the live room. */
function diverged(common: Op[], thenOps: Op[], nowOps: Op[]): { version: Y.Doc; live: Y.Doc } {
  const live = new Y.Doc();
  for (const o of common) apply(live, o);
  const version = new Y.Doc();
  Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
  for (const o of thenOps) apply(version, o);
  for (const o of nowOps) apply(live, o);
  return { version, live };
}

describe('RV7 restore makes the live content equal the version’s, as one change', () => {
  it('RV7 after a restore the live content equals the snapshot content, for random histories (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.array(op, { maxLength: 15 }), fc.array(op, { maxLength: 25 }), (c, t, n) => {
        const { version, live } = diverged(c, t, n);
        restoreContent(live, version, 'server');
        expect(restorableContent(live)).toEqual(restorableContent(version));
        expect(isSameContent(versionDiff(version, live))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('RV7 a restore is one update, and another replica that applies it ends equal too (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), fc.array(op, { maxLength: 20 }), (c, n) => {
        const { version, live } = diverged(c, [], n);
        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(live));
        const updates: Uint8Array[] = [];
        live.on('update', (u: Uint8Array) => updates.push(u));
        restoreContent(live, version, 'server');
        expect(updates.length).toBeLessThanOrEqual(1);
        for (const u of updates) Y.applyUpdate(replica, u);
        expect(restorableContent(replica)).toEqual(restorableContent(version));
      }),
      { numRuns: 200 },
    );
  });

  it('RV7 restoring a version identical to the room changes nothing (no update at all)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (c) => {
        const { version, live } = diverged(c, [], []);
        let updates = 0;
        live.on('update', () => updates++);
        restoreContent(live, version, 'server');
        expect(updates).toBe(0);
      }),
    );
  });

  it('RV7 a concurrent edit to a field the restore did not need to change survives it', () => {
    const live = new Y.Doc();
    const backlog = live.getMap<unknown>('backlog');
    live.transact(() =>
      backlog.set(
        'idea1',
        new Y.Map<unknown>([
          ['title', 'Old title'],
          ['owner', 'ana'],
          ['notes', new Y.Text('riff in D')],
        ]),
      ),
    );
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    (backlog.get('idea1') as Y.Map<unknown>).set('title', 'New title');
    // Another person, not yet synced with the restore, changes the owner and the end of the notes.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    const otherIdea = other.getMap<unknown>('backlog').get('idea1') as Y.Map<unknown>;
    otherIdea.set('owner', 'ben');
    (otherIdea.get('notes') as Y.Text).insert(9, ', then E');
    restoreContent(live, version, 'server');
    Y.applyUpdate(live, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    const idea = (live.getMap<unknown>('backlog').get('idea1') as Y.Map<unknown>).toJSON();
    expect(idea).toEqual({ title: 'Old title', owner: 'ben', notes: 'riff in D, then E' });
    expect(other.getMap<unknown>('backlog').toJSON()).toEqual(live.getMap<unknown>('backlog').toJSON());
  });

  it('RV7 board comment threads and replies are restored: a deleted thread comes back, a later reply goes, a resolve is undone', () => {
    const live = new Y.Doc();
    const comments = live.getMap<unknown>('boardComments');
    comments.set('thread:t1', { kind: 'thread', text: 'Crop this?', resolved: false });
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    comments.set('thread:t1', { kind: 'thread', text: 'Crop this?', resolved: true });
    comments.set('reply:r1', { kind: 'reply', threadId: 't1', text: 'Done' });
    comments.set('thread:t2', { kind: 'thread', text: 'Brighter', resolved: false });
    comments.delete('thread:t2');
    restoreContent(live, version, 'server');
    expect(comments.toJSON()).toEqual({ 'thread:t1': { kind: 'thread', text: 'Crop this?', resolved: false } });
    expect(isSameContent(versionDiff(version, live))).toBe(true);
  });

  it('RV7 only the content roots are restored: room settings, transport and facilitation stay as they are live', () => {
    const live = new Y.Doc();
    live.getMap('meta').set('title', 'Then');
    live.getMap('board').set('shape:a', { id: 'shape:a', typeName: 'shape' });
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    live.getMap('meta').set('title', 'Now');
    live.getMap('facilitation').set('lock', { locked: false });
    live.getMap('board').delete('shape:a');
    restoreContent(live, version, 'server');
    expect(live.getMap('meta').get('title')).toBe('Now');
    expect(live.getMap('facilitation').get('lock')).toEqual({ locked: false });
    expect(live.getMap('board').get('shape:a')).toEqual({ id: 'shape:a', typeName: 'shape' });
  });
});

/** A random edit of the tempo map through the editor's operations (tempo SPEC T6). */
type TempoOp =
  | { kind: 'section'; index: number; bars: number }
  | { kind: 'delSection'; pick: number }
  | { kind: 'point'; bar: number; beat: number; tick: number; bpm: number; shape: 'jump' | 'ramp' }
  | { kind: 'bpm'; pick: number; bpm: number }
  | { kind: 'delPoint'; pick: number }
  | { kind: 'meter'; bar: number; numerator: number; denominator: number }
  | { kind: 'delMeter'; pick: number };

const pick = fc.nat(50);
const tempoOp: fc.Arbitrary<TempoOp> = fc.oneof(
  fc.record({ kind: fc.constant('section' as const), index: fc.nat(5), bars: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('delSection' as const), pick }),
  fc.record({
    kind: fc.constant('point' as const),
    bar: fc.integer({ min: 1, max: 40 }),
    beat: fc.integer({ min: 1, max: 4 }),
    tick: fc.nat(479),
    bpm: fc.integer({ min: 20, max: 400 }),
    shape: fc.constantFrom('jump' as const, 'ramp' as const),
  }),
  fc.record({ kind: fc.constant('bpm' as const), pick, bpm: fc.integer({ min: 20, max: 400 }) }),
  fc.record({ kind: fc.constant('delPoint' as const), pick }),
  fc.record({
    kind: fc.constant('meter' as const),
    bar: fc.integer({ min: 1, max: 40 }),
    numerator: fc.integer({ min: 1, max: 12 }),
    denominator: fc.constantFrom(2, 4, 8),
  }),
  fc.record({ kind: fc.constant('delMeter' as const), pick }),
);

function applyTempo(doc: Y.Doc, o: TempoOp): void {
  const nth = <T extends { id: string }>(xs: T[], n: number): T | undefined =>
    xs.length === 0 ? undefined : [...xs].sort((a, b) => a.id.localeCompare(b.id))[n % xs.length];
  switch (o.kind) {
    case 'section':
      addSection(doc, o.index, { fields: { bars: o.bars } }, 'local');
      return;
    case 'delSection': {
      const s = nth(readTempoMap(doc).sections, o.pick);
      if (s) deleteSection(doc, s.id, 'local');
      return;
    }
    case 'point':
      addTempoPoint(doc, { bar: o.bar, beat: o.beat, tick: o.tick, bpm: o.bpm, shape: o.shape }, 'local');
      return;
    case 'bpm': {
      const p = nth(tempoPoints(doc).list(), o.pick);
      if (p) updateTempoPoint(doc, p.id, { bpm: o.bpm }, 'local');
      return;
    }
    case 'delPoint': {
      const p = nth(tempoPoints(doc).list(), o.pick);
      if (p) deleteTempoPoint(doc, p.id, 'local');
      return;
    }
    case 'meter':
      setMeterAtBar(doc, { bar: o.bar, numerator: o.numerator, denominator: o.denominator }, 'local');
      return;
    case 'delMeter': {
      const m = nth(meterChanges(doc).list(), o.pick);
      if (m) deleteMeterChange(doc, m.id, 'local');
      return;
    }
  }
}

/** The tempo map as a comparable value: entities sorted by id, and the time of the song's end. */
function tempoState(doc: Y.Doc) {
  const map = readTempoMap(doc);
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return { sections: map.sections, points: byId(map.points), meters: byId(map.meters), seconds: buildTimeline(map).totalSeconds };
}

describe('RV7 a restore brings the tempo map back', () => {
  it('RV7 after tempo, meter and form edits, a restore brings back the version’s sections, tempo points and meter changes (property)', () => {
    fc.assert(
      fc.property(fc.array(tempoOp, { maxLength: 20 }), fc.array(tempoOp, { minLength: 1, maxLength: 20 }), (then, now) => {
        const live = new Y.Doc();
        for (const o of then) applyTempo(live, o);
        const version = new Y.Doc();
        Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
        for (const o of now) applyTempo(live, o);
        restoreContent(live, version, 'server');
        expect(tempoState(live)).toEqual(tempoState(version));
        expect(isSameContent(versionDiff(version, live))).toBe(true);
      }),
    );
  });

  it('RV9 tempo points and meter changes count in the tempo map’s row', () => {
    const live = new Y.Doc();
    addSection(live, 0, { id: 's1', fields: { name: 'Verse', bars: 8 } }, 'local');
    const p = addTempoPoint(live, { bar: 1, beat: 1, tick: 0, bpm: 120, shape: 'jump' }, 'local');
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    if (!p.ok) throw new Error('point refused');
    updateTempoPoint(live, p.value, { bpm: 128 }, 'local');
    setMeterAtBar(live, { bar: 5, numerator: 7, denominator: 8 }, 'local');
    expect(versionDiff(version, live).tempo).toEqual({ added: 1, removed: 0, changed: 1 });
  });
});

describe('RV9 what differs between a version and the room, per area', () => {
  it('RV9 counts shapes, sections, references, reference and board comments and ideas added, removed and changed since the version', () => {
    const live = new Y.Doc();
    const board = live.getMap<unknown>('board');
    board.set('page:1', { id: 'page:1', typeName: 'page' });
    for (const id of ['shape:a', 'shape:b', 'shape:c']) board.set(id, { id, typeName: 'shape', x: 0 });
    live.getMap<unknown>('tempo').set('s1', new Y.Map<unknown>([['bpm', 120]]));
    live.getMap<unknown>('referenceComments').set('ref1', new Y.Map<unknown>([['c1', new Y.Map<unknown>([['text', 'nice']])]]));
    const boardComments = live.getMap<unknown>('boardComments');
    boardComments.set('thread:t1', { kind: 'thread', text: 'Crop this?', resolved: false });
    boardComments.set('reply:r1', { kind: 'reply', threadId: 't1', text: 'Yes' });
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    board.delete('shape:a');
    board.set('shape:b', { id: 'shape:b', typeName: 'shape', x: 50 });
    board.set('shape:d', { id: 'shape:d', typeName: 'shape', x: 0 });
    board.set('page:2', { id: 'page:2', typeName: 'page' });
    (live.getMap<unknown>('tempo').get('s1') as Y.Map<unknown>).set('bpm', 128);
    live.getMap<unknown>('backlog').set('i1', new Y.Map<unknown>([['title', 'x']]));
    boardComments.set('thread:t1', { kind: 'thread', text: 'Crop this?', resolved: true });
    boardComments.delete('reply:r1');
    boardComments.set('reply:r2', { kind: 'reply', threadId: 't1', text: 'Done' });
    boardComments.set('reply:r3', { kind: 'reply', threadId: 't1', text: 'Thanks' });
    ((live.getMap<unknown>('referenceComments').get('ref1') as Y.Map<unknown>).get('c1') as Y.Map<unknown>).set('resolved', true);
    const diff = versionDiff(version, live);
    expect(diff).toEqual({
      board: { added: 1, removed: 1, changed: 1 },
      tempo: { added: 0, removed: 0, changed: 1 },
      references: { added: 0, removed: 0, changed: 0 },
      comments: { added: 0, removed: 0, changed: 1 },
      boardComments: { added: 2, removed: 1, changed: 1 },
      backlog: { added: 1, removed: 0, changed: 0 },
    });
    expect(isSameContent(diff)).toBe(false);
  });
});
