import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addSection,
  backlogUndoScope,
  buildTimeline,
  createLocalUndoManager,
  readSongOrder,
  readTempoMap,
  seconds,
  setTempoAtBar,
  tempoAt,
  tempoRootTypes,
  updateSection,
} from '../src/index.ts';

const tempoOf = (doc: Y.Doc): number => tempoAt(buildTimeline(readTempoMap(doc)), seconds(0));

const exchange = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
};

describe('U per-person undo', () => {
  it('U1 undo reverts only my own edits, never a peer’s — even on the same section', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const undo = createLocalUndoManager(tempoRootTypes(ana), 0);
    const added = addSection(ana, 0, {}, 'local');
    expect(added.ok).toBe(true);
    const id = added.ok ? added.value : '';
    exchange(ana, ben);
    undo.stopCapturing();
    setTempoAtBar(ana, 1, 140, 'local');
    exchange(ana, ben);
    // Ben renames the section; Ana then undoes her tempo change.
    updateSection(ben, id, { name: 'Chorus' }, 'local');
    exchange(ana, ben);
    undo.undo();
    exchange(ana, ben);
    for (const doc of [ana, ben]) {
      const [s] = readSongOrder(doc);
      expect(s?.name).toBe('Chorus'); // Ben's edit stays
      expect(tempoOf(doc)).toBe(120); // Ana's is undone
    }
    undo.redo();
    exchange(ana, ben);
    expect(tempoOf(ben)).toBe(140);
  });

  it('U1 a peer’s change never lands on my undo stack', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const undo = createLocalUndoManager(backlogUndoScope(ana));
    backlogUndoScope(ben).set('from-ben', 1);
    exchange(ana, ben);
    expect(undo.canUndo()).toBe(false);
    backlogUndoScope(ana).set('from-ana', 1);
    expect(undo.canUndo()).toBe(false); // no origin: not a user edit through our accessors
    ana.transact(() => backlogUndoScope(ana).set('from-ana', 2), 'local');
    expect(undo.canUndo()).toBe(true);
  });
});
