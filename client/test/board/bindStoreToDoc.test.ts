/**
 * The store ↔ doc binding's echo rules: a local edit is written to the doc once with origin
 * 'local' and never applied back to the store; a peer's edit enters the store as a remote change
 * (`mergeRemoteChanges`) and is never written back to the doc.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLRecord, TLStore } from 'tldraw';
import { readBoardRecords, readBoardSchema, writeBoardChanges, type BoardRecord } from '@riffboard/shared';
import { bindStoreToDoc, loadDocIntoStore } from '../../src/board/bindStoreToDoc.ts';
import { mountEditorOn, newStore, rectangle } from './boardFixtures.ts';

interface Bound {
  store: TLStore;
  doc: Y.Doc;
  /** Origin of every doc transaction that changed something, in order. */
  docWrites: unknown[];
  /** Store changes tldraw reports as remote (what `mergeRemoteChanges` applied). */
  remoteChanges: number;
  unreadable: unknown[];
  stop: () => void;
}

function bound(doc = new Y.Doc()): Bound {
  const store = newStore();
  const b: Bound = { store, doc, docWrites: [], remoteChanges: 0, unreadable: [], stop: () => undefined };
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.changed.size > 0) b.docWrites.push(tr.origin);
  });
  store.listen(() => b.remoteChanges++, { source: 'remote', scope: 'document' });
  loadDocIntoStore(store, doc);
  b.stop = bindStoreToDoc(store, doc, (err) => b.unreadable.push(err));
  return b;
}

/** Sends every doc update of `from` to `to` as the provider would (origin: the provider). */
function link(from: Y.Doc, to: Y.Doc): void {
  from.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(to, update, 'remote');
  });
}

describe('store → doc', () => {
  it('writes a local edit to the doc once, with origin local, and does not apply it back to the store', () => {
    const a = bound();
    mountEditorOn(a.store);
    a.docWrites.length = 0;
    const box = rectangle(a.store, 'box');
    a.store.put([box]);
    expect(a.docWrites).toEqual(['local']);
    expect(readBoardRecords(a.doc).find((r) => r.id === box.id)).toMatchObject({ typeName: 'shape', x: 0 });
    expect(a.remoteChanges).toBe(0);
  });

  it('records the schema of the first writer to an empty board', () => {
    const a = bound();
    expect(readBoardSchema(a.doc)).toBeUndefined();
    mountEditorOn(a.store);
    expect(readBoardSchema(a.doc)).toEqual(a.store.schema.serialize());
  });

  it('keeps session records (camera, pointer, instance) out of the doc', () => {
    const a = bound();
    mountEditorOn(a.store);
    const typeNames = new Set(readBoardRecords(a.doc).map((r) => r.typeName));
    expect([...typeNames].sort()).toEqual(['document', 'page']);
    expect(a.store.allRecords().some((r) => r.typeName === 'camera' || r.typeName === 'instance')).toBe(true);
  });
});

describe('doc → store', () => {
  it("applies a peer's edit as a remote store change and writes nothing back", () => {
    const peer = bound();
    const me = bound();
    link(peer.doc, me.doc);
    link(me.doc, peer.doc);
    mountEditorOn(peer.store);
    me.docWrites.length = 0;
    peer.docWrites.length = 0;

    const box = rectangle(peer.store, 'box', 40);
    peer.store.put([box]);
    expect(me.store.get(box.id as TLRecord['id'])).toMatchObject({ x: 40 });
    expect(me.remoteChanges).toBeGreaterThan(0);
    // My doc changed only through the peer's update; nothing was written back with origin 'local'.
    expect(me.docWrites).toEqual(['remote']);
    expect(peer.docWrites).toEqual(['local']);
  });

  it("applies a peer's removal", () => {
    const peer = bound();
    const me = bound();
    link(peer.doc, me.doc);
    link(me.doc, peer.doc);
    mountEditorOn(peer.store);
    const box = rectangle(peer.store, 'box');
    peer.store.put([box]);
    expect(me.store.has(box.id as TLRecord['id'])).toBe(true);
    peer.store.remove([box.id as TLRecord['id']]);
    expect(me.store.has(box.id as TLRecord['id'])).toBe(false);
    expect(me.docWrites.every((o) => o === 'remote')).toBe(true);
  });

  it('applies a doc-level removal of my own (origin local, e.g. deleting a reference removes its cards)', () => {
    const me = bound();
    mountEditorOn(me.store);
    const box = rectangle(me.store, 'box');
    me.store.put([box]);
    writeBoardChanges(me.doc, { put: [], removed: [box.id] }, 'local');
    expect(me.store.has(box.id as TLRecord['id'])).toBe(false);
  });

  it('does not re-apply a local put that the store already holds', () => {
    const me = bound();
    mountEditorOn(me.store);
    const box = rectangle(me.store, 'box');
    me.store.put([box]);
    const changed = { ...(box as unknown as BoardRecord), x: 999 };
    // A 'local' put is the store's own write coming back: ignored.
    writeBoardChanges(me.doc, { put: [changed], removed: [] }, 'local');
    expect(me.store.get(box.id as TLRecord['id'])).toMatchObject({ x: 0 });
    expect(me.remoteChanges).toBe(0);
  });

  it('stops syncing in both directions once unbound', () => {
    const me = bound();
    mountEditorOn(me.store);
    me.stop();
    me.docWrites.length = 0;
    me.store.put([rectangle(me.store, 'box')]);
    expect(me.docWrites).toEqual([]);
    writeBoardChanges(me.doc, { put: [], removed: [me.store.query.records('page').get()[0]!.id] }, 'remote');
    expect(me.store.query.records('page').get()).toHaveLength(1);
  });
});

describe('loading a doc', () => {
  it('fills a fresh store with the doc records as remote changes and writes nothing to a current doc', () => {
    const first = bound();
    mountEditorOn(first.store);
    first.store.put([rectangle(first.store, 'box')]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first.doc), 'remote');
    const second = bound(doc);
    expect(second.store.has(rectangle(first.store, 'box').id as TLRecord['id'])).toBe(true);
    expect(second.remoteChanges).toBeGreaterThan(0);
    expect(second.docWrites).toEqual([]);
  });
});
