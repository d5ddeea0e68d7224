/**
 * The room's versions over HTTP (RV3, RV5, RV6): list, save with a name, fetch one snapshot for a
 * preview, restore. Failures come back as the server's sentence, never as exceptions.
 */
import { readApiError, type VersionSummary } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { authHeaders } from '../room/roomApi.ts';
import { readIdentity } from '../identity/identity.ts';

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const OFFLINE = 'The server can’t be reached right now; versions need a connection. Try again when you are back online.';

function base(room: RoomConnection): string {
  return `/api/rooms/${encodeURIComponent(room.roomId)}/versions`;
}

/** The name the server records as the author (the person's display name on this device). */
function authorName(): string {
  return readIdentity()?.name ?? 'Someone';
}

async function call<T>(room: RoomConnection, path: string, init: RequestInit, read: (res: Response) => Promise<T>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`${base(room)}${path}`, {
      ...init,
      headers: { ...authHeaders(room.token), 'content-type': 'application/json', ...init.headers },
    });
  } catch {
    return { ok: false, message: OFFLINE };
  }
  if (res.ok) return { ok: true, value: await read(res) };
  const body: unknown = await res.json().catch(() => null);
  return { ok: false, message: readApiError(body, 'That did not work; try again.').message };
}

const json = <T>(res: Response): Promise<T> => res.json() as Promise<T>;

export const versionApi = {
  list: (room: RoomConnection) => call(room, '', {}, async (res) => (await json<{ versions: VersionSummary[] }>(res)).versions),
  save: (room: RoomConnection, name: string) =>
    call(
      room,
      '',
      { method: 'POST', body: JSON.stringify({ name, author: authorName() }) },
      async (res) => (await json<{ version: VersionSummary }>(res)).version,
    ),
  snapshot: (room: RoomConnection, id: string) =>
    call(room, `/${encodeURIComponent(id)}`, {}, async (res) => new Uint8Array(await res.arrayBuffer())),
  restore: (room: RoomConnection, id: string) =>
    call(room, `/${encodeURIComponent(id)}/restore`, { method: 'POST', body: JSON.stringify({ author: authorName() }) }, (res) =>
      json<{ restored: VersionSummary; undo: VersionSummary }>(res),
    ),
};
