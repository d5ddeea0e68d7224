/**
 * Who this browser is in rooms: a display name chosen once and a colour picked from the palette,
 * both kept in localStorage. There are no accounts; this is what others see next to your cursor.
 */
import type { PresenceUser } from '../room/presence.ts';

const KEY = 'riffboard:identity';

/** Distinct, readable on the dark canvas, and none of them the accent of the connection badge. */
export const PALETTE = [
  '#f5a524',
  '#ff6b6b',
  '#4dabf7',
  '#51cf66',
  '#cc5de8',
  '#20c997',
  '#ff922b',
  '#f06595',
  '#94d82d',
  '#748ffc',
] as const;

export function pickColor(random: () => number = Math.random): string {
  return PALETTE[Math.floor(random() * PALETTE.length) % PALETTE.length] ?? PALETTE[0];
}

export function readIdentity(): PresenceUser | null {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof v !== 'object' || v === null) return null;
    const { name, color } = v as Record<string, unknown>;
    return typeof name === 'string' && name.trim() && typeof color === 'string' ? { name, color } : null;
  } catch {
    return null;
  }
}

export function saveIdentity(name: string): PresenceUser {
  const user = { name: name.trim().slice(0, 40), color: readIdentity()?.color ?? pickColor() };
  try {
    localStorage.setItem(KEY, JSON.stringify(user));
  } catch {
    // Not persisted (storage disabled): you'll be asked again next time, nothing else breaks.
  }
  return user;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const second = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : (parts[0]?.[1] ?? '');
  return (first + second).toUpperCase();
}

const PERSON_KEY = 'riffboard:person';
let sessionPersonId: string | undefined;

/**
 * A stable id for the person behind this browser, shared by all its tabs (localStorage), so that
 * per-person things like backlog votes count a person once however many tabs they have open.
 * Generated once; falls back to a per-page id when storage is unavailable.
 */
export function personId(): string {
  try {
    const stored = localStorage.getItem(PERSON_KEY);
    if (stored && /^[\w-]{8,64}$/.test(stored)) return stored;
    const fresh = crypto.randomUUID();
    localStorage.setItem(PERSON_KEY, fresh);
    return fresh;
  } catch {
    sessionPersonId ??= crypto.randomUUID();
    return sessionPersonId;
  }
}
