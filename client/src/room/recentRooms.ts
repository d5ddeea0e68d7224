/**
 * Rooms this browser opened, newest first, kept in localStorage. It doubles as the title cache
 * the room page falls back to when the server can't be reached (local first: an offline reload
 * still knows what the room is called), and it keeps the link token each room was opened with, so
 * the list can reopen a room and an offline reload knows its role.
 */
import { isRole, type Role } from '@riffboard/shared';

const KEY = 'riffboard:recentRooms';
const MAX = 20;

export interface RecentRoom {
  readonly roomId: string;
  readonly title: string;
  /** ms since epoch */
  readonly lastOpened: number;
  /** The link token the room was last opened with, and the role it grants. */
  readonly token?: string;
  readonly role?: Role;
}

function isRecentRoom(v: unknown): v is RecentRoom {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.roomId === 'string' &&
    typeof r.title === 'string' &&
    typeof r.lastOpened === 'number' &&
    (r.token === undefined || typeof r.token === 'string') &&
    (r.role === undefined || isRole(r.role))
  );
}

export function readRecentRooms(): RecentRoom[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecentRoom).sort((a, b) => b.lastOpened - a.lastOpened) : [];
  } catch {
    return [];
  }
}

export function findRecentRoom(roomId: string): RecentRoom | undefined {
  return readRecentRooms().find((r) => r.roomId === roomId);
}

/** Records a visit; `access` replaces the stored link only when given. */
export function rememberRoom(roomId: string, title: string, access?: { token: string; role: Role }): void {
  const all = readRecentRooms();
  const prev = all.find((r) => r.roomId === roomId);
  const rest = all.filter((r) => r.roomId !== roomId);
  const kept = access ?? (prev?.token && prev.role ? { token: prev.token, role: prev.role } : undefined);
  const next: RecentRoom[] = [{ roomId, title, lastOpened: Date.now(), ...(kept ?? {}) }, ...rest].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled (private mode): the list is a convenience, the room still works.
  }
}

export function forgetRoom(roomId: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(readRecentRooms().filter((r) => r.roomId !== roomId)));
  } catch {
    // see rememberRoom
  }
}
