/**
 * Presence over y-websocket awareness: who is in the room, their colour, where their cursor is
 * (page coordinates, so it lands on the same spot whatever each person's zoom), and which side
 * panel they have open. Peers' states come off the wire, so they are parsed, never trusted.
 */
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceUser {
  readonly name: string;
  readonly color: string;
}

export interface PagePoint {
  readonly x: number;
  readonly y: number;
}

export interface PresenceState {
  readonly user: PresenceUser;
  readonly cursor: PagePoint | null;
  /** Which side panel this person has open, if any (none exist yet). */
  readonly panel: string | null;
}

export interface Peer extends PresenceState {
  /** The peer's Yjs client id: stable for one tab's session. */
  readonly clientId: number;
  readonly isSelf: boolean;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function parseUser(v: unknown): PresenceUser | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { name, color } = v as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '' || typeof color !== 'string' || !COLOR.test(color)) return undefined;
  return { name: name.slice(0, 40), color };
}

function parseCursor(v: unknown): PagePoint | null {
  if (typeof v !== 'object' || v === null) return null;
  const { x, y } = v as Record<string, unknown>;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

export function parsePresence(v: unknown): PresenceState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Record<string, unknown>;
  const user = parseUser(s.user);
  if (!user) return undefined;
  return { user, cursor: parseCursor(s.cursor), panel: typeof s.panel === 'string' ? s.panel : null };
}

/** Everyone with a valid presence state, this tab first. */
export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const p = parsePresence(state);
    if (p) peers.push({ ...p, clientId, isSelf: clientId === awareness.clientID });
  });
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name));
}

export function setLocalUser(awareness: Awareness, user: PresenceUser): void {
  awareness.setLocalStateField('user', user);
}

export function setLocalCursor(awareness: Awareness, cursor: PagePoint | null): void {
  awareness.setLocalStateField('cursor', cursor);
}

/**
 * Two people with the same colour can't be told apart, and colours are picked at random per
 * browser. The one who joined later (higher client id, as a deterministic tie-break so only one
 * side moves) takes the first palette colour nobody in the room uses; otherwise keeps its own.
 */
export function distinctColor(awareness: Awareness, preferred: string, palette: readonly string[]): string {
  const others = readPeers(awareness).filter((p) => !p.isSelf);
  const clash = others.some((p) => p.user.color === preferred && p.clientId < awareness.clientID);
  if (!clash) return preferred;
  const taken = new Set(others.map((p) => p.user.color));
  return palette.find((c) => !taken.has(c)) ?? preferred;
}

/** Calls `fn` at most every `ms`, always delivering the latest value (trailing call). */
export function throttleLatest<T>(fn: (v: T) => void, ms: number): { push: (v: T) => void; cancel: () => void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { v: T } | undefined;
  const flush = (): void => {
    timer = undefined;
    if (!pending) return;
    last = Date.now();
    const { v } = pending;
    pending = undefined;
    fn(v);
  };
  return {
    push(v) {
      pending = { v };
      if (timer !== undefined) return;
      const wait = Math.max(0, last + ms - Date.now());
      if (wait === 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
