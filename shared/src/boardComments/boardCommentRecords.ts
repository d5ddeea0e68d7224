/**
 * The two kinds of entry in the `boardComments` root, and the one function that reads (and so
 * checks) each: the server refuses any write that `readBoardCommentEntry` would not read (server
 * SPEC B5), and readers use the same function, so what one tab can write every tab can show.
 *
 * - `thread:<id>` — a thread's opening comment and where it is pinned: a board shape id and,
 *   optionally, a point on the shape normalised to 0..1 of its width and height (so the pin
 *   follows the shape when it moves, is resized or rotated), plus whether it is resolved.
 * - `reply:<id>` — one reply: the thread it answers, author, time and text.
 *
 * Why whole JSON values (like board records) rather than a Y.Map of fields per comment, as
 * reference comments are: each write is then one value the server can check on its own, with no
 * nested types to follow. The price is that two people changing the same entry at once keep one
 * of the two; entries only change when a thread is resolved or reopened, and either outcome is a
 * state the person who lost can see and change back. Replies are separate entries, so concurrent
 * replies are all kept.
 *
 * Strict: unknown fields, wrong types, over-long text and malformed ids are refused, so a
 * hostile tab cannot park data in a room under cover of a comment. The room's schema version
 * (server SPEC S14) keeps tabs of another release from writing here at all.
 */
import { MAX_COMMENT_TEXT } from '../references/commentsDoc.ts';

/** Longest display name kept with a comment (the same cap as reference comments). */
export const MAX_PERSON_NAME = 80;
/** Longest stable person id. */
export const MAX_AUTHOR_ID = 128;
/** Comment ids: what `crypto.randomUUID()` makes, or any similar short token. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** tldraw shape ids: `shape:` and a token without spaces. */
const SHAPE_ID = /^shape:[^\s]{1,128}$/;
const SHAPE_TYPE = /^[A-Za-z0-9_-]{1,32}$/;

export const THREAD_PREFIX = 'thread:';
export const REPLY_PREFIX = 'reply:';

/** Where on a shape a thread is pinned, as a fraction of the shape's width and height. */
export interface PinPoint {
  readonly x: number;
  readonly y: number;
}

/** One comment: a thread's opening comment or a reply. */
export interface BoardComment {
  readonly id: string;
  /** Stable person id of the author (the client's identity; see the client's `commentAuthor`). */
  readonly author: string;
  /** The author's display name when they wrote it. */
  readonly personName: string;
  /** Epoch ms, the author's clock. */
  readonly createdAt: number;
  readonly text: string;
}

export interface ThreadEntry extends BoardComment {
  readonly kind: 'thread';
  readonly shapeId: string;
  /** The shape's type when the thread was started ("image", "geo" …), to name it once it is gone. */
  readonly shapeType?: string;
  readonly point?: PinPoint;
  readonly resolved: boolean;
  /** Display name of whoever last resolved it, and when. */
  readonly resolvedBy?: string;
  readonly resolvedAt?: number;
}

export interface ReplyEntry extends BoardComment {
  readonly kind: 'reply';
  readonly threadId: string;
}

export type BoardCommentEntry = ThreadEntry | ReplyEntry;

export type EntryRead = { readonly ok: true; readonly entry: BoardCommentEntry } | { readonly ok: false; readonly reason: string };

const THREAD_FIELDS = new Set([
  'shapeId',
  'shapeType',
  'point',
  'author',
  'personName',
  'createdAt',
  'text',
  'resolved',
  'resolvedBy',
  'resolvedAt',
]);
const REPLY_FIELDS = new Set(['threadId', 'author', 'personName', 'createdAt', 'text']);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isFraction = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;
const fail = (reason: string): EntryRead => ({ ok: false, reason });

export function threadKey(id: string): string {
  return THREAD_PREFIX + id;
}
export function replyKey(id: string): string {
  return REPLY_PREFIX + id;
}

/** The fields every comment has; a sentence naming the first that is wrong, else the comment. */
function readComment(id: string, v: Record<string, unknown>): BoardComment | string {
  if (typeof v.author !== 'string' || v.author.length === 0 || v.author.length > MAX_AUTHOR_ID)
    return `its author must be a person id of 1 to ${MAX_AUTHOR_ID} characters`;
  if (typeof v.personName !== 'string' || v.personName.length > MAX_PERSON_NAME)
    return `its author's name must be text of at most ${MAX_PERSON_NAME} characters`;
  if (!isTime(v.createdAt)) return 'its time must be a non-negative number of milliseconds';
  if (typeof v.text !== 'string' || v.text.trim().length === 0) return 'its text must not be empty';
  if (v.text.length > MAX_COMMENT_TEXT) return `its text is longer than ${MAX_COMMENT_TEXT} characters`;
  return { id, author: v.author, personName: v.personName || 'someone', createdAt: v.createdAt, text: v.text };
}

/**
 * Reads the entry stored under `key`, or says in a sentence why it is not a comment. The
 * sentence is what the server sends the tab that wrote it.
 */
export function readBoardCommentEntry(key: string, value: unknown): EntryRead {
  const kind = key.startsWith(THREAD_PREFIX) ? 'thread' : key.startsWith(REPLY_PREFIX) ? 'reply' : null;
  if (kind === null) return fail(`comment entries are named "thread:<id>" or "reply:<id>", not "${key.slice(0, 64)}"`);
  const id = key.slice(kind === 'thread' ? THREAD_PREFIX.length : REPLY_PREFIX.length);
  if (!ID.test(id)) return fail(`comment id "${id.slice(0, 64)}" must be 1 to 64 letters, digits, "-" or "_"`);
  if (!isRecord(value)) return fail(`comment ${key} must be an object`);
  const allowed = kind === 'thread' ? THREAD_FIELDS : REPLY_FIELDS;
  const unknown = Object.keys(value).find((k) => !allowed.has(k));
  if (unknown !== undefined) return fail(`comment ${key} has a field "${unknown.slice(0, 32)}" that comments do not have`);
  const comment = readComment(id, value);
  if (typeof comment === 'string') return fail(`comment ${key}: ${comment}`);
  if (kind === 'reply') {
    if (typeof value.threadId !== 'string' || !ID.test(value.threadId)) return fail(`reply ${key} must name the thread it answers`);
    return { ok: true, entry: { kind, ...comment, threadId: value.threadId } };
  }
  const { shapeId, shapeType, point, resolved, resolvedBy, resolvedAt } = value;
  if (typeof shapeId !== 'string' || !SHAPE_ID.test(shapeId)) return fail(`thread ${key} must be pinned to a board shape id ("shape:…")`);
  if (shapeType !== undefined && (typeof shapeType !== 'string' || !SHAPE_TYPE.test(shapeType)))
    return fail(`thread ${key}: the shape type must be a short name`);
  if (point !== undefined && !(isRecord(point) && Object.keys(point).length === 2 && isFraction(point.x) && isFraction(point.y)))
    return fail(`thread ${key}: a pin point must be {x, y} with both between 0 and 1`);
  if (typeof resolved !== 'boolean') return fail(`thread ${key} must say whether it is resolved`);
  if (resolvedBy !== undefined && (typeof resolvedBy !== 'string' || resolvedBy.length > MAX_PERSON_NAME))
    return fail(`thread ${key}: who resolved it must be a name of at most ${MAX_PERSON_NAME} characters`);
  if (resolvedAt !== undefined && !isTime(resolvedAt)) return fail(`thread ${key}: when it was resolved must be a time`);
  return {
    ok: true,
    entry: {
      kind,
      ...comment,
      shapeId,
      resolved,
      ...(shapeType !== undefined ? { shapeType } : {}),
      ...(point !== undefined ? { point: { x: point.x as number, y: point.y as number } } : {}),
      ...(resolvedBy !== undefined ? { resolvedBy } : {}),
      ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    },
  };
}

/** The JSON value stored for an entry (the inverse of `readBoardCommentEntry`). */
export function entryValue(e: BoardCommentEntry): Record<string, unknown> {
  const common = { author: e.author, personName: e.personName, createdAt: e.createdAt, text: e.text };
  if (e.kind === 'reply') return { ...common, threadId: e.threadId };
  return {
    ...common,
    shapeId: e.shapeId,
    resolved: e.resolved,
    ...(e.shapeType !== undefined ? { shapeType: e.shapeType } : {}),
    ...(e.point !== undefined ? { point: { x: e.point.x, y: e.point.y } } : {}),
    ...(e.resolvedBy !== undefined ? { resolvedBy: e.resolvedBy } : {}),
    ...(e.resolvedAt !== undefined ? { resolvedAt: e.resolvedAt } : {}),
  };
}

export function entryKey(e: BoardCommentEntry): string {
  return e.kind === 'thread' ? threadKey(e.id) : replyKey(e.id);
}
