/**
 * The HTTP side of rooms: create one, look one up with a link token. Same origin as the page (the
 * server serves the client), so paths are relative. Network failures are a result, not an
 * exception, because the room page must tell "this room does not exist", "this link doesn't open
 * it" and "the server can't be reached" apart.
 */
import { personKeyHeader } from '../identity/personKey.ts';
import { API_ERRORS, isRole, isRoomId, readApiError, ROLES, type ApiErrorCode, type Role } from '@riffboard/shared';

export interface RoomInfo {
  readonly roomId: string;
  readonly title: string;
  readonly createdAt?: string | number;
}

/** Link paths (`/r/<id>?token=…`) per role, as far as the caller may see them. */
export type RoomLinks = Partial<Record<Role, string>>;

export interface CreatedRoom extends RoomInfo {
  readonly links: RoomLinks;
}

export type RoomLookup =
  | { readonly kind: 'found'; readonly info: RoomInfo; readonly role: Role }
  | { readonly kind: 'notFound' }
  /** The room exists but this link doesn't open it (missing, expired or replaced token). */
  | { readonly kind: 'refused'; readonly message: string }
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

function parseLinks(v: unknown): RoomLinks {
  const links: RoomLinks = {};
  if (typeof v !== 'object' || v === null) return links;
  for (const role of ROLES) {
    const link = (v as Record<string, unknown>)[role];
    if (typeof link === 'string' && link.startsWith('/r/')) links[role] = link;
  }
  return links;
}

function errorMessage(body: unknown, fallback: string): string {
  return readApiError(body, fallback).message;
}

/** The lookup's refusals that mean "this link doesn't open the room" (the room exists). */
const REFUSALS: ReadonlySet<ApiErrorCode> = new Set(['invalid_token', 'link_expired', 'link_replaced', 'forbidden']);

/** The link token, and the browser's person key so the server knows who is asking (server SPEC H1). */
export function authHeaders(token: string | null): Record<string, string> {
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...personKeyHeader() };
}

/** A server that accepts the connection but doesn't answer is treated as unreachable after this. */
const LOOKUP_TIMEOUT_MS = 5000;

export async function lookUpRoom(roomId: string, token: string | null, signal?: AbortSignal): Promise<RoomLookup> {
  if (!isRoomId(roomId)) return { kind: 'notFound' };
  const timeout = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}`, {
      headers: authHeaders(token),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    return { kind: 'unreachable' };
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const { code, message } = readApiError(body, 'This link does not open this room. Ask the person who shared it for a new one.');
    if (code === 'room_not_found' || code === 'bad_room_id') return { kind: 'notFound' };
    if (code !== null && REFUSALS.has(code)) return { kind: 'refused', message };
    // No code this client knows: judge by the status alone (a proxy's 404, an old server).
    if (code === null && res.status === API_ERRORS.room_not_found.status) return { kind: 'notFound' };
    if (code === null && (res.status === 401 || res.status === 403)) return { kind: 'refused', message };
    return { kind: 'unreachable' };
  }
  const info = parseRoomInfo(body);
  const role = (body as { role?: unknown }).role;
  return info && isRole(role) ? { kind: 'found', info, role } : { kind: 'unreachable' };
}

/** Creates a room and returns it with its links; throws an Error whose message can be shown as is. */
export async function createRoom(title?: string): Promise<CreatedRoom> {
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
  if (!info) throw new Error(errorMessage(body, 'The room could not be created. Please try again.'));
  return { ...info, links: parseLinks((body as { links?: unknown }).links) };
}

/** A new room's answer (`POST /api/rooms`, `POST /api/rooms/import`), or undefined if it is not one. */
export function parseCreatedRoom(body: unknown): CreatedRoom | undefined {
  const info = parseRoomInfo(body);
  return info && { ...info, links: parseLinks((body as { links?: unknown }).links) };
}

/** The links the holder of `token` may share (their own role and below). */
export async function fetchLinks(roomId: string, token: string | null): Promise<RoomLinks> {
  const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/links`, { headers: authHeaders(token) });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(errorMessage(body, 'The links could not be loaded.'));
  return parseLinks((body as { links?: unknown }).links);
}

/** Replaces the editor or viewer link (facilitator only); returns the new link path. */
export async function rotateLink(roomId: string, token: string | null, role: 'editor' | 'viewer'): Promise<string> {
  const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/links/${role}/rotate`, { method: 'POST', headers: authHeaders(token) });
  const body: unknown = await res.json().catch(() => undefined);
  const link = (body as { link?: unknown } | undefined)?.link;
  if (!res.ok || typeof link !== 'string') throw new Error(errorMessage(body, 'The link could not be replaced.'));
  return link;
}
