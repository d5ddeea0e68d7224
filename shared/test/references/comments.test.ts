import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canModify, readComment, referenceComments, references, removeAllComments, type NewComment } from '../../src/index.ts';
import { ROOT } from '../../src/doc/roots.ts';

const base = (over: Partial<NewComment> = {}): NewComment => ({
  id: 'c1',
  author: 'p-alice',
  personName: 'Alice',
  createdAt: 1000,
  text: 'snare too loud',
  anchor: { kind: 'at', at: 92 },
  ...over,
});

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('reference comments', () => {
  it('adds point and region comments and reads them back as threads ordered by time', () => {
    const doc = new Y.Doc();
    const c = referenceComments(doc, 'r1');
    c.add(base({ id: 'late', anchor: { kind: 'at', at: 92 } }), 'local');
    c.add(base({ id: 'region', anchor: { kind: 'region', start: 10, end: 26 }, text: 'this 8-bar region is the vibe' }), 'local');
    const threads = c.threads();
    expect(threads.map((t) => t.root.id)).toEqual(['region', 'late']);
    expect(threads[0]?.root.anchor).toEqual({ kind: 'region', start: 10, end: 26 });
    expect(referenceComments(doc, 'other').list()).toEqual([]);
  });

  it('replies join their root thread and inherit its anchor; a reply to a reply attaches to the root', () => {
    const doc = new Y.Doc();
    const c = referenceComments(doc, 'r1');
    c.add(base(), 'local');
    c.add(base({ id: 'r1', parentId: 'c1', createdAt: 2000, author: 'p-bob', personName: 'Bob', anchor: { kind: 'at', at: 5 } }), 'local');
    c.add(base({ id: 'r2', parentId: 'r1', createdAt: 3000 }), 'local');
    const [t] = c.threads();
    expect(t?.root.id).toBe('c1');
    expect(t?.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(t?.replies.every((r) => r.parentId === 'c1' && r.anchor.kind === 'at' && r.anchor.at === 92)).toBe(true);
  });

  it('edit, resolve/reopen and delete (deleting a root removes its replies)', () => {
    const doc = new Y.Doc();
    const c = referenceComments(doc, 'r1');
    c.add(base(), 'local');
    c.add(base({ id: 'rep', parentId: 'c1', createdAt: 2000 }), 'local');
    c.editText('c1', 'kick too loud', 5000, 'local');
    expect(c.get('c1')).toMatchObject({ text: 'kick too loud', editedAt: 5000 });
    c.setResolved('c1', true, 'local');
    expect(c.get('c1')?.resolved).toBe(true);
    c.setResolved('c1', false, 'local');
    expect(c.get('c1')?.resolved).toBe(false);
    c.remove('c1', 'local');
    expect(c.list()).toEqual([]);
  });

  it('concurrent comments from two people are both kept; resolve and edit of one comment both win', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    referenceComments(a, 'r1').add(base(), 'local');
    sync(a, b);
    referenceComments(a, 'r1').add(base({ id: 'from-a' }), 'local');
    referenceComments(b, 'r1').add(base({ id: 'from-b', author: 'p-bob' }), 'local');
    referenceComments(a, 'r1').setResolved('c1', true, 'local');
    referenceComments(b, 'r1').editText('c1', 'edited', 9, 'local');
    sync(a, b);
    for (const d of [a, b]) {
      const c = referenceComments(d, 'r1');
      expect(
        c
          .list()
          .map((x) => x.id)
          .sort(),
      ).toEqual(['c1', 'from-a', 'from-b']);
      expect(c.get('c1')).toMatchObject({ resolved: true, text: 'edited' });
    }
  });

  it('normalises what a peer may have written', () => {
    expect(readComment('r', 'x', { text: 1, author: 'a' })).toBeUndefined();
    expect(readComment('r', 'x', { text: 't' })).toBeUndefined();
    const c = readComment('r', 'x', { text: 'y'.repeat(10_000), author: 'a', at: -5, resolved: 'yes', parentId: 'x', personName: 7 });
    expect(c).toMatchObject({ anchor: { kind: 'at', at: 0 }, resolved: false, personName: 'someone' });
    expect(c?.text.length).toBe(4000);
    expect(c?.parentId).toBeUndefined(); // a comment can't reply to itself
    expect(readComment('r', 'x', { text: 't', author: 'a', region: { start: 9, end: 3 } })?.anchor).toEqual({
      kind: 'region',
      start: 3,
      end: 9,
    });
    expect(readComment('r', 'x', { text: 't', author: 'a', region: { start: 4, end: 4 } })?.anchor).toEqual({ kind: 'at', at: 4 });
    expect(readComment('r', 'x', { text: 't', author: 'a', region: { start: 'a' }, at: Number.NaN })?.anchor).toEqual({
      kind: 'at',
      at: 0,
    });
    // Garbage next to real comments is skipped, not fatal.
    const doc = new Y.Doc();
    referenceComments(doc, 'r1').add(base(), 'local');
    doc
      .getMap<Y.Map<unknown>>(ROOT.referenceComments)
      .get('r1')
      ?.set('junk', 'not a map' as never);
    expect(
      referenceComments(doc, 'r1')
        .list()
        .map((x) => x.id),
    ).toEqual(['c1']);
  });

  it('only the author may modify, and removeAllComments clears one reference', () => {
    const doc = new Y.Doc();
    referenceComments(doc, 'r1').add(base(), 'local');
    referenceComments(doc, 'r2').add(base(), 'local');
    const c = referenceComments(doc, 'r1').get('c1');
    expect(c && canModify(c, 'p-alice')).toBe(true);
    expect(c && canModify(c, 'p-bob')).toBe(false);
    removeAllComments(doc, 'r1', 'local');
    expect(referenceComments(doc, 'r1').list()).toEqual([]);
    expect(referenceComments(doc, 'r2').list()).toHaveLength(1);
  });

  it('observe fires for its own reference only', () => {
    const doc = new Y.Doc();
    let calls = 0;
    const off = referenceComments(doc, 'r1').observe(() => calls++);
    referenceComments(doc, 'r2').add(base(), 'local');
    expect(calls).toBe(0);
    referenceComments(doc, 'r1').add(base(), 'local');
    referenceComments(doc, 'r1').setResolved('c1', true, 'local');
    expect(calls).toBe(2);
    off();
  });
});

describe('references', () => {
  it('keep only safe asset paths and http(s) links, and cut long titles', () => {
    const doc = new Y.Doc();
    const refs = references(doc);
    const sha = 'a'.repeat(64);
    refs.put(
      {
        id: 'a',
        kind: 'audio',
        title: 'Mix 3',
        addedBy: 'Alice',
        addedAt: 1,
        assetId: sha,
        assetUrl: `/api/rooms/room1/assets/${sha}`,
        durationSeconds: 5,
      },
      'local',
    );
    refs.put({ id: 'b', kind: 'link', title: 'x'.repeat(500), addedBy: 'Bob', addedAt: 2, url: 'javascript:alert(1)' }, 'local');
    refs.put(
      { id: 'c', kind: 'link', title: 'Ref', addedBy: 'Bob', addedAt: 2, url: 'https://example.com/song', assetUrl: 'https://evil/x' },
      'local',
    );
    expect(refs.get('a')?.assetUrl).toBe(`/api/rooms/room1/assets/${sha}`);
    expect(refs.get('b')?.url).toBeUndefined();
    expect(refs.get('b')?.title.length).toBe(200);
    expect(refs.get('c')).toMatchObject({ url: 'https://example.com/song' });
    expect(refs.get('c')?.assetUrl).toBeUndefined();
  });

  it('a room with 20 images and 5 songs with comments stays far under 200 KB', () => {
    const doc = new Y.Doc();
    const refs = references(doc);
    for (let i = 0; i < 25; i++) {
      const sha = i.toString(16).padStart(64, '0');
      refs.put(
        {
          id: `ref${i}`,
          kind: i < 5 ? 'audio' : 'image',
          title: `Reference number ${i}`,
          addedBy: 'Alice',
          addedAt: i,
          assetId: sha,
          assetUrl: `/api/rooms/room1/assets/${sha}`,
          durationSeconds: 600,
          mime: 'audio/wav',
          size: 100_000_000,
        },
        'local',
      );
      if (i < 5)
        for (let k = 0; k < 30; k++)
          referenceComments(doc, `ref${i}`).add(
            base({ id: `c${i}-${k}`, text: 'at this point the snare is too loud, pull it back 2 dB' }),
            'local',
          );
    }
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(200_000);
  });
});
