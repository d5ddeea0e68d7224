/**
 * Restoring a version: make the live room's content equal a stored snapshot's, as ONE change to
 * the live document (RV6).
 *
 * Why not replace the document: everybody holds the live doc, and a new doc would orphan every
 * open tab and every offline change. Instead the restore is an ordinary edit, computed per root
 * and per entry: values that differ are set, entries the snapshot lacks are deleted, entries it
 * has that the room lost are written back, and values that are already identical are left
 * untouched. Nested maps (a backlog idea's fields, a section's fields) are reconciled field by
 * field and texts by their changed middle, so an edit somebody makes at the same moment to a part
 * the restore does not need to change is not clobbered (RV7).
 *
 * Only the content areas are restored ({@link RESTORED_ROOTS}): the room's metadata (schema,
 * title), the shared transport and the facilitation state (agenda, timer, votes, lock) stay as
 * they are live, since rewinding a running countdown or a vote is never what "go back to the
 * version of this morning" means.
 */
import * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';

/** The roots a version restores; everything else in the room stays as it is live. */
export const RESTORED_ROOTS: readonly string[] = [
  ROOT.board,
  ROOT.tempo,
  // The tempo map's tempo track and meter changes (schema v3): the form alone does not bring the tempo back.
  ROOT.tempoPoints,
  ROOT.tempoMeters,
  ROOT.references,
  ROOT.referenceComments,
  ROOT.boardComments,
  ROOT.backlog,
];

/** The content of the restored roots as plain JSON, the thing a restore makes equal. */
export function restorableContent(doc: Y.Doc, roots: readonly string[] = RESTORED_ROOTS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of roots) out[r] = doc.getMap<unknown>(r).toJSON();
  return out;
}

/** Makes `live`'s restored roots equal `snapshot`'s in one transaction with `origin`. */
export function restoreContent(live: Y.Doc, snapshot: Y.Doc, origin: TransactionOrigin, roots: readonly string[] = RESTORED_ROOTS): void {
  live.transact(() => {
    for (const r of roots) reconcileMap(live.getMap<unknown>(r), snapshot.getMap<unknown>(r));
  }, origin);
}

function reconcileMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
  for (const [key, want] of source.entries()) {
    if (!target.has(key)) {
      target.set(key, copyValue(want));
      continue;
    }
    const have = target.get(key);
    if (want instanceof Y.Map && have instanceof Y.Map) reconcileMap(have, want);
    else if (want instanceof Y.Text && have instanceof Y.Text) reconcileText(have, want.toString());
    else if (want instanceof Y.AbstractType || have instanceof Y.AbstractType) {
      // Different kinds (or a list): written whole unless it already reads the same.
      if (!sameJson(toJson(have), toJson(want)) || kindOf(have) !== kindOf(want)) target.set(key, copyValue(want));
    } else if (!sameJson(have, want)) target.set(key, copyValue(want));
  }
}

/** Replaces only the part of `text` between the common prefix and suffix with `want`'s. */
function reconcileText(text: Y.Text, want: string): void {
  const have = text.toString();
  if (have === want) return;
  let start = 0;
  const max = Math.min(have.length, want.length);
  while (start < max && have.charCodeAt(start) === want.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && have.charCodeAt(have.length - 1 - end) === want.charCodeAt(want.length - 1 - end)) end++;
  const removed = have.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = want.slice(start, want.length - end);
  if (inserted.length > 0) text.insert(start, inserted);
}

function kindOf(v: unknown): string {
  if (v instanceof Y.Map) return 'map';
  if (v instanceof Y.Text) return 'text';
  if (v instanceof Y.Array) return 'array';
  if (v instanceof Y.AbstractType) return 'type';
  return 'json';
}

function toJson(v: unknown): unknown {
  return v instanceof Y.AbstractType ? (v.toJSON() as unknown) : v;
}

/** A fresh (not yet integrated) copy of a snapshot value for the live doc. */
function copyValue(v: unknown): unknown {
  if (v instanceof Y.Map) {
    const m = new Y.Map<unknown>();
    for (const [k, inner] of v.entries()) m.set(k, copyValue(inner));
    return m;
  }
  if (v instanceof Y.Text) return new Y.Text(v.toString());
  if (v instanceof Y.Array) {
    const a = new Y.Array<unknown>();
    a.push(v.toArray().map(copyValue));
    return a;
  }
  return v;
}

/** Structural equality of JSON-like values (what Yjs stores as plain content). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const bo = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameJson((a as Record<string, unknown>)[k], bo[k]));
}
