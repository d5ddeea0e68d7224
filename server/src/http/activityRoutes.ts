/**
 * The activity routes (server SPEC H6–H8): the feed, "since you were last here", marking seen,
 * and credits. Any role may read them (viewers included); the caller's person comes from the
 * `x-person-key` header, hashed like the WebSocket's, so "you" is whoever holds this browser's key.
 *
 * The feed is built from stored records plus the bursts still coalescing on this instance, so a
 * change shows up at once here and, once stored (within the recorder's quiet window), everywhere.
 */
import type http from 'node:http';
import { computeCredits, sinceLastVisit, type ActivityEntry } from '@riffboard/shared';
import type { ActivityStore } from '../activity/ActivityStore.ts';
import type { ActivityRecorder } from '../activity/ActivityRecorder.ts';
import { personIdOfKey } from '../activity/personKey.ts';
import { HttpError, sendJson } from './jsonResponse.ts';

export interface ActivityRouteDeps {
  readonly store: ActivityStore;
  readonly recorder: ActivityRecorder;
}

export const FEED_PAGE_MAX = 200;
const FEED_PAGE_DEFAULT = 50;
/** The most entries "since you were last here" lists; older ones are summed up as a count. */
export const SINCE_MAX = 2000;
/** Credits are counted over at most this many of the newest entries. */
const CREDITS_MAX = 100_000;

/** The caller's person id, or undefined without a usable header. */
export function personOf(req: http.IncomingMessage): string | undefined {
  const key = req.headers['x-person-key'];
  return personIdOfKey(typeof key === 'string' ? key : undefined);
}

function requirePerson(req: http.IncomingMessage): string {
  const id = personOf(req);
  if (!id) throw new HttpError('bad_person_key');
  return id;
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new HttpError('bad_request', `"${name}" must be a whole number above 0.`);
  return n;
}

/** Newest entries first: this instance's open bursts, then stored ones. */
async function newest(deps: ActivityRouteDeps, roomId: string, limit: number): Promise<ActivityEntry[]> {
  const pending = deps.recorder.pending(roomId);
  return [...pending, ...(await deps.store.list(roomId, { limit }))];
}

/** GET /activity, GET /activity/since, POST /activity/seen, GET /credits. */
export async function handleActivity(
  deps: ActivityRouteDeps,
  roomId: string,
  route: 'feed' | 'since' | 'seen' | 'credits',
  req: http.IncomingMessage,
  url: URL,
  res: http.ServerResponse,
): Promise<void> {
  switch (route) {
    case 'feed': {
      const before = intParam(url, 'before');
      const limit = Math.min(intParam(url, 'limit') ?? FEED_PAGE_DEFAULT, FEED_PAGE_MAX);
      const stored = await deps.store.list(roomId, { limit, ...(before !== undefined ? { before } : {}) });
      const entries = before === undefined ? [...deps.recorder.pending(roomId), ...stored] : stored;
      const last = stored[stored.length - 1];
      return sendJson(res, 200, { entries, next: stored.length === limit && last ? last.seq : null, you: personOf(req) ?? null });
    }
    case 'since': {
      const you = requirePerson(req);
      const lastHere = (await deps.store.lastVisit(roomId, you)) ?? null;
      if (lastHere === null) return sendJson(res, 200, { you, lastHere, entries: [], truncated: false });
      // Others' entries only, one more than is sent, to know whether there were more.
      const stored = await deps.store.listSince(roomId, lastHere, SINCE_MAX + 1, you);
      const since = [...deps.recorder.pending(roomId).filter((e) => e.at > lastHere), ...stored];
      const summary = sinceLastVisit(since, you, lastHere);
      return sendJson(res, 200, {
        you,
        lastHere,
        entries: summary.entries.slice(0, SINCE_MAX),
        truncated: summary.entries.length > SINCE_MAX,
      });
    }
    case 'seen': {
      const you = requirePerson(req);
      const at = Date.now();
      await deps.store.markVisit(roomId, you, at);
      return sendJson(res, 200, { you, lastHere: at });
    }
    case 'credits': {
      const entries = await newest(deps, roomId, CREDITS_MAX);
      return sendJson(res, 200, { credits: computeCredits(entries) });
    }
  }
}
