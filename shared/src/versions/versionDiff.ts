/**
 * "What differs" between a version and the live room, as counts per area (RV9), for the preview.
 *
 * Counted from the version's point of view towards now: `added` exists live but not in the
 * version (a restore would remove it), `removed` was in the version and is gone live (a restore
 * brings it back), `changed` exists in both with different content. Board counts are shapes
 * (images, notes, arrows…); pages, bindings and asset records follow their shapes. Board comments
 * count each comment: a thread's opening comment and each reply.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { sameJson } from './restoreContent.ts';

export const DIFF_AREAS = ['board', 'tempo', 'references', 'comments', 'boardComments', 'backlog'] as const;
export type DiffArea = (typeof DIFF_AREAS)[number];

export interface AreaDiff {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export type VersionDiff = Readonly<Record<DiffArea, AreaDiff>>;

/** What each area counts, in words, for the preview. */
export const DIFF_AREA_LABEL: Readonly<Record<DiffArea, string>> = {
  board: 'Board shapes',
  tempo: 'Tempo map',
  references: 'References',
  comments: 'Reference comments',
  boardComments: 'Board comments',
  backlog: 'Backlog ideas',
};

type Entries = Map<string, unknown>;

function entriesOf(doc: Y.Doc, root: string): Entries {
  return new Map(Object.entries(doc.getMap<unknown>(root).toJSON() as Record<string, unknown>));
}

function isShape(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { typeName?: unknown }).typeName === 'shape';
}

/** Comments are nested per reference; flattened to one entry per comment. */
function commentEntries(doc: Y.Doc): Entries {
  const out: Entries = new Map();
  for (const [refId, comments] of entriesOf(doc, ROOT.referenceComments)) {
    if (typeof comments !== 'object' || comments === null) continue;
    for (const [id, c] of Object.entries(comments)) out.set(`${refId}/${id}`, c);
  }
  return out;
}

/** The tempo map's sections, tempo points and meter changes as one area, keyed by root and id. */
function tempoEntries(doc: Y.Doc): Entries {
  const out: Entries = new Map();
  for (const root of [ROOT.tempo, ROOT.tempoPoints, ROOT.tempoMeters])
    for (const [id, v] of entriesOf(doc, root)) out.set(`${root}/${id}`, v);
  return out;
}

function compare(then: Entries, now: Entries): AreaDiff {
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const [k, v] of now) {
    if (!then.has(k)) added++;
    else if (!sameJson(then.get(k), v)) changed++;
  }
  for (const k of then.keys()) if (!now.has(k)) removed++;
  return { added, removed, changed };
}

function shapes(e: Entries): Entries {
  return new Map([...e].filter(([, v]) => isShape(v)));
}

/** Counts per area of what differs between `version` and `live`. */
export function versionDiff(version: Y.Doc, live: Y.Doc): VersionDiff {
  return {
    board: compare(shapes(entriesOf(version, ROOT.board)), shapes(entriesOf(live, ROOT.board))),
    tempo: compare(tempoEntries(version), tempoEntries(live)),
    references: compare(entriesOf(version, ROOT.references), entriesOf(live, ROOT.references)),
    comments: compare(commentEntries(version), commentEntries(live)),
    boardComments: compare(entriesOf(version, ROOT.boardComments), entriesOf(live, ROOT.boardComments)),
    backlog: compare(entriesOf(version, ROOT.backlog), entriesOf(live, ROOT.backlog)),
  };
}

/** Whether nothing differs in any area. */
export function isSameContent(diff: VersionDiff): boolean {
  return DIFF_AREAS.every((a) => diff[a].added + diff[a].removed + diff[a].changed === 0);
}
