import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addSection,
  addTake,
  createIdea,
  deleteSection,
  ideaNotes,
  markBestTake,
  moveIdea,
  readBestTakeId,
  readCard,
  readTakes,
  references,
  removeTake,
  renameIdea,
  setLink,
  setTempoAtBar,
  takeDefaults,
  updateSection,
  updateTake,
} from '../../src/index.ts';
import { ROOT } from '../../src/doc/roots.ts';
import { ana, ben, syncAll } from './helpers.ts';

function withSections(doc: Y.Doc): { verse: string; chorus: string } {
  const verse = addSection(doc, 0, { id: 'sv', fields: { name: 'Verse', key: 'Am' } }, 'local');
  const chorus = addSection(doc, 1, { id: 'sc', fields: { name: 'Chorus' } }, 'local');
  if (!verse.ok || !chorus.ok) throw new Error('sections');
  setTempoAtBar(doc, 1, 92, 'local');
  setTempoAtBar(doc, 5, 96, 'local');
  return { verse: verse.value, chorus: chorus.value };
}

describe('B4 links never dangle', () => {
  it('B4 a card shows linked sections in song order with current names; deleted ones vanish', () => {
    const doc = new Y.Doc();
    const { verse, chorus } = withSections(doc);
    references(doc).put({ id: 'r3', kind: 'link', title: 'Reference 3', addedBy: 'Ana', addedAt: 0 }, 'local');
    const id = createIdea(doc, { title: 'That synth', sectionIds: [chorus, verse], referenceIds: ['r3', 'missing'] }, ana, 'local')!;
    expect(readCard(doc, id)!.sections.map((s) => s.name)).toEqual(['Verse', 'Chorus']);
    expect(readCard(doc, id)!.references).toEqual([{ id: 'r3', name: 'Reference 3' }]);
    updateSection(doc, verse, { name: 'Verse 1' }, 'local');
    expect(readCard(doc, id)!.sections.map((s) => s.name)).toEqual(['Verse 1', 'Chorus']);
    deleteSection(doc, chorus, 'local');
    references(doc).remove('r3', 'local');
    expect(readCard(doc, id)!.sections.map((s) => s.name)).toEqual(['Verse 1']);
    expect(readCard(doc, id)!.references).toEqual([]);
  });

  it('B4 a section deleted by one person while another links it leaves no link', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const { chorus } = withSections(d1);
    const id = createIdea(d1, { title: 'x' }, ana, 'local')!;
    syncAll([d1, d2]);
    deleteSection(d1, chorus, 'local');
    setLink(d2, id, 'sections', chorus, true, 'local');
    syncAll([d1, d2]);
    for (const d of [d1, d2]) expect(readCard(d, id)!.sections).toEqual([]);
  });
});

describe('B5 takes', () => {
  it('B5 a take defaults tempo and key from the first linked section, and is counted on the card', () => {
    const doc = new Y.Doc();
    const { verse, chorus } = withSections(doc);
    const id = createIdea(doc, { title: 'x', sectionIds: [chorus, verse] }, ana, 'local')!;
    expect(takeDefaults(doc, id)).toEqual({ bpm: 92, key: 'Am' });
    const t = addTake(doc, id, { players: ['Ana', ' Ben ', ''], rating: 4, notes: 'tight' }, ana, 'local', 5000);
    expect(t.ok).toBe(true);
    expect(readTakes(doc, id)).toEqual([
      {
        id: t.ok ? t.id : '',
        title: 'Take 1',
        players: ['Ana', 'Ben'],
        bpm: 92,
        key: 'Am',
        notes: 'tight',
        rating: 4,
        createdBy: 'Ana',
        createdAt: 5000,
      },
    ]);
    expect(readCard(doc, id)!.takeCount).toBe(1);
    const second = addTake(doc, id, { bpm: null, key: null }, ben, 'local', 6000);
    expect(second.ok && readTakes(doc, id)[0]).toMatchObject({ title: 'Take 2', createdBy: 'Ben' });
    expect(readTakes(doc, id)[0]!.bpm).toBeUndefined();
  });

  it('B5 invalid tempo, key or rating is refused whole', () => {
    const doc = new Y.Doc();
    const id = createIdea(doc, { title: 'x' }, ana, 'local')!;
    expect(addTake(doc, id, { bpm: 5 }, ana, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_bpm' } });
    expect(addTake(doc, id, { key: 'H#m' }, ana, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_key' } });
    expect(addTake(doc, id, { rating: 6 }, ana, 'local')).toMatchObject({ ok: false, error: { code: 'invalid_rating' } });
    expect(addTake(doc, 'nope', {}, ana, 'local')).toMatchObject({ ok: false, error: { code: 'unknown_idea' } });
    expect(readTakes(doc, id)).toEqual([]);
  });

  it('B5 audio is an asset reference with an app-relative address; anything else is ignored', () => {
    const doc = new Y.Doc();
    const id = createIdea(doc, { title: 'x' }, ana, 'local')!;
    const audio = { assetId: 'a1', url: '/api/rooms/r/assets/a1', name: 'take.mp3', mime: 'audio/mpeg', size: 1234 };
    const ok = addTake(doc, id, { audio }, ana, 'local');
    expect(ok.ok && readTakes(doc, id)[0]!.audio).toEqual(audio);
    const evil = addTake(doc, id, { audio: { ...audio, url: 'https://elsewhere.example/x.mp3' } }, ana, 'local', Date.now() + 1);
    expect(evil.ok && readTakes(doc, id).find((t) => t.id === evil.id)!.audio).toBeUndefined();
  });

  it('B5 one best take; a best take deleted reads as none; fields edited by two people both win', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(d1, { title: 'x' }, ana, 'local')!;
    const t1 = addTake(d1, id, {}, ana, 'local', 1);
    const t2 = addTake(d1, id, {}, ana, 'local', 2);
    if (!t1.ok || !t2.ok) throw new Error('takes');
    syncAll([d1, d2]);
    markBestTake(d1, id, t1.id, 'local');
    markBestTake(d2, id, t2.id, 'local');
    updateTake(d1, id, t1.id, { rating: 5 }, 'local');
    updateTake(d2, id, t1.id, { notes: 'keeper' }, 'local');
    syncAll([d1, d2]);
    expect(readBestTakeId(d1, id)).toBe(readBestTakeId(d2, id));
    expect(readTakes(d2, id).find((t) => t.id === t1.id)).toMatchObject({ rating: 5, notes: 'keeper' });
    const best = readBestTakeId(d1, id)!;
    removeTake(d1, id, best, 'local');
    expect(readBestTakeId(d1, id)).toBeUndefined();
    expect(readCard(d1, id)!.hasBestTake).toBe(false);
    expect(markBestTake(d1, id, best, 'local')).toBe(false);
  });
});

describe('B6 per-user undo', () => {
  it('B6 undo reverts only my own changes, never a peer’s', () => {
    const [mine, theirs] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(mine, { title: 'Groove', notes: '' }, ana, 'remote')!; // not an undoable step
    syncAll([mine, theirs]);
    const undo = new Y.UndoManager(mine.getMap(ROOT.backlog), { trackedOrigins: new Set(['local']), captureTimeout: 0 });
    moveIdea(mine, id, 'jamming', 0, 'local');
    renameIdea(theirs, id, 'Groove in 6/8', 'local');
    ideaNotes(theirs, id)!.insert(0, 'their notes');
    syncAll([mine, theirs]);
    undo.undo();
    syncAll([mine, theirs]);
    for (const d of [mine, theirs]) {
      expect(readCard(d, id)).toMatchObject({ status: 'idea', title: 'Groove in 6/8' });
      expect(ideaNotes(d, id)!.toString()).toBe('their notes');
    }
    undo.redo();
    expect(readCard(mine, id)!.status).toBe('jamming');
  });
});
