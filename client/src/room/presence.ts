/**
 * Presence over y-websocket awareness: who is in the room, their colour, where their cursor is
 * (page coordinates, so it lands on the same spot whatever each person's zoom), what part of the
 * board they are looking at (for following), whose view they follow, which side panel they have
 * open, whether they are idle, what they are hearing (`hearing`: the song, references, click
 * muted, output latency), and whether they are recording a take right now (`recording`, backlog
 * SPEC B11: for which idea, if any). Peers' states come off the wire, so they are parsed, never trusted.
 *
 * `role` is special: the server stamps it into every state it relays (SPEC A8), overwriting
 * whatever a client claimed. This tab's own state is never relayed back to it, so its own role
 * comes from the room info instead (`useRole()`), never from this field.
 *
 * Fields live in the awareness object, not in the socket: the provider re-sends the whole local
 * state on every reconnect, so a tab that drops and comes back reappears as it was.
 */
import type { Awareness } from 'y-protocols/awareness';
import { isRole, parseHearing, type Hearing, type Role } from '@riffboard/shared';

export interface PresenceUser {
  readonly name: string;
  readonly color: string;
}

export interface PagePoint {
  readonly x: number;
  readonly y: number;
}

/** A rectangle in page coordinates: the part of the board someone's screen shows. */
export interface PageBounds {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PresenceState {
  readonly user: PresenceUser;
  readonly cursor: PagePoint | null;
  /** Which side panel this person has open (a `PanelDefinition` id), if any. */
  readonly panel: string | null;
  /** What the board shows on their screen, so others can follow them. */
  readonly viewport: PageBounds | null;
  /** No input from them for a while (see `trackIdle`). */
  readonly idle: boolean;
  /** Whose view they follow (a presence client id), e.g. the facilitator's spotlight. */
  readonly following: number | null;
  /** The role the server stamped in (null for this tab's own state; see the header). */
  readonly role: Role | null;
  /** What they hear (null before their tab has said, or from an older client). */
  readonly hearing: Hearing | null;
  /** They are recording a take now (null when not, or from an older client). */
  readonly recording: RecordingSign | null;
}

/** Someone is recording a take: for an idea's takes, or straight from the transport (`ideaId` null). */
export interface RecordingSign {
  readonly ideaId: string | null;
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

/** Largest page-space extent accepted from a peer; beyond it a follower's zoom would be useless. */
const MAX_EXTENT = 1e7;

function parseViewport(v: unknown): PageBounds | null {
  if (typeof v !== 'object' || v === null) return null;
  const { x, y, w, h } = v as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < MAX_EXTENT;
  return finite(x) && finite(y) && finite(w) && finite(h) && w > 0 && h > 0 ? { x, y, w, h } : null;
}

function parseRecording(v: unknown): RecordingSign | null {
  if (typeof v !== 'object' || v === null) return null;
  const { ideaId } = v as Record<string, unknown>;
  if (ideaId === null) return { ideaId: null };
  return typeof ideaId === 'string' && ideaId.length > 0 && ideaId.length <= 64 ? { ideaId } : null;
}

export function parsePresence(v: unknown): PresenceState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Record<string, unknown>;
  const user = parseUser(s.user);
  if (!user) return undefined;
  return {
    user,
    cursor: parseCursor(s.cursor),
    panel: typeof s.panel === 'string' ? s.panel.slice(0, 40) : null,
    viewport: parseViewport(s.viewport),
    idle: s.idle === true,
    following: typeof s.following === 'number' && Number.isSafeInteger(s.following) ? s.following : null,
    role: isRole(s.role) ? s.role : null,
    hearing: parseHearing(s.hearing),
    recording: parseRecording(s.recording),
  };
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

/** Only sends when the value changes: every awareness write is a message to everyone. */
function setFieldIfChanged(awareness: Awareness, field: string, value: unknown): void {
  const current: unknown = (awareness.getLocalState() as Record<string, unknown> | null)?.[field];
  if (JSON.stringify(current) !== JSON.stringify(value)) awareness.setLocalStateField(field, value);
}

export function setLocalPanel(awareness: Awareness, panel: string | null): void {
  setFieldIfChanged(awareness, 'panel', panel);
}

export function setLocalViewport(awareness: Awareness, viewport: PageBounds | null): void {
  setFieldIfChanged(awareness, 'viewport', viewport);
}

export function setLocalFollowing(awareness: Awareness, leader: number | null): void {
  setFieldIfChanged(awareness, 'following', leader);
}

export function setLocalHearing(awareness: Awareness, hearing: Hearing): void {
  setFieldIfChanged(awareness, 'hearing', hearing);
}

/** Tells the room this tab records a take now (backlog SPEC B11), or no longer does (null). */
export function setLocalRecording(awareness: Awareness, recording: RecordingSign | null): void {
  setFieldIfChanged(awareness, 'recording', recording);
}

export function setLocalIdle(awareness: Awareness, idle: boolean): void {
  setFieldIfChanged(awareness, 'idle', idle);
}

/** No pointer, key, wheel or touch input for this long marks a person idle. */
export const IDLE_AFTER_MS = 60_000;
const ACTIVITY_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Marks this tab idle after `idleAfterMs` without input, and active again on the next input. A
 * hidden tab counts as idle at once: nobody is looking at it.
 */
export function trackIdle(awareness: Awareness, target: Window = window, idleAfterMs = IDLE_AFTER_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => setLocalIdle(awareness, true), idleAfterMs);
  };
  const onActivity = (): void => {
    setLocalIdle(awareness, false);
    arm();
  };
  const onVisibility = (): void => {
    if (target.document.visibilityState === 'hidden') setLocalIdle(awareness, true);
    else onActivity();
  };
  for (const e of ACTIVITY_EVENTS) target.addEventListener(e, onActivity, { passive: true, capture: true });
  target.document.addEventListener('visibilitychange', onVisibility);
  onActivity();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    for (const e of ACTIVITY_EVENTS) target.removeEventListener(e, onActivity, { capture: true });
    target.document.removeEventListener('visibilitychange', onVisibility);
  };
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
