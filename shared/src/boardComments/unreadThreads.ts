/**
 * Which comments this browser has seen, per thread, and so which threads show an unread marker.
 *
 * Kept by the client per room in local storage: it is about what this person has read, which no
 * one else needs. Seen comments are remembered by id, not by time, because comment times come
 * from their authors' clocks and an earlier-stamped reply can arrive later. A person's own
 * comments are never unread.
 */
import type { BoardThread } from './boardCommentsDoc.ts';

/** Thread id → ids of the comments (the opening one's id is the thread id) seen in it. */
export type ReadState = Readonly<Record<string, readonly string[]>>;

/** How many comments of `thread` this person has not seen, leaving out their own. */
export function unreadCount(thread: BoardThread, read: ReadState, me: string): number {
  const seen = new Set(read[thread.id] ?? []);
  let n = 0;
  for (const c of [thread.root, ...thread.replies]) if (c.author !== me && !seen.has(c.id)) n++;
  return n;
}

/** `read` with every comment of `thread` seen. */
export function markThreadRead(read: ReadState, thread: BoardThread): ReadState {
  return { ...read, [thread.id]: [thread.root.id, ...thread.replies.map((r) => r.id)] };
}

/**
 * Parses what local storage holds (anything, if it was tampered with) and drops threads that are
 * gone, so the record never outgrows the room.
 */
export function readStateFrom(raw: unknown, threads: readonly BoardThread[] | undefined): ReadState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const live = threads && new Set(threads.map((t) => t.id));
  const out: Record<string, readonly string[]> = {};
  for (const [id, ids] of Object.entries(raw as Record<string, unknown>)) {
    if (live && !live.has(id)) continue;
    if (Array.isArray(ids)) out[id] = ids.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
