/**
 * What an editor's change may put in a room, stated over the entries it writes so that the server
 * can apply it to an update before accepting it (server SPEC B1, B2):
 *
 * - Every write lands in one of the document's roots ({@link isKnownRoot}); nothing reads any
 *   other root, so content there would only cost every later visitor a download.
 * - Every value written to a board entry is a tldraw record that validates against the board
 *   schema, migrated from the room's schema stamp (or the stamp the same change writes). Board
 *   entries are whole records: no nested types, no list items.
 * - Every value written to a `boardComments` entry is a comment thread or reply that reads back
 *   whole (`readBoardCommentEntry`, server SPEC B5): whole JSON values, no nested types.
 *
 * Deleted content (a value overwritten before it was sent) holds nothing to check.
 */
import type * as Y from 'yjs';
import { META, ROOT, isKnownRoot } from './roots.ts';
import { readBoardSchema } from '../board/boardDoc.ts';
import { checkBoardRecord } from '../board/boardSchema.ts';
import { readBoardCommentEntry } from '../boardComments/boardCommentRecords.ts';

/** One item a change writes: where it lands and what it holds. */
export interface EntryWrite {
  readonly root: string;
  /** The root map key it writes (or whose nested content it changes); null for a root list item. */
  readonly key: string | null;
  /** Inside a nested type under `key`'s entry, rather than the entry's value itself. */
  readonly nested: boolean;
  readonly content: { readonly kind: 'deleted' } | { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'other' };
}

export type WriteVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly rule: 'unknownRoot' | 'invalidBoardRecord' | 'invalidBoardComment'; readonly reason: string };

const OK: WriteVerdict = { ok: true };

/** Checks a change's writes against `doc`, the room before the change. */
export function checkWrites(doc: Y.Doc, writes: readonly EntryWrite[]): WriteVerdict {
  let boardWrites = false;
  for (const w of writes) {
    if (!isKnownRoot(w.root))
      return { ok: false, rule: 'unknownRoot', reason: `writes to "${w.root.slice(0, 64)}", which is not part of a room` };
    if (w.root === ROOT.board) boardWrites = true;
    if (w.root === ROOT.boardComments) {
      const verdict = checkCommentWrite(w);
      if (!verdict.ok) return verdict;
    }
  }
  if (!boardWrites) return OK;
  let stamp = readBoardSchema(doc);
  for (const w of writes) {
    if (w.root === ROOT.meta && w.key === META.boardSchema && !w.nested && w.content.kind === 'json') stamp = w.content.value;
  }
  for (const w of writes) {
    if (w.root !== ROOT.board || w.content.kind === 'deleted') continue;
    if (w.key === null || w.nested) return { ok: false, rule: 'invalidBoardRecord', reason: 'board entries must be whole records' };
    if (w.content.kind !== 'json') return { ok: false, rule: 'invalidBoardRecord', reason: `board entry ${w.key} is not a tldraw record` };
    const verdict = checkBoardRecord(w.key, w.content.value, stamp);
    if (!verdict.ok) return { ok: false, rule: 'invalidBoardRecord', reason: verdict.reason };
  }
  return OK;
}

function checkCommentWrite(w: EntryWrite): WriteVerdict {
  if (w.content.kind === 'deleted') return OK;
  if (w.key === null || w.nested) return { ok: false, rule: 'invalidBoardComment', reason: 'comments must be written whole, not in parts' };
  if (w.content.kind !== 'json')
    return { ok: false, rule: 'invalidBoardComment', reason: `comment ${w.key.slice(0, 64)} must be written whole, as one value` };
  const read = readBoardCommentEntry(w.key, w.content.value);
  return read.ok ? OK : { ok: false, rule: 'invalidBoardComment', reason: read.reason };
}
