/**
 * Facilitation state in the room doc (SPEC F5): the agenda, the countdown, the lock, the vote's
 * public side and the spotlight, under the `facilitation` root. Only facilitator connections may
 * write this root (the server enforces it on every write path); two keys are the server's alone
 * (vote tally and results, F8). Each key holds one plain object written whole, so concurrent
 * writes resolve to one writer's value, never a mix of fields.
 *
 * Values are normalised on read: a peer may write anything, and old tabs must not break.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { IDLE_COUNTDOWN, readCountdown, type Countdown } from './countdown.ts';

export const FACILITATION_KEY = {
  agenda: 'agenda',
  timer: 'timer',
  lock: 'lock',
  vote: 'vote',
  /** Server only: how many people have voted in the open vote. */
  voteTally: 'voteTally',
  /** Server only: the revealed counts. */
  voteResults: 'voteResults',
  spotlight: 'spotlight',
} as const;

/** Keys of the facilitation root only the server writes (F8). */
export const SERVER_ONLY_FACILITATION_KEYS: readonly string[] = [FACILITATION_KEY.voteTally, FACILITATION_KEY.voteResults];

/** Panels an agenda item can point people at. */
export const AGENDA_PANELS = ['tempo', 'backlog', 'references', 'agenda'] as const;
export type AgendaPanel = (typeof AGENDA_PANELS)[number];

export interface AgendaItem {
  readonly id: string;
  readonly title: string;
  readonly minutes: number;
  readonly notes: string;
  /** Where to look during this item: a side panel, opened for everybody when the item starts. */
  readonly panel: AgendaPanel | null;
}

export interface Agenda {
  readonly items: readonly AgendaItem[];
  readonly currentId: string | null;
}

export interface LockState {
  readonly locked: boolean;
  /** Display name of the facilitator who locked. */
  readonly by: string;
}

export interface VoteTarget {
  readonly id: string;
  readonly label: string;
}

export interface Vote {
  readonly id: string;
  readonly title: string;
  readonly targets: readonly VoteTarget[];
  /** Dots per person. */
  readonly budget: number;
  /** Whether one person may put several dots on one target. */
  readonly stack: boolean;
}

export interface VoteTally {
  readonly voteId: string;
  readonly voters: number;
  /** Bumped on every ballot the server accepts, so a person's other tabs re-read their own ballot. */
  readonly rev: number;
}

export interface VoteResults {
  readonly voteId: string;
  readonly voters: number;
  /** Dots per target id (every target present, zero included). */
  readonly counts: Readonly<Record<string, number>>;
}

export interface Spotlight {
  /** Bumped on every "bring everyone"; followers react to a new value. */
  readonly seq: number;
  /** `bring`: move once; `follow`: keep following until the person moves on their own. */
  readonly mode: 'bring' | 'follow' | 'off';
  /** The facilitator's presence client id. */
  readonly leader: number;
  /** The side panel the facilitator has open (null: none, the canvas alone). */
  readonly panel: string | null;
  /** Server time of the press: a tab that opens the room later is not moved by an old `bring`. */
  readonly atMs: number;
}

export const FACILITATION_LIMITS = {
  agendaItems: 50,
  title: 120,
  notes: 2000,
  /** Minutes, in quarter-minute steps (a 15-second lightning round is a real timebox). */
  minutes: { min: 0.25, max: 480 },
  voteTargets: 100,
  budget: { min: 1, max: 20 },
} as const;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const str = (x: unknown, max: number): string => (typeof x === 'string' ? x.slice(0, max) : '');
const id = (x: unknown): string | null => (typeof x === 'string' && x.length > 0 && x.length <= 64 ? x : null);

function root(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.facilitation);
}

/** Calls `fn` after each transaction that changed facilitation state; returns an unsubscribe. */
export function observeFacilitation(doc: Y.Doc, fn: () => void): () => void {
  const m = root(doc);
  const handler = (): void => fn();
  m.observe(handler);
  return () => m.unobserve(handler);
}

function readItem(raw: unknown): AgendaItem | null {
  if (!isRecord(raw)) return null;
  const itemId = id(raw.id);
  if (!itemId) return null;
  const minutes = finite(raw.minutes)
    ? Math.min(FACILITATION_LIMITS.minutes.max, Math.max(FACILITATION_LIMITS.minutes.min, Math.round(raw.minutes * 4) / 4))
    : 5;
  const panel = (AGENDA_PANELS as readonly unknown[]).includes(raw.panel) ? (raw.panel as AgendaPanel) : null;
  return { id: itemId, title: str(raw.title, FACILITATION_LIMITS.title), minutes, notes: str(raw.notes, FACILITATION_LIMITS.notes), panel };
}

export function readAgenda(doc: Y.Doc): Agenda {
  const raw = root(doc).get(FACILITATION_KEY.agenda);
  if (!isRecord(raw) || !Array.isArray(raw.items)) return { items: [], currentId: null };
  const seen = new Set<string>();
  const items: AgendaItem[] = [];
  for (const r of raw.items.slice(0, FACILITATION_LIMITS.agendaItems)) {
    const item = readItem(r);
    if (item && !seen.has(item.id)) {
      seen.add(item.id);
      items.push(item);
    }
  }
  const currentId = typeof raw.currentId === 'string' && seen.has(raw.currentId) ? raw.currentId : null;
  return { items, currentId };
}

export function readTimer(doc: Y.Doc): Countdown {
  return readCountdown(root(doc).get(FACILITATION_KEY.timer));
}

export function readLock(doc: Y.Doc): LockState {
  const raw = root(doc).get(FACILITATION_KEY.lock);
  if (!isRecord(raw) || raw.locked !== true) return { locked: false, by: '' };
  return { locked: true, by: str(raw.by, 40) };
}

export function readVote(doc: Y.Doc): Vote | null {
  const raw = root(doc).get(FACILITATION_KEY.vote);
  if (!isRecord(raw)) return null;
  const voteId = id(raw.id);
  if (!voteId || !Array.isArray(raw.targets)) return null;
  const seen = new Set<string>();
  const targets: VoteTarget[] = [];
  for (const t of raw.targets.slice(0, FACILITATION_LIMITS.voteTargets)) {
    if (!isRecord(t)) continue;
    const tid = id(t.id);
    if (!tid || seen.has(tid)) continue;
    seen.add(tid);
    targets.push({ id: tid, label: str(t.label, FACILITATION_LIMITS.title) });
  }
  if (targets.length === 0) return null;
  const budget = finite(raw.budget)
    ? Math.min(FACILITATION_LIMITS.budget.max, Math.max(FACILITATION_LIMITS.budget.min, Math.round(raw.budget)))
    : 3;
  return { id: voteId, title: str(raw.title, FACILITATION_LIMITS.title), targets, budget, stack: raw.stack === true };
}

export function readVoteTally(doc: Y.Doc): VoteTally | null {
  const raw = root(doc).get(FACILITATION_KEY.voteTally);
  if (!isRecord(raw) || !id(raw.voteId) || !finite(raw.voters)) return null;
  return { voteId: raw.voteId as string, voters: Math.max(0, Math.round(raw.voters)), rev: finite(raw.rev) ? raw.rev : 0 };
}

export function readVoteResults(doc: Y.Doc): VoteResults | null {
  const raw = root(doc).get(FACILITATION_KEY.voteResults);
  if (!isRecord(raw) || !id(raw.voteId) || !isRecord(raw.counts)) return null;
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw.counts)) if (finite(v)) counts[k] = Math.max(0, Math.round(v));
  return { voteId: raw.voteId as string, voters: finite(raw.voters) ? raw.voters : 0, counts };
}

export function readSpotlight(doc: Y.Doc): Spotlight | null {
  const raw = root(doc).get(FACILITATION_KEY.spotlight);
  if (!isRecord(raw) || !finite(raw.seq) || !finite(raw.leader)) return null;
  const mode = raw.mode === 'bring' || raw.mode === 'follow' ? raw.mode : 'off';
  return {
    seq: raw.seq,
    mode,
    leader: raw.leader,
    panel: typeof raw.panel === 'string' ? raw.panel.slice(0, 40) : null,
    atMs: finite(raw.atMs) ? raw.atMs : 0,
  };
}

function write(doc: Y.Doc, key: string, value: unknown, origin: TransactionOrigin): void {
  doc.transact(() => {
    if (value === null) root(doc).delete(key);
    else root(doc).set(key, value);
  }, origin);
}

export function writeAgenda(doc: Y.Doc, agenda: Agenda, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.agenda, { items: agenda.items.map((i) => ({ ...i })), currentId: agenda.currentId }, origin);
}

/** Writes the agenda and the countdown in one transaction (e.g. "next item"). */
export function writeAgendaAndTimer(doc: Y.Doc, agenda: Agenda, timer: Countdown, origin: TransactionOrigin): void {
  doc.transact(() => {
    writeAgenda(doc, agenda, origin);
    writeTimer(doc, timer, origin);
  }, origin);
}

export function writeTimer(doc: Y.Doc, timer: Countdown, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.timer, { ...timer }, origin);
}

export function writeLock(doc: Y.Doc, lock: LockState, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.lock, { ...lock }, origin);
}

/** Opens a vote (or, with null, closes it without reveal: the server then discards its ballots). */
export function writeVote(doc: Y.Doc, vote: Vote | null, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.vote, vote ? { ...vote, targets: vote.targets.map((t) => ({ ...t })) } : null, origin);
}

export function writeVoteTally(doc: Y.Doc, tally: VoteTally | null, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.voteTally, tally ? { ...tally } : null, origin);
}

export function writeVoteResults(doc: Y.Doc, results: VoteResults | null, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.voteResults, results ? { ...results, counts: { ...results.counts } } : null, origin);
}

export function writeSpotlight(doc: Y.Doc, spotlight: Spotlight, origin: TransactionOrigin): void {
  write(doc, FACILITATION_KEY.spotlight, { ...spotlight }, origin);
}

export { IDLE_COUNTDOWN };
