import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTag,
  backlogIdeas,
  createIdea,
  ideaNotes,
  matchesFilter,
  readBoard,
  readCard,
  removeTag,
  renameIdea,
  setOwner,
  sortByVotes,
  toggleVote,
} from '../../src/index.ts';
import { ROOT } from '../../src/doc/roots.ts';
import { ana, ben, syncAll } from './helpers.ts';

describe('B1 ideas are created whole', () => {
  it('B1 a new idea has every part, at the end of its column', () => {
    const doc = new Y.Doc();
    const a = createIdea(
      doc,
      { title: '  Try the chorus   in half time ', tags: ['#Groove', 'groove', ''], owner: ana },
      ana,
      'local',
      1000,
    )!;
    const b = createIdea(doc, { title: 'Synth from reference 3' }, ben, 'local')!;
    const card = readCard(doc, a)!;
    expect(card).toMatchObject({
      title: 'Try the chorus in half time',
      status: 'idea',
      ownerName: 'Ana',
      ownerId: ana.id,
      tags: ['groove'],
      createdBy: 'Ana',
      createdAt: 1000,
      takeCount: 0,
      voters: [],
    });
    expect(ideaNotes(doc, a)).toBeInstanceOf(Y.Text);
    expect(readBoard(doc).idea.map((c) => c.id)).toEqual([a, b]);
  });

  it('B1 an empty title creates nothing', () => {
    const doc = new Y.Doc();
    expect(createIdea(doc, { title: '   ' }, ana, 'local')).toBeUndefined();
    expect(readBoard(doc).idea).toEqual([]);
  });

  it('B1 values a peer wrote are normalised on read', () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    doc.getMap(ROOT.backlog).set('weird', m);
    m.set('place', { status: 'someday', order: 42 });
    m.set('title', 7);
    expect(readCard(doc, 'weird')).toMatchObject({ status: 'idea', order: '', title: 'Untitled idea', tags: [], takeCount: 0 });
  });

  it('B1 ideas written with the legacy status/order fields still read', () => {
    const doc = new Y.Doc();
    backlogIdeas(doc).put({ id: 'old', title: 'Old', status: 'parked', order: 'a0', createdBy: 'x', createdAt: 0 }, 'local');
    expect(readCard(doc, 'old')).toMatchObject({ status: 'parked', order: 'a0', title: 'Old' });
  });

  it('edits of different fields by two people both win', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(d1, { title: 'Bridge idea' }, ana, 'local')!;
    syncAll([d1, d2]);
    renameIdea(d1, id, 'Bridge in 7/8', 'local');
    addTag(d2, id, 'odd meter', 'local');
    setOwner(d2, id, ben, 'local');
    syncAll([d1, d2]);
    for (const d of [d1, d2]) expect(readCard(d, id)).toMatchObject({ title: 'Bridge in 7/8', tags: ['odd-meter'], ownerName: 'Ben' });
    removeTag(d1, id, 'odd-meter', 'local');
    expect(readCard(d1, id)!.tags).toEqual([]);
  });

  it('notes typed at the same time in two replicas merge', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(d1, { title: 'Outro', notes: 'fade' }, ana, 'local')!;
    syncAll([d1, d2]);
    ideaNotes(d1, id)!.insert(0, 'slow ');
    ideaNotes(d2, id)!.insert(4, ' out');
    syncAll([d1, d2]);
    expect(ideaNotes(d1, id)!.toString()).toBe('slow fade out');
    expect(ideaNotes(d2, id)!.toString()).toBe('slow fade out');
  });
});

describe('B3 votes are a set of person ids', () => {
  it('B3 a vote toggles', () => {
    const doc = new Y.Doc();
    const id = createIdea(doc, { title: 'x' }, ana, 'local')!;
    expect(toggleVote(doc, id, ana.id, 'local')).toBe(true);
    expect(readCard(doc, id)!.voters).toEqual([ana.id]);
    expect(toggleVote(doc, id, ana.id, 'local')).toBe(false);
    expect(readCard(doc, id)!.voters).toEqual([]);
  });

  it('B3 two tabs of one person voting at once count once; two people count twice', () => {
    const [tab1, tab2, other] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const id = createIdea(tab1, { title: 'x' }, ana, 'local')!;
    syncAll([tab1, tab2, other]);
    toggleVote(tab1, id, ana.id, 'local');
    toggleVote(tab2, id, ana.id, 'local');
    toggleVote(other, id, ben.id, 'local');
    syncAll([tab1, tab2, other]);
    for (const d of [tab1, tab2, other]) expect(readCard(d, id)!.voters).toEqual([ana.id, ben.id]);
  });

  it('B3 replaying a vote update (reconnect) does not add a vote', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(d1, { title: 'x' }, ana, 'local')!;
    syncAll([d1, d2]);
    const before = Y.encodeStateVector(d1);
    toggleVote(d1, id, ana.id, 'local');
    const update = Y.encodeStateAsUpdate(d1, before);
    Y.applyUpdate(d2, update);
    Y.applyUpdate(d2, update);
    expect(readCard(d2, id)!.voters).toHaveLength(1);
  });

  it('sorting a column by votes keeps board order among equal counts', () => {
    const doc = new Y.Doc();
    const ids = ['a', 'b', 'c'].map((t) => createIdea(doc, { title: t }, ana, 'local')!);
    toggleVote(doc, ids[2]!, ana.id, 'local');
    const sorted = sortByVotes(readBoard(doc).idea).map((c) => c.title);
    expect(sorted).toEqual(['c', 'a', 'b']);
  });
});

describe('filtering', () => {
  it('filters by tag, owner and words in title, tags, owner or linked names', () => {
    const doc = new Y.Doc();
    const a = createIdea(doc, { title: 'Half-time chorus', tags: ['groove'], owner: ana }, ana, 'local')!;
    createIdea(doc, { title: 'Synth pad', tags: ['sound'], owner: ben }, ben, 'local');
    const cards = readBoard(doc).idea;
    expect(cards.filter((c) => matchesFilter(c, { tag: 'groove' })).map((c) => c.id)).toEqual([a]);
    expect(cards.filter((c) => matchesFilter(c, { ownerId: ana.id })).map((c) => c.id)).toEqual([a]);
    expect(cards.filter((c) => matchesFilter(c, { text: 'CHORUS half' })).map((c) => c.id)).toEqual([a]);
    expect(cards.filter((c) => matchesFilter(c, { text: 'ben' }))).toHaveLength(1);
    expect(cards.filter((c) => matchesFilter(c, {}))).toHaveLength(2);
  });
});
