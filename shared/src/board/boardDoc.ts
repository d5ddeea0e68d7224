/**
 * The moodboard: tldraw's document records (pages, shapes, bindings, assets) stored in the room
 * doc, one entry per record id, value = the record as JSON.
 *
 * A record is replaced whole on change (last writer wins per record), which is what tldraw's own
 * sync does; tldraw merges within its store, and records are small. Session-scoped records
 * (camera, instance state, pointer) never enter the doc: they are per person, and presence
 * travels through awareness instead.
 *
 * `boardSchema` holds the serialized tldraw schema of the newest writer so a client running an
 * older or newer tldraw can migrate records on load rather than misread them.
 */
import type * as Y from 'yjs';
import { META, ROOT, metaMap } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';

/** A tldraw record as JSON. The doc only needs `id` and `typeName`; tldraw validates the rest. */
export interface BoardRecord {
  readonly id: string;
  readonly typeName: string;
  readonly [key: string]: unknown;
}

export interface BoardChange {
  readonly put: BoardRecord[];
  readonly removed: string[];
}

function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.board);
}

export function isBoardRecord(v: unknown): v is BoardRecord {
  return (
    typeof v === 'object' && v !== null && typeof (v as BoardRecord).id === 'string' && typeof (v as BoardRecord).typeName === 'string'
  );
}

export function readBoardRecords(doc: Y.Doc): BoardRecord[] {
  const out: BoardRecord[] = [];
  for (const v of boardMap(doc).values()) if (isBoardRecord(v)) out.push(v);
  return out;
}

export function boardRecordCount(doc: Y.Doc): number {
  return boardMap(doc).size;
}

/** Applies a batch of local record changes in one transaction. */
export function writeBoardChanges(doc: Y.Doc, change: BoardChange, origin: TransactionOrigin): void {
  if (change.put.length === 0 && change.removed.length === 0) return;
  const map = boardMap(doc);
  doc.transact(() => {
    for (const r of change.put) map.set(r.id, r);
    for (const id of change.removed) map.delete(id);
  }, origin);
}

/**
 * Reports each transaction's record changes with its origin, so the caller can skip its own
 * writes. Values that are not records (a malformed peer) are reported as removals.
 */
export function observeBoard(doc: Y.Doc, fn: (change: BoardChange, origin: unknown) => void): () => void {
  const map = boardMap(doc);
  const handler = (event: Y.YMapEvent<unknown>, tr: Y.Transaction): void => {
    const put: BoardRecord[] = [];
    const removed: string[] = [];
    event.changes.keys.forEach((change, key) => {
      const v = map.get(key);
      if (change.action === 'delete' || !isBoardRecord(v)) removed.push(key);
      else put.push(v);
    });
    fn({ put, removed }, tr.origin);
  };
  map.observe(handler);
  return () => map.unobserve(handler);
}

export function readBoardSchema(doc: Y.Doc): unknown {
  return metaMap(doc).get(META.boardSchema);
}

export function writeBoardSchema(doc: Y.Doc, schema: unknown, origin: TransactionOrigin): void {
  doc.transact(() => metaMap(doc).set(META.boardSchema, schema), origin);
}
