/**
 * The one place the room document's root keys are named.
 *
 * A room is one Y.Doc. Each area of the product owns one root type, read and written only through
 * that area's accessor module (`board/`, `tempo/`, `references/`, `backlog/`, `session/`), so no
 * other code spells a raw key. Root types are created lazily by Yjs, so reading a root never writes.
 */
import type * as Y from 'yjs';

export const ROOT = {
  /** Schema version and room-wide metadata (`session/`). */
  meta: 'meta',
  /** tldraw records keyed by record id (`board/`). */
  board: 'board',
  /** The song's form: sections (name, bars, key) keyed by section id (`tempo/`). */
  tempo: 'tempo',
  /** The tempo track: tempo points keyed by point id (`tempo/`, schema v3). */
  tempoPoints: 'tempoPoints',
  /** Meter changes keyed by id (`tempo/`, schema v3). */
  tempoMeters: 'tempoMeters',
  /** References (audio, image, link) keyed by reference id (`references/`). */
  references: 'references',
  /** Comments on references: reference id → comment id → comment fields (`references/`). */
  referenceComments: 'referenceComments',
  /**
   * Comment threads pinned to board shapes: `thread:<id>` and `reply:<id>` → one whole JSON value
   * each (`boardComments/`).
   */
  boardComments: 'boardComments',
  /** Backlog ideas keyed by idea id (`backlog/`). */
  backlog: 'backlog',
  /** The room's shared transport: playing or stopped, where from, when, and the loop (`transport/`). */
  transport: 'transport',
  /**
   * Facilitation: agenda, countdown, lock, the vote's public side, spotlight (`facilitation/`).
   * Facilitator-only; two keys are the server's alone.
   */
  facilitation: 'facilitation',
  /** The room's last restore of a version: who, which, when (`versions/`). Server-only. */
  versions: 'versions',
} as const;

const ROOT_NAMES: ReadonlySet<string> = new Set(Object.values(ROOT));

/**
 * Whether `name` is one of the document's roots. The server refuses writes to any other root
 * (server SPEC B2): nothing reads them, so they would only cost every visitor a download.
 */
export function isKnownRoot(name: string): boolean {
  return ROOT_NAMES.has(name);
}

/** Keys inside the `meta` map. */
export const META = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  createdAt: 'createdAt',
  boardSchema: 'boardSchema',
} as const;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.meta);
}
