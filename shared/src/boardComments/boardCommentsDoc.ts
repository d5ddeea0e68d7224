/**
 * Comment threads pinned to things on the board: typed access to the `boardComments` root.
 *
 * The same threads as reference comments (an opening comment, replies one level deep, resolve and
 * reopen, author and time), pinned to a board shape instead of a time in a song. A thread keeps
 * the shape's id, not a copy of where it was, so it follows the shape wherever it moves; when the
 * shape is deleted the thread stays (the people who wrote it may still need it) and the board
 * says so. Storage and its checks: `boardCommentRecords.ts`.
 *
 * Ownership ("delete your own") is a UI rule, as with reference comments: the server knows roles,
 * not people, so a hostile editor could still remove another person's comment.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { MAX_COMMENT_TEXT } from '../references/commentsDoc.ts';
import {
  MAX_PERSON_NAME,
  entryKey,
  entryValue,
  readBoardCommentEntry,
  replyKey,
  threadKey,
  type BoardComment,
  type EntryRead,
  type PinPoint,
  type ReplyEntry,
  type ThreadEntry,
} from './boardCommentRecords.ts';

/** A thread as the UI shows it: where it is pinned, its opening comment and its replies, oldest first. */
export interface BoardThread {
  readonly id: string;
  readonly shapeId: string;
  readonly shapeType?: string;
  readonly point?: PinPoint;
  readonly root: BoardComment;
  readonly replies: readonly BoardComment[];
  readonly resolved: boolean;
  readonly resolvedBy?: string;
  readonly resolvedAt?: number;
}

export interface NewThread {
  readonly id: string;
  readonly shapeId: string;
  readonly shapeType?: string;
  readonly point?: PinPoint;
  readonly author: string;
  readonly personName: string;
  readonly createdAt: number;
  readonly text: string;
}

export interface NewReply {
  readonly id: string;
  readonly threadId: string;
  readonly author: string;
  readonly personName: string;
  readonly createdAt: number;
  readonly text: string;
}

export interface BoardComments {
  /** Every thread, oldest first; replies whose thread is gone are left out. */
  threads(): BoardThread[];
  thread(id: string): BoardThread | undefined;
  /** Starts a thread; false (and nothing written) when the text is blank. */
  startThread(t: NewThread, origin: TransactionOrigin): boolean;
  /** Replies to a thread; false (and nothing written) when the text is blank or the thread is gone. */
  reply(r: NewReply, origin: TransactionOrigin): boolean;
  setResolved(threadId: string, resolved: boolean, by: string, at: number, origin: TransactionOrigin): void;
  /** Removes a thread and its replies. */
  removeThread(threadId: string, origin: TransactionOrigin): void;
  removeReply(replyId: string, origin: TransactionOrigin): void;
  /** Calls `fn` after each transaction that changed any thread; returns the unsubscribe. */
  observe(fn: () => void): () => void;
}

const clampUnit = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

/** Text as stored: trimmed and cut to the limit (the server refuses longer). */
function cleanText(text: string): string {
  return text.trim().slice(0, MAX_COMMENT_TEXT);
}

function byTime(a: BoardComment, b: BoardComment): number {
  return a.createdAt - b.createdAt || a.id.localeCompare(b.id);
}

function root(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.boardComments);
}

/**
 * Entries already read, by the stored value. Yjs hands back the same object for an entry until it
 * is overwritten, so a re-read after one new reply parses one entry, not the whole board's.
 */
const readCache = new WeakMap<object, { readonly key: string; readonly read: EntryRead }>();

function readEntry(key: string, value: unknown): EntryRead {
  if (typeof value !== 'object' || value === null) return readBoardCommentEntry(key, value);
  const hit = readCache.get(value);
  if (hit?.key === key) return hit.read;
  const read = readBoardCommentEntry(key, value);
  readCache.set(value, { key, read });
  return read;
}

function readAll(doc: Y.Doc): { threads: ThreadEntry[]; replies: ReplyEntry[] } {
  const threads: ThreadEntry[] = [];
  const replies: ReplyEntry[] = [];
  root(doc).forEach((value, key) => {
    const r = readEntry(key, value);
    if (!r.ok) return;
    if (r.entry.kind === 'thread') threads.push(r.entry);
    else replies.push(r.entry);
  });
  return { threads, replies };
}

/** Replies by the thread they answer, so building every thread is one pass, not threads × replies. */
function byThread(replies: readonly ReplyEntry[]): Map<string, ReplyEntry[]> {
  const out = new Map<string, ReplyEntry[]>();
  for (const r of replies) {
    const list = out.get(r.threadId);
    if (list) list.push(r);
    else out.set(r.threadId, [r]);
  }
  return out;
}

const comment = (c: BoardComment): BoardComment => ({
  id: c.id,
  author: c.author,
  personName: c.personName,
  createdAt: c.createdAt,
  text: c.text,
});

function toThread(t: ThreadEntry, replies: readonly ReplyEntry[]): BoardThread {
  return {
    id: t.id,
    shapeId: t.shapeId,
    ...(t.shapeType !== undefined ? { shapeType: t.shapeType } : {}),
    ...(t.point !== undefined ? { point: t.point } : {}),
    root: comment(t),
    replies: replies.map(comment).sort(byTime),
    resolved: t.resolved,
    ...(t.resolvedBy !== undefined ? { resolvedBy: t.resolvedBy } : {}),
    ...(t.resolvedAt !== undefined ? { resolvedAt: t.resolvedAt } : {}),
  };
}

export function boardComments(doc: Y.Doc): BoardComments {
  const map = root(doc);
  const threadEntry = (id: string): ThreadEntry | undefined => {
    const r = readEntry(threadKey(id), map.get(threadKey(id)));
    return r.ok && r.entry.kind === 'thread' ? r.entry : undefined;
  };
  return {
    threads: () => {
      const { threads, replies } = readAll(doc);
      const grouped = byThread(replies);
      return threads.sort(byTime).map((t) => toThread(t, grouped.get(t.id) ?? []));
    },
    thread: (id) => {
      const t = threadEntry(id);
      return (
        t &&
        toThread(
          t,
          readAll(doc).replies.filter((r) => r.threadId === id),
        )
      );
    },
    startThread: (t, origin) => {
      const text = cleanText(t.text);
      if (!text) return false;
      const entry: ThreadEntry = {
        kind: 'thread',
        id: t.id,
        shapeId: t.shapeId,
        ...(t.shapeType !== undefined ? { shapeType: t.shapeType } : {}),
        ...(t.point !== undefined ? { point: { x: clampUnit(t.point.x), y: clampUnit(t.point.y) } } : {}),
        author: t.author,
        personName: t.personName.slice(0, MAX_PERSON_NAME),
        createdAt: t.createdAt,
        text,
        resolved: false,
      };
      doc.transact(() => map.set(entryKey(entry), entryValue(entry)), origin);
      return true;
    },
    reply: (r, origin) => {
      const text = cleanText(r.text);
      if (!text || !threadEntry(r.threadId)) return false;
      const entry: ReplyEntry = {
        kind: 'reply',
        id: r.id,
        threadId: r.threadId,
        author: r.author,
        personName: r.personName.slice(0, MAX_PERSON_NAME),
        createdAt: r.createdAt,
        text,
      };
      doc.transact(() => map.set(entryKey(entry), entryValue(entry)), origin);
      return true;
    },
    setResolved: (threadId, resolved, by, at, origin) => {
      const t = threadEntry(threadId);
      if (!t || t.resolved === resolved) return;
      // Reopening forgets who resolved it: the thread reads as open, nothing more.
      const { resolvedBy: _by, resolvedAt: _at, ...rest } = t;
      const next: ThreadEntry = resolved
        ? { ...rest, resolved, resolvedBy: by.slice(0, MAX_PERSON_NAME), resolvedAt: at }
        : { ...rest, resolved };
      doc.transact(() => map.set(entryKey(next), entryValue(next)), origin);
    },
    removeThread: (threadId, origin) => {
      doc.transact(() => {
        for (const r of readAll(doc).replies) if (r.threadId === threadId) map.delete(replyKey(r.id));
        map.delete(threadKey(threadId));
      }, origin);
    },
    removeReply: (replyId, origin) => {
      doc.transact(() => map.delete(replyKey(replyId)), origin);
    },
    observe: (fn) => {
      const handler = (): void => fn();
      map.observe(handler);
      return () => map.unobserve(handler);
    },
  };
}
