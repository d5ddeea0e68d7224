/**
 * Two-way binding between tldraw's store and the room doc's `board` map.
 *
 *   store → doc: document-scoped changes made by this user (`source: 'user'`) are written with
 *                origin 'local'.
 *   doc → store: every other transaction (server, IndexedDB, migration) is applied inside
 *                `store.mergeRemoteChanges`, which tldraw reports as `source: 'remote'`, so the
 *                listener above never writes it back: no echo loop in either direction.
 *                Of a 'local' transaction only removals are applied, and only of records the store
 *                still holds: those come from a doc-level edit of this user's (deleting a reference
 *                removes its cards), since the store's own removals are already gone from it.
 *
 * Session records (camera, selection, pointer) never enter the doc. Call `loadDocIntoStore` once
 * the doc is ready (see RoomConnection), then `bindStoreToDoc` before the editor mounts, so
 * tldraw's default page for an empty room is written through the binding like any other edit.
 */
import type * as Y from 'yjs';
import type { TLRecord, TLStore } from 'tldraw';
import { observeBoard, readBoardRecords, readBoardSchema, writeBoardChanges, writeBoardSchema, type BoardRecord } from '@riffboard/shared';
import { migrateIntoStore, schemaMatches, toBoardRecord } from './boardMigration.ts';

/** Fills a fresh store with the doc's records (migrated if needed). */
export function loadDocIntoStore(store: TLStore, doc: Y.Doc): void {
  const docSchema = readBoardSchema(doc);
  const records = migrateIntoStore(store, readBoardRecords(doc), docSchema);
  if (records.length === 0) return;
  store.mergeRemoteChanges(() => store.put(records));
  // The records were migrated up to our schema; writing them back with our schema spares the
  // next reader the work. Only when the doc is older: never downgrade a newer writer's records.
  if (docSchema !== undefined && !schemaMatches(store, docSchema) && isOlder(store, docSchema)) {
    doc.transact(() => {
      writeBoardChanges(doc, { put: records.map(toBoardRecord), removed: [] }, 'migration');
      writeBoardSchema(doc, store.schema.serialize(), 'migration');
    }, 'migration');
  }
}

function isOlder(store: TLStore, docSchema: unknown): boolean {
  // getMigrationsSince succeeds with a non-empty list exactly when the doc is behind us.
  // Its parameter type is SerializedSchema; the doc value was checked by schemaMatches' caller.
  const res = store.schema.getMigrationsSince(docSchema as Parameters<TLStore['schema']['getMigrationsSince']>[0]);
  return res.ok && res.value.length > 0;
}

/**
 * Starts the two-way sync; returns a function that stops it. `onUnreadable` is told when a peer
 * wrote records this tldraw can't migrate (they are skipped, the rest of the board stays live).
 */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, onUnreadable: (err: unknown) => void): () => void {
  const stopStore = store.listen(
    ({ changes }) => {
      const put: BoardRecord[] = [];
      for (const r of Object.values(changes.added)) put.push(toBoardRecord(r));
      for (const [, to] of Object.values(changes.updated)) put.push(toBoardRecord(to));
      const removed = Object.keys(changes.removed);
      doc.transact(() => {
        // The first writer to an empty board records which tldraw schema its records follow.
        if (readBoardSchema(doc) === undefined) writeBoardSchema(doc, store.schema.serialize(), 'local');
        writeBoardChanges(doc, { put, removed }, 'local');
      }, 'local');
    },
    { source: 'user', scope: 'document' },
  );

  const stopDoc = observeBoard(doc, (change, origin) => {
    if (origin === 'local') {
      const gone = change.removed.filter((id) => store.has(id as TLRecord['id']));
      if (gone.length) store.mergeRemoteChanges(() => store.remove(gone as TLRecord['id'][]));
      return;
    }
    try {
      const put = migrateIntoStore(store, change.put, readBoardSchema(doc));
      store.mergeRemoteChanges(() => {
        const removed = change.removed.filter((id) => store.has(id as TLRecord['id']));
        if (removed.length) store.remove(removed as TLRecord['id'][]);
        if (put.length) store.put(put);
      });
    } catch (err) {
      // A peer on an incompatible tldraw (records we can't migrate, or records that don't match
      // the schema the doc names, e.g. an older tab still writing after the board was migrated):
      // the store rolls the change back; keep what we have rather than crash the canvas.
      onUnreadable(err);
    }
  });

  return () => {
    stopStore();
    stopDoc();
  };
}
