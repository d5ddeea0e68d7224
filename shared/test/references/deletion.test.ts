import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  deleteReference,
  getReferencePlayback,
  readBoardRecords,
  referenceCardIds,
  referenceComments,
  referenceDeletion,
  references,
  startReference,
  writeBoardChanges,
  type BoardRecord,
  type NewComment,
  type Reference,
} from '../../src/index.ts';

const ref = (id: string, title: string): Reference => ({ id, kind: 'audio', title, addedBy: 'Ana', addedAt: 1 });

const comment = (id: string, over: Partial<NewComment> = {}): NewComment => ({
  id,
  author: 'p-ana',
  personName: 'Ana',
  createdAt: 1000,
  text: 'snare too loud',
  anchor: { kind: 'at', at: 3 },
  ...over,
});

const card = (id: string, referenceId: string): BoardRecord => ({
  id,
  typeName: 'shape',
  type: 'reference-card',
  parentId: 'page:page',
  props: { referenceId, w: 280, h: 120 },
});
const arrow = (id: string): BoardRecord => ({ id, typeName: 'shape', type: 'arrow', parentId: 'page:page', props: {} });
const binding = (id: string, fromId: string, toId: string): BoardRecord => ({
  id,
  typeName: 'binding',
  type: 'arrow',
  fromId,
  toId,
  props: {},
});

/** A room with two songs: "rough-mix-3" (a thread with a reply, a resolved comment, two cards, an arrow onto one) and "demo". */
function room(): Y.Doc {
  const doc = new Y.Doc();
  references(doc).put(ref('mix', 'rough-mix-3'), 'local');
  references(doc).put(ref('demo', 'demo'), 'local');
  const onMix = referenceComments(doc, 'mix');
  onMix.add(comment('c1'), 'local');
  onMix.add(comment('c2', { parentId: 'c1', createdAt: 2000 }), 'local');
  onMix.add(comment('c3', { anchor: { kind: 'region', start: 1, end: 2 } }), 'local');
  onMix.setResolved('c3', true, 'local');
  referenceComments(doc, 'demo').add(comment('d1'), 'local');
  writeBoardChanges(
    doc,
    {
      put: [
        card('shape:mix-a', 'mix'),
        card('shape:mix-b', 'mix'),
        card('shape:demo', 'demo'),
        arrow('shape:arrow'),
        binding('binding:start', 'shape:arrow', 'shape:demo'),
        binding('binding:end', 'shape:arrow', 'shape:mix-b'),
      ],
      removed: [],
    },
    'local',
  );
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

describe('deleting a reference', () => {
  it('says what goes with it: every comment and reply, its cards, whether the room is playing it', () => {
    const doc = room();
    expect(referenceDeletion(doc, 'mix')).toEqual({ comments: 3, cards: 2, playingForEveryone: false });
    expect(referenceCardIds(doc, 'demo')).toEqual(['shape:demo']);
    startReference(doc, 'mix', 1, 5000, 'local');
    expect(referenceDeletion(doc, 'mix').playingForEveryone).toBe(true);
    expect(referenceDeletion(doc, 'demo')).toEqual({ comments: 1, cards: 1, playingForEveryone: false });
  });

  it('removes the reference, its comments, its cards and their bindings in one transaction, and nothing else', () => {
    const doc = room();
    const transactions: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => transactions.push(tr.origin));

    expect(deleteReference(doc, 'mix', 'local')).toBe(true);

    expect(transactions).toEqual(['local']);
    expect(
      references(doc)
        .list()
        .map((r) => r.title),
    ).toEqual(['demo']);
    expect(referenceComments(doc, 'mix').list()).toEqual([]);
    expect(
      referenceComments(doc, 'demo')
        .list()
        .map((c) => c.id),
    ).toEqual(['d1']);
    expect(
      readBoardRecords(doc)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['binding:start', 'shape:arrow', 'shape:demo']);
  });

  it('stops the room’s playback when everyone is listening to it, and leaves another song playing', () => {
    const doc = room();
    startReference(doc, 'demo', 2, 5000, 'local');
    deleteReference(doc, 'mix', 'local');
    expect(getReferencePlayback(doc)).toMatchObject({ referenceId: 'demo', playing: true });

    startReference(doc, 'mix', 2, 6000, 'local');
    deleteReference(doc, 'mix', 'local');
    expect(getReferencePlayback(doc)?.playing).toBe(false);
  });

  it('reaches a peer whole, and a reply made at the same moment in one of its threads goes with it', () => {
    const ana = room();
    const ben = new Y.Doc();
    sync(ana, ben);
    referenceComments(ben, 'mix').add(comment('late-reply', { parentId: 'c1', createdAt: 3000 }), 'local');
    deleteReference(ana, 'mix', 'local');
    sync(ana, ben);

    for (const doc of [ana, ben]) {
      expect(references(doc).has('mix')).toBe(false);
      expect(referenceComments(doc, 'mix').list()).toEqual([]);
      expect(referenceCardIds(doc, 'mix')).toEqual([]);
    }
    expect(ana.getMap('board').toJSON()).toEqual(ben.getMap('board').toJSON());
  });

  it('an already deleted reference reports false and still clears leftovers from a concurrent edit', () => {
    const doc = room();
    deleteReference(doc, 'mix', 'local');
    // A card placed by someone who hadn't seen the deletion yet.
    writeBoardChanges(doc, { put: [card('shape:late', 'mix')], removed: [] }, 'remote');
    expect(deleteReference(doc, 'mix', 'local')).toBe(false);
    expect(referenceCardIds(doc, 'mix')).toEqual([]);
  });
});
