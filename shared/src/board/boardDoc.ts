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

/**
 * The board shape type of a reference card (the client's `ReferenceCardShape.tsx` registers it).
 * Named here so doc operations, such as deleting a reference, can find the cards that show one.
 */
export const REFERENCE_CARD_SHAPE = 'reference-card';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Ids of the reference cards on the board that show `referenceId`. */
export function referenceCardIds(doc: Y.Doc, referenceId: string): string[] {
  return readBoardRecords(doc)
    .filter((r) => r.typeName === 'shape' && r.type === REFERENCE_CARD_SHAPE && isObject(r.props) && r.props.referenceId === referenceId)
    .map((r) => r.id);
}

/**
 * Removes shapes together with the bindings attached to them (an arrow's end on a card), as
 * tldraw does when someone deletes a shape in the editor: a binding left behind would point at
 * nothing for whoever loads the board next.
 */
export function removeBoardShapes(doc: Y.Doc, shapeIds: readonly string[], origin: TransactionOrigin): void {
  if (shapeIds.length === 0) return;
  const ids = new Set(shapeIds);
  const attached = readBoardRecords(doc)
    .filter(
      (r) =>
        r.typeName === 'binding' &&
        ((typeof r.fromId === 'string' && ids.has(r.fromId)) || (typeof r.toId === 'string' && ids.has(r.toId))),
    )
    .map((r) => r.id);
  writeBoardChanges(doc, { put: [], removed: [...attached, ...shapeIds] }, origin);
}

export function readBoardSchema(doc: Y.Doc): unknown {
  return metaMap(doc).get(META.boardSchema);
}

export function writeBoardSchema(doc: Y.Doc, schema: unknown, origin: TransactionOrigin): void {
  doc.transact(() => metaMap(doc).set(META.boardSchema, schema), origin);
}
