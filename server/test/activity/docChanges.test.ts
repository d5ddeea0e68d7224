/**
 * What the recorder reads from a transaction (W1 on the server side): key-level changes with the
 * values before and after, a removed entity's fields as they were, a text inside an entity as a
 * change of its field.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTempoPoint,
  changeToActivity,
  createIdea,
  DEFAULT_SECTION,
  deleteTempoPoint,
  tempoSections,
  updateTempoPoint,
  type DocChange,
} from '@riffboard/shared';
import { docChanges, entityReader } from '../../src/activity/docChanges.ts';

/** Applies what `edit` does to a copy of `server` as a remote update, and returns the changes the server's doc saw. */
function seen(server: Y.Doc, edit: (client: Y.Doc) => void): DocChange[] {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const sv = Y.encodeStateVector(client);
  edit(client);
  let out: DocChange[] = [];
  const listen = (tr: Y.Transaction): void => {
    out = docChanges(server, tr);
  };
  for (const root of ['tempo', 'tempoPoints', 'backlog']) server.getMap(root);
  server.on('afterTransaction', listen);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, sv), 'remote');
  server.off('afterTransaction', listen);
  return out;
}

describe('W1 changes as the server reads them', () => {
  it('W1 a removed section keeps its name for the feed', () => {
    const doc = new Y.Doc();
    tempoSections(doc).put({ id: 's1', order: 'a0', ...DEFAULT_SECTION, name: 'Outro' }, 'local');
    const changes = seen(doc, (c) => tempoSections(c).remove('s1', 'local'));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ root: 'tempo', path: [], key: 's1', action: 'delete', before: { name: 'Outro' } });
    expect(changeToActivity(changes[0]!, entityReader(doc))).toEqual([
      { area: 'tempo', verb: 'removed', itemId: 's1', kind: 'section', label: 'Outro', fields: [] },
    ]);
  });

  it('W1 a field change carries from and to; typing in an idea’s notes is a change of its notes', () => {
    const doc = new Y.Doc();
    tempoSections(doc).put({ id: 's1', order: 'a0', ...DEFAULT_SECTION, name: 'Chorus', bars: 4 }, 'local');
    const id = createIdea(doc, { title: 'Hook', notes: 'first' }, { id: 'x', name: 'Ana' }, 'local')!;
    expect(seen(doc, (c) => tempoSections(c).update('s1', { bars: 8 }, 'local'))).toEqual([
      { root: 'tempo', path: ['s1'], key: 'bars', action: 'update', before: 4, after: 8 },
    ]);
    const notes = seen(doc, (c) => ((c.getMap('backlog').get(id) as Y.Map<unknown>).get('notes') as Y.Text).insert(5, ' take'));
    expect(notes).toEqual([{ root: 'backlog', path: [id], key: 'notes', action: 'update', before: undefined, after: 'first take' }]);
    expect(changeToActivity(notes[0]!, entityReader(doc))[0]).toMatchObject({
      area: 'backlog',
      verb: 'changed',
      label: 'Hook',
      fields: [{ field: 'notes' }],
    });
  });

  it('W1 a tempo point is added whole, changed field by field, and removed with the tempo it had', () => {
    const doc = new Y.Doc();
    tempoSections(doc).put({ id: 's1', order: 'a0', ...DEFAULT_SECTION, name: 'Bridge', bars: 8 }, 'local');
    const added = seen(doc, (c) => addTempoPoint(c, { bar: 5, beat: 1, tick: 0, bpm: 100, shape: 'ramp' }, 'local', 'p5'));
    expect(added).toMatchObject([{ root: 'tempoPoints', path: [], key: 'p5', action: 'add', after: { bar: 5, bpm: 100, shape: 'ramp' } }]);
    expect(changeToActivity(added[0]!, entityReader(doc))[0]).toMatchObject({
      verb: 'added',
      kind: 'tempo ramp',
      label: 'bar 5',
      parentId: 's1',
    });
    const changed = seen(doc, (c) => updateTempoPoint(c, 'p5', { bpm: 108 }, 'local'));
    expect(changeToActivity(changed[0]!, entityReader(doc))[0]).toMatchObject({
      verb: 'changed',
      fields: [{ field: 'bpm', from: 100, to: 108 }],
    });
    const removed = seen(doc, (c) => deleteTempoPoint(c, 'p5', 'local'));
    expect(changeToActivity(removed[0]!, entityReader(doc))[0]).toMatchObject({ verb: 'removed', kind: 'tempo ramp', label: 'bar 5' });
  });
});
