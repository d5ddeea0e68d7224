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
 * - Every tempo point and meter change is a map of fields that satisfies its rule after the change.
 *
 * Deleted content (a value overwritten before it was sent) holds nothing to check.
 */
import * as Y from 'yjs';
import { META, ROOT, isKnownRoot } from './roots.ts';
import { readBoardSchema } from '../board/boardDoc.ts';
import { checkBoardRecord } from '../board/boardSchema.ts';
import { readBoardCommentEntry } from '../boardComments/boardCommentRecords.ts';
import { meterProblem, tempoPointProblem } from '../tempo/tempoMap.ts';

/** One item a change writes: where it lands and what it holds. */
export interface EntryWrite {
  readonly root: string;
  /** The root map key it writes (or whose nested content it changes); null for a root list item. */
  readonly key: string | null;
  /** Inside a nested type under `key`'s entry, rather than the entry's value itself. */
  readonly nested: boolean;
  /** The field written, when the item sits directly in the map that is `key`'s entry. */
  readonly field?: string | null;
  readonly content: { readonly kind: 'deleted' } | { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'other' };
}

export type WriteVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly rule: 'unknownRoot' | 'invalidBoardRecord' | 'invalidBoardComment' | 'invalidTempoMap';
      readonly reason: string;
    };

const OK: WriteVerdict = { ok: true };

/** Checks a change's writes against `doc`, the room before the change. */
export function checkWrites(doc: Y.Doc, writes: readonly EntryWrite[]): WriteVerdict {
  let boardWrites = false;
  let tempoWrites = false;
  for (const w of writes) {
    if (!isKnownRoot(w.root))
      return { ok: false, rule: 'unknownRoot', reason: `writes to "${w.root.slice(0, 64)}", which is not part of a room` };
    if (w.root === ROOT.board) boardWrites = true;
    if (w.root === ROOT.boardComments) {
      const verdict = checkCommentWrite(w);
      if (!verdict.ok) return verdict;
    }
    if (w.root === ROOT.tempoPoints || w.root === ROOT.tempoMeters) tempoWrites = true;
  }
  if (tempoWrites) {
    const verdict = checkTempoWrites(doc, writes);
    if (!verdict.ok) return verdict;
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

/**
 * Tempo points and meter changes (server SPEC B6): each entry is a map of fields that, after the
 * change, satisfies `tempoPointProblem` / `meterProblem` — the rule readers apply — so a peer can't
 * leave an entry every reader would skip, or a half-written one. Fields only, no nested types.
 */
function checkTempoWrites(doc: Y.Doc, writes: readonly EntryWrite[]): WriteVerdict {
  const after = new Map<string, { root: string; key: string; fields: Record<string, unknown> | undefined }>();
  const entry = (root: string, key: string) => {
    const id = `${root}\u0000${key}`;
    let e = after.get(id);
    if (!e) {
      const existing = doc.getMap<unknown>(root).get(key);
      e = { root, key, fields: existing instanceof Y.Map ? { ...(existing.toJSON() as Record<string, unknown>) } : undefined };
      after.set(id, e);
    }
    return e;
  };
  const refuse = (reason: string): WriteVerdict => ({ ok: false, rule: 'invalidTempoMap', reason });
  const tempo = writes.filter((w) => w.root === ROOT.tempoPoints || w.root === ROOT.tempoMeters);
  // Entries first (a new entry's fields come with it), then fields. Content that is already
  // deleted (written and overwritten before it was sent) holds nothing to check.
  for (const w of tempo) {
    if (w.key === null) return refuse('tempo map entries are keyed maps of fields');
    if (w.nested || w.content.kind === 'deleted') continue;
    if (w.content.kind === 'json') return refuse(`tempo map entry ${w.key.slice(0, 64)} must be a map of fields`);
    entry(w.root, w.key).fields = {};
  }
  for (const w of tempo) {
    if (!w.nested || w.key === null || w.content.kind === 'deleted') continue;
    if (w.field === null || w.field === undefined) return refuse(`tempo map entry ${w.key.slice(0, 64)} must hold fields only`);
    if (w.content.kind === 'other') return refuse(`tempo map field ${w.field.slice(0, 64)} must be a plain value`);
    const e = entry(w.root, w.key);
    if (e.fields !== undefined) e.fields[w.field] = w.content.value; // else: an entry that is gone; Yjs drops it
  }
  for (const e of after.values()) {
    if (e.fields === undefined) continue;
    const problem = e.root === ROOT.tempoPoints ? tempoPointProblem(e.fields) : meterProblem(e.fields);
    if (problem !== undefined)
      return refuse(`${e.root === ROOT.tempoPoints ? 'tempo point' : 'meter change'} ${e.key.slice(0, 64)}: ${problem}`);
  }
  return OK;
}
