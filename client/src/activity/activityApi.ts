/**
 * The activity API (server SPEC H7–H9): the feed, "since you were last here", marking it seen and
 * credits. Calls carry the link token and this browser's person key; failures come back as a
 * sentence for the panel to show.
 */
import { readApiError, type ActivityEntry, type Credit } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { authHeaders } from '../room/roomApi.ts';

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface FeedPage {
  readonly entries: readonly ActivityEntry[];
  readonly next: number | null;
  readonly you: string | null;
}

export interface SinceAnswer {
  readonly you: string;
  readonly lastHere: number | null;
  readonly entries: readonly ActivityEntry[];
  readonly truncated: boolean;
}

async function call<T>(room: RoomConnection, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(room.roomId)}/${path}`, { ...init, headers: authHeaders(room.token) });
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, value: body as T };
    return { ok: false, message: readApiError(body, 'The activity could not be loaded; it will try again.').message };
  } catch {
    return { ok: false, message: 'You are offline: the activity will update when the connection is back.' };
  }
}

export const activityApi = {
  feed: (room: RoomConnection, before?: number, limit = 100) =>
    call<FeedPage>(room, `activity?limit=${limit}${before !== undefined ? `&before=${before}` : ''}`),
  since: (room: RoomConnection) => call<SinceAnswer>(room, 'activity/since'),
  seen: (room: RoomConnection) => call<{ lastHere: number }>(room, 'activity/seen', { method: 'POST' }),
  credits: (room: RoomConnection) => call<{ credits: Credit[] }>(room, 'credits'),
};
