/**
 * Boards written by another tldraw version: older records are migrated on load and saved back
 * once with origin 'migration' and today's schema; a newer writer's records are never downgraded;
 * records that can't be migrated are refused with a sentence, and the rest of the board stays live.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLRecord } from 'tldraw';
import { readBoardRecords, readBoardSchema, writeBoardChanges, writeBoardSchema, type BoardRecord } from '@riffboard/shared';
import { bindStoreToDoc, loadDocIntoStore } from '../../src/board/bindStoreToDoc.ts';
import { BoardMigrationError, migrateIntoStore, schemaMatches } from '../../src/board/boardMigration.ts';
import { asGeoVersion9 } from '@riffboard/shared/test/boardRecords';
import { mountEditorOn, newStore, rectangle } from './boardFixtures.ts';

interface Schema {
  schemaVersion: number;
  sequences: Record<string, number>;
}

const GEO = 'com.tldraw.shape.geo';

/** Today's board (document, page, one rectangle) and its schema, as a current client writes them. */
function currentBoard(): { records: BoardRecord[]; schema: Schema; boxId: string } {
  const store = newStore();
  mountEditorOn(store);
  const box = rectangle(store, 'box');
  store.put([box]);
  const records = store.allRecords().filter((r) => ['document', 'page', 'shape'].includes(r.typeName)) as unknown as BoardRecord[];
  return { records, schema: store.schema.serialize() as unknown as Schema, boxId: box.id };
}

function docWith(records: BoardRecord[], schema: Schema | undefined): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    writeBoardChanges(doc, { put: records, removed: [] }, 'remote');
    if (schema) writeBoardSchema(doc, schema, 'remote');
  }, 'remote');
  return doc;
}

/** A store loaded from `doc` and bound to it, with the ids it sets aside and each count it reports. */
function loadAndBind(doc: Y.Doc): { store: ReturnType<typeof newStore>; setAside: Set<string>; counts: number[] } {
  const store = newStore();
  loadDocIntoStore(store, doc);
  const setAside = new Set<string>();
  const counts: number[] = [];
  bindStoreToDoc(
    store,
    doc,
    () => undefined,
    setAside,
    (n) => counts.push(n),
  );
  return { store, setAside, counts };
}

describe('loading an older board', () => {
  it('migrates its records into the store and saves them back once, with origin migration and the current schema', () => {
    const { records, schema, boxId } = currentBoard();
    expect(schema.sequences[GEO]).toBeGreaterThan(10);
    const oldSchema: Schema = { ...schema, sequences: { ...schema.sequences, [GEO]: 9 } };
    const doc = docWith(
      records.map((r) => (r.id === boxId ? asGeoVersion9(r, 'Old label') : r)),
      oldSchema,
    );
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => tr.changed.size > 0 && origins.push(tr.origin));

    const store = newStore();
    loadDocIntoStore(store, doc);

    const shape = store.get(boxId as TLRecord['id']) as unknown as { props: Record<string, unknown> };
    expect(shape.props).toHaveProperty('richText');
    expect(shape.props).not.toHaveProperty('text');
    expect(JSON.stringify(shape.props.richText)).toContain('Old label');
    expect(origins).toEqual(['migration']);
    expect((readBoardSchema(doc) as Schema).sequences[GEO]).toBe(schema.sequences[GEO]);
    expect(readBoardRecords(doc).find((r) => r.id === boxId)?.props).toHaveProperty('richText');
  });

  it('sets aside, and keeps out of the store, an old-format record a peer writes after the board was migrated', () => {
    const { records, schema, boxId } = currentBoard();
    const doc = docWith(
      records.filter((r) => r.id !== boxId),
      { ...schema, sequences: { ...schema.sequences, [GEO]: 9 } },
    );
    const { store, setAside, counts } = loadAndBind(doc);
    // A tab still on the older tldraw writes a version-9 shape into the now-current doc.
    const box = records.find((r) => r.id === boxId)!;
    writeBoardChanges(doc, { put: [asGeoVersion9(box, 'Late label')], removed: [] }, 'remote');
    expect([...setAside]).toEqual([boxId]);
    expect(counts).toEqual([1]);
    expect(store.has(boxId as TLRecord['id'])).toBe(false);
    expect(store.allRecords().some((r) => r.typeName === 'page')).toBe(true);
  });
});

describe('loading a current or unversioned board', () => {
  it('takes records as they are and writes nothing when the schema matches', () => {
    const { records, schema } = currentBoard();
    const doc = docWith(records, schema);
    let writes = 0;
    doc.on('afterTransaction', (tr: Y.Transaction) => (writes += tr.changed.size > 0 ? 1 : 0));
    const store = newStore();
    expect(schemaMatches(store, schema)).toBe(true);
    loadDocIntoStore(store, doc);
    expect(store.allRecords().filter((r) => r.typeName === 'shape')).toHaveLength(1);
    expect(writes).toBe(0);
  });

  it('treats a board with no recorded schema (written before schemas were kept) as current', () => {
    const { records } = currentBoard();
    const store = newStore();
    expect(schemaMatches(store, undefined)).toBe(true);
    expect(migrateIntoStore(store, records, undefined)).toHaveLength(records.length);
  });
});

describe('a board from a newer tldraw', () => {
  const newer = (): { records: BoardRecord[]; schema: Schema; boxId: string } => {
    const board = currentBoard();
    return { ...board, schema: { ...board.schema, sequences: { ...board.schema.sequences, [GEO]: 999 } } };
  };

  it('is refused with a sentence when its records cannot be migrated down', () => {
    const { records, schema } = newer();
    expect(() => migrateIntoStore(newStore(), records, schema)).toThrow(BoardMigrationError);
    expect(() => migrateIntoStore(newStore(), records, schema)).toThrow(/saved by a different version of Riffboard.*Reload the page/);
  });

  it('does not load, and leaves the doc (and its newer schema) untouched', () => {
    const { records, schema } = newer();
    const doc = docWith(records, schema);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => tr.changed.size > 0 && origins.push(tr.origin));
    const store = newStore();
    expect(() => loadDocIntoStore(store, doc)).toThrow(BoardMigrationError);
    expect(store.allRecords().some((r) => r.typeName === 'shape')).toBe(false);
    expect(origins).toEqual([]);
    expect((readBoardSchema(doc) as Schema).sequences[GEO]).toBe(999);
  });

  it("reports a peer's unreadable records and keeps the board live", () => {
    const { records, schema, boxId } = currentBoard();
    const doc = docWith(
      records.filter((r) => r.id !== boxId),
      schema,
    );
    const store = newStore();
    loadDocIntoStore(store, doc);
    const unreadable: unknown[] = [];
    bindStoreToDoc(store, doc, (err) => unreadable.push(err));
    // A tab on a newer tldraw joins, records its schema and adds a shape in one transaction.
    doc.transact(() => {
      writeBoardSchema(doc, newer().schema, 'remote');
      writeBoardChanges(doc, { put: [records.find((r) => r.id === boxId)!], removed: [] }, 'remote');
    }, 'remote');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toBeInstanceOf(BoardMigrationError);
    expect(store.has(boxId as TLRecord['id'])).toBe(false);
    expect(store.allRecords().some((r) => r.typeName === 'page')).toBe(true);
  });
});

describe('a damaged record among good ones (server SPEC B1)', () => {
  it('B1 loads every valid record, sets the damaged one aside and leaves it in the doc', () => {
    const { records, schema, boxId } = currentBoard();
    const box = records.find((r) => r.id === boxId)!;
    const damaged = { ...box, id: 'shape:damaged', props: { ...(box.props as object), w: 'wide' } };
    const doc = docWith([...records, damaged], schema);
    const store = newStore();
    const setAside = loadDocIntoStore(store, doc);
    expect(setAside.map((r) => r.id)).toEqual(['shape:damaged']);
    expect(setAside[0]!.reason).toContain('Expected number, got a string');
    expect(store.has(boxId as TLRecord['id'])).toBe(true);
    expect(store.has('shape:damaged' as TLRecord['id'])).toBe(false);
    expect(readBoardRecords(doc).some((r) => r.id === 'shape:damaged')).toBe(true);
  });

  it('B1 a valid version of a set-aside record, or its deletion, clears it', () => {
    const { records, schema, boxId } = currentBoard();
    const doc = docWith(records, schema);
    const { store, counts } = loadAndBind(doc);
    const box = records.find((r) => r.id === boxId)!;
    writeBoardChanges(doc, { put: [{ ...box, props: { ...(box.props as object), w: 'wide' } }], removed: [] }, 'remote');
    // The store keeps the last good version of the shape.
    expect(store.has(boxId as TLRecord['id'])).toBe(true);
    expect(counts).toEqual([1]);
    writeBoardChanges(doc, { put: [{ ...box, x: 42 }], removed: [] }, 'remote');
    expect(counts).toEqual([1, 0]);
    expect((store.get(boxId as TLRecord['id']) as unknown as { x: number }).x).toBe(42);
  });
});
