/**
 * The dot-vote ballot API (F7): ballots go to the server with this person's ballot key, the
 * browser's person key (`identity/personKey.ts`: a random secret shared by this browser's tabs, so
 * a budget holds across them), and never into the room doc or presence. Failures come back as the
 * server's sentence.
 */
import type { RoomConnection } from '../room/RoomConnection.ts';
import { authHeaders } from '../room/roomApi.ts';
import { personKey } from '../identity/personKey.ts';

export type Dots = Readonly<Record<string, number>>;
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

async function call<T>(room: RoomConnection, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(room.roomId)}/vote/${path}`, {
      ...init,
      headers: { ...authHeaders(room.token), 'content-type': 'application/json', 'x-ballot-key': personKey(), ...init.headers },
    });
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, value: body as T };
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    return { ok: false, message: typeof message === 'string' ? message : 'The vote could not be reached; try again.' };
  } catch {
    return { ok: false, message: 'You are offline: your dots will be sent when you try again online.' };
  }
}

export const voteApi = {
  cast: (room: RoomConnection, voteId: string, dots: Dots) =>
    call<{ ballot: Dots; voters: number }>(room, 'ballot', { method: 'PUT', body: JSON.stringify({ voteId, dots }) }),
  own: (room: RoomConnection) => call<{ voteId: string; ballot: Dots }>(room, 'ballot'),
  reveal: (room: RoomConnection) => call<{ counts: Dots }>(room, 'reveal', { method: 'POST' }),
  close: (room: RoomConnection) => call<{ closed: boolean }>(room, 'close', { method: 'POST' }),
};
