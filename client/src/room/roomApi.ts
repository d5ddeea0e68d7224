/**
 * The HTTP side of rooms: create one, look one up. Same origin as the page (the server serves the
 * client), so paths are relative. Network failures are a result, not an exception, because the
 * room page must tell "this room does not exist" apart from "the server can't be reached".
 */
import { isRoomId } from '@riffboard/shared';

export interface RoomInfo {
  readonly roomId: string;
  readonly title: string;
  readonly createdAt?: string | number;
}

export type RoomLookup =
  | { readonly kind: 'found'; readonly info: RoomInfo }
  | { readonly kind: 'notFound' }
  /** The server did not answer (offline, down, or a 5xx): the room may well exist. */
  | { readonly kind: 'unreachable' };

function parseRoomInfo(body: unknown): RoomInfo | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { roomId, title, createdAt } = body as Record<string, unknown>;
  if (!isRoomId(roomId) || typeof title !== 'string') return undefined;
  return {
    roomId,
    title,
    ...(typeof createdAt === 'string' || typeof createdAt === 'number' ? { createdAt } : {}),
  };
}

/** A server that accepts the connection but doesn't answer is treated as unreachable after this. */
const LOOKUP_TIMEOUT_MS = 5000;

export async function lookUpRoom(roomId: string, signal?: AbortSignal): Promise<RoomLookup> {
  if (!isRoomId(roomId)) return { kind: 'notFound' };
  const timeout = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if (signal?.aborted) throw err;
    return { kind: 'unreachable' };
  }
  if (res.status === 404) return { kind: 'notFound' };
  if (!res.ok) return { kind: 'unreachable' };
  const info = parseRoomInfo(await res.json().catch(() => undefined));
  return info ? { kind: 'found', info } : { kind: 'unreachable' };
}

/** Creates a room and returns it; throws an Error whose message can be shown as is. */
export async function createRoom(title?: string): Promise<RoomInfo> {
  let res: Response;
  try {
    res = await fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(title ? { title } : {}),
    });
  } catch {
    throw new Error('Riffboard can’t reach its server right now. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => undefined);
  const info = res.ok ? parseRoomInfo(body) : undefined;
  if (!info) {
    const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new Error(typeof message === 'string' ? message : 'The room could not be created. Please try again.');
  }
  return info;
}
