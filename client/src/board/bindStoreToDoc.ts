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
 * Records this tab can't show (invalid, or from a tldraw it can't migrate) are set aside, never
 * put into the store: the rest of the board stays live (see readableRecords.ts).
 *
 * Session records (camera, selection, pointer) never enter the doc. Call `loadDocIntoStore` once
 * the doc is ready (see RoomConnection), then `bindStoreToDoc` before the editor mounts, so
 * tldraw's default page for an empty room is written through the binding like any other edit.
 */
import type * as Y from 'yjs';
import type { TLRecord, TLStore } from 'tldraw';
import { observeBoard, readBoardRecords, readBoardSchema, writeBoardChanges, writeBoardSchema, type BoardRecord } from '@riffboard/shared';
import { schemaMatches, toBoardRecord } from './boardMigration.ts';
import { readableRecords, type SetAside } from './readableRecords.ts';

/** Fills a fresh store with the doc's records (migrated if needed); returns the ones set aside. */
export function loadDocIntoStore(store: TLStore, doc: Y.Doc): SetAside[] {
  const docSchema = readBoardSchema(doc);
  const { records, setAside } = readableRecords(store, readBoardRecords(doc), docSchema);
  if (records.length === 0) return setAside;
  store.mergeRemoteChanges(() => store.put(records));
  // The records were migrated up to our schema; writing them back with our schema spares the
  // next reader the work. Only when the doc is older: never downgrade a newer writer's records,
  // and only when every record could be read, since the stamp speaks for all of them.
  if (setAside.length === 0 && docSchema !== undefined && !schemaMatches(store, docSchema) && isOlder(store, docSchema)) {
    doc.transact(() => {
      writeBoardChanges(doc, { put: records.map(toBoardRecord), removed: [] }, 'migration');
      writeBoardSchema(doc, store.schema.serialize(), 'migration');
    }, 'migration');
  }
  return setAside;
}

function isOlder(store: TLStore, docSchema: unknown): boolean {
  // getMigrationsSince succeeds with a non-empty list exactly when the doc is behind us.
  // Its parameter type is SerializedSchema; the doc value was checked by schemaMatches' caller.
  const res = store.schema.getMigrationsSince(docSchema as Parameters<TLStore['schema']['getMigrationsSince']>[0]);
  return res.ok && res.value.length > 0;
}

/**
 * Starts the two-way sync; returns a function that stops it. `onUnreadable` is told when a peer
 * wrote under a tldraw schema this one can't migrate from (the change is skipped, the rest of
 * the board stays live). `setAside` holds the ids of doc records this tab can't show (seeded by
 * {@link loadDocIntoStore}); it is kept up to date, and `onSetAside` is told its size whenever
 * that changes.
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  onUnreadable: (err: unknown) => void,
  setAside: Set<string> = new Set(),
  onSetAside: (count: number) => void = () => undefined,
): () => void {
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
    const before = setAside.size;
    if (origin === 'local') {
      const gone = change.removed.filter((id) => store.has(id as TLRecord['id']));
      if (gone.length) store.mergeRemoteChanges(() => store.remove(gone as TLRecord['id'][]));
    } else {
      let readable: ReturnType<typeof readableRecords>;
      try {
        readable = readableRecords(store, change.put, readBoardSchema(doc));
      } catch (err) {
        // A peer on a tldraw this one can't migrate from: keep what we have rather than crash.
        onUnreadable(err);
        return;
      }
      const { records: put, setAside: refused } = readable;
      // A refused record leaves the store's current version of it (if any) in place.
      for (const r of put) setAside.delete(r.id);
      for (const r of refused) setAside.add(r.id);
      try {
        store.mergeRemoteChanges(() => {
          const removed = change.removed.filter((id) => store.has(id as TLRecord['id']));
          if (removed.length) store.remove(removed as TLRecord['id'][]);
          if (put.length) store.put(put);
        });
      } catch {
        // Every record was checked one by one, so this is a rule across records that tldraw
        // enforces on put: the store rolled the change back; keep what we have, say so.
        for (const r of put) setAside.add(r.id);
      }
    }
    for (const id of change.removed) setAside.delete(id);
    if (setAside.size !== before) onSetAside(setAside.size);
  });

  return () => {
    stopStore();
    stopDoc();
  };
}
