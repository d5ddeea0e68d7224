/**
 * Comments on references, pinned to a time or a region of the audio, with threaded replies.
 *
 * Layout: root `referenceComments` is a Y.Map keyed by reference id; each value is a Y.Map keyed
 * by comment id; each comment is its own Y.Map of fields. Why nested maps: two people commenting
 * at once on the same song must both be kept (distinct random keys), and one person resolving a
 * thread while another edits its text must both win (distinct fields). A reply is an ordinary
 * comment with `parentId`; threads are one level deep (a reply to a reply attaches to the root).
 *
 * Where a comment points: `at` (seconds) or `region` ({start, end} seconds, written whole so a
 * concurrent re-drag can't mix the ends of two regions). Replies inherit their root's anchor.
 *
 * Reads are normalised (a peer may write anything): unreadable comments are left out, times are
 * clamped to ≥ 0, a region with end ≤ start reads as a point, text is cut at MAX_COMMENT_TEXT.
 * Ownership ("edit and delete your own") is a UI rule checked with `canModify`; the server only
 * knows roles, so a hostile editor could still change another's comment — as with any doc field.
 */
import * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { field, type Fields } from '../doc/entityMap.ts';
import type { TransactionOrigin } from '../doc/origins.ts';

export const MAX_COMMENT_TEXT = 4000;

export type CommentAnchor =
  { readonly kind: 'at'; readonly at: number } | { readonly kind: 'region'; readonly start: number; readonly end: number };

export interface ReferenceComment {
  readonly id: string;
  readonly referenceId: string;
  /** Stable person id of the author (see the client's identity). */
  readonly author: string;
  /** The author's display name when they wrote it. */
  readonly personName: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly editedAt?: number;
  readonly text: string;
  readonly anchor: CommentAnchor;
  /** The thread's root comment, for replies. */
  readonly parentId?: string;
  readonly resolved: boolean;
}

/** A root comment with its replies, oldest first. */
export interface CommentThread {
  readonly root: ReferenceComment;
  readonly replies: readonly ReferenceComment[];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const time = (x: number): number => Math.max(0, x);

export function readAnchor(f: Fields): CommentAnchor {
  const region = f.region;
  if (
    isRecord(region) &&
    typeof region.start === 'number' &&
    typeof region.end === 'number' &&
    Number.isFinite(region.start) &&
    Number.isFinite(region.end)
  ) {
    const start = time(Math.min(region.start, region.end));
    const end = time(Math.max(region.start, region.end));
    return end > start ? { kind: 'region', start, end } : { kind: 'at', at: start };
  }
  return { kind: 'at', at: time(field.number(f, 'at', 0)) };
}

export function readComment(referenceId: string, id: string, f: Fields): ReferenceComment | undefined {
  const text = field.optString(f, 'text');
  const author = field.optString(f, 'author');
  if (text === undefined || author === undefined) return undefined;
  const parentId = field.optString(f, 'parentId');
  const editedAt = field.optNumber(f, 'editedAt');
  return {
    id,
    referenceId,
    author,
    personName: field.string(f, 'personName', 'someone').slice(0, 80) || 'someone',
    createdAt: field.number(f, 'createdAt', 0),
    text: text.slice(0, MAX_COMMENT_TEXT),
    anchor: readAnchor(f),
    resolved: f.resolved === true,
    ...(parentId !== undefined && parentId !== id ? { parentId } : {}),
    ...(editedAt !== undefined ? { editedAt } : {}),
  };
}

function root(doc: Y.Doc): Y.Map<Y.Map<Y.Map<unknown>>> {
  return doc.getMap<Y.Map<Y.Map<unknown>>>(ROOT.referenceComments);
}

function anchorFields(anchor: CommentAnchor): Fields {
  return anchor.kind === 'at'
    ? { at: time(anchor.at), region: undefined }
    : { region: { start: time(anchor.start), end: time(anchor.end) }, at: undefined };
}

function setFields(m: Y.Map<unknown>, patch: Fields): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) m.delete(k);
    else m.set(k, v);
  }
}

export interface NewComment {
  readonly id: string;
  readonly author: string;
  readonly personName: string;
  readonly createdAt: number;
  readonly text: string;
  readonly anchor: CommentAnchor;
  readonly parentId?: string;
}

/** Typed access to one reference's comments. */
export interface ReferenceComments {
  list(): ReferenceComment[];
  get(id: string): ReferenceComment | undefined;
  /** Root comments by time, each with its replies (orphaned replies are shown as roots). */
  threads(): CommentThread[];
  add(c: NewComment, origin: TransactionOrigin): void;
  editText(id: string, text: string, editedAt: number, origin: TransactionOrigin): void;
  setResolved(id: string, resolved: boolean, origin: TransactionOrigin): void;
  /** Removes a comment; removing a thread's root removes its replies too. */
  remove(id: string, origin: TransactionOrigin): void;
  observe(fn: () => void): () => void;
}

export function canModify(comment: ReferenceComment, personId: string): boolean {
  return comment.author === personId;
}

export function anchorStart(a: CommentAnchor): number {
  return a.kind === 'at' ? a.at : a.start;
}

export function referenceComments(doc: Y.Doc, referenceId: string): ReferenceComments {
  const top = root(doc);
  const mapFor = (): Y.Map<Y.Map<unknown>> | undefined => {
    const m = top.get(referenceId);
    return m instanceof Y.Map ? m : undefined;
  };
  const list = (): ReferenceComment[] => {
    const m = mapFor();
    if (!m) return [];
    const out: ReferenceComment[] = [];
    m.forEach((c, id) => {
      if (!(c instanceof Y.Map)) return;
      const r = readComment(referenceId, id, c.toJSON() as Fields);
      if (r) out.push(r);
    });
    return out;
  };
  const get = (id: string): ReferenceComment | undefined => {
    const c = mapFor()?.get(id);
    return c instanceof Y.Map ? readComment(referenceId, id, c.toJSON() as Fields) : undefined;
  };
  return {
    list,
    get,
    threads: () => {
      const all = list();
      const byId = new Map(all.map((c) => [c.id, c]));
      const roots = all.filter((c) => c.parentId === undefined || !byId.has(c.parentId) || byId.get(c.parentId)?.parentId !== undefined);
      const rootIds = new Set(roots.map((r) => r.id));
      const order = (a: ReferenceComment, b: ReferenceComment): number => a.createdAt - b.createdAt || a.id.localeCompare(b.id);
      return roots
        .sort((a, b) => anchorStart(a.anchor) - anchorStart(b.anchor) || order(a, b))
        .map((r) => ({ root: r, replies: all.filter((c) => c.parentId === r.id && !rootIds.has(c.id)).sort(order) }));
    },
    add: (c, origin) => {
      doc.transact(() => {
        let m = mapFor();
        if (!m) {
          m = new Y.Map<Y.Map<unknown>>();
          top.set(referenceId, m);
        }
        // A reply to a reply joins the thread of its root.
        const parent = c.parentId !== undefined ? get(c.parentId) : undefined;
        const parentId = parent?.parentId ?? parent?.id;
        const anchor = parent ? parent.anchor : c.anchor;
        const fields = new Y.Map<unknown>();
        m.set(c.id, fields);
        setFields(fields, {
          author: c.author,
          personName: c.personName.slice(0, 80),
          createdAt: c.createdAt,
          text: c.text.slice(0, MAX_COMMENT_TEXT),
          resolved: false,
          parentId,
          ...anchorFields(anchor),
        });
      }, origin);
    },
    editText: (id, text, editedAt, origin) => {
      doc.transact(() => {
        const c = mapFor()?.get(id);
        if (c instanceof Y.Map) setFields(c, { text: text.slice(0, MAX_COMMENT_TEXT), editedAt });
      }, origin);
    },
    setResolved: (id, resolved, origin) => {
      doc.transact(() => {
        const c = mapFor()?.get(id);
        if (c instanceof Y.Map) c.set('resolved', resolved);
      }, origin);
    },
    remove: (id, origin) => {
      doc.transact(() => {
        const m = mapFor();
        if (!m) return;
        for (const c of list()) if (c.parentId === id) m.delete(c.id);
        m.delete(id);
      }, origin);
    },
    observe: (fn) => {
      const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
        // Only this reference's subtree (or its creation) matters.
        if (
          events.some((e) => (e.path.length === 0 ? (e as Y.YMapEvent<unknown>).keysChanged.has(referenceId) : e.path[0] === referenceId))
        )
          fn();
      };
      top.observeDeep(handler);
      return () => top.unobserveDeep(handler);
    },
  };
}

/** Removes every comment on a reference (when the reference itself is removed). */
export function removeAllComments(doc: Y.Doc, referenceId: string, origin: TransactionOrigin): void {
  doc.transact(() => root(doc).delete(referenceId), origin);
}
