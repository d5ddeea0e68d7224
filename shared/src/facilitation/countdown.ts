/**
 * The room's one countdown as pure arithmetic on server-time anchors (SPEC F1–F4).
 *
 * The doc never stores "time left": it stores when the running stretch started (server epoch ms),
 * how much had elapsed before it, and the total length. Every screen computes time left from those
 * and its own estimate of the server clock, so a tab that joins late, reconnects or wakes from
 * sleep shows the same value as everybody else without asking anyone.
 */

export interface Countdown {
  /** The agenda item this countdown times, if any. */
  readonly itemId: string | null;
  /** Total length, extensions included. */
  readonly durationMs: number;
  readonly running: boolean;
  /** Server time at which the current running stretch began (meaningless while paused). */
  readonly startedAtMs: number;
  /** Time that elapsed in earlier running stretches. */
  readonly elapsedMs: number;
  /** End on the first downbeat at or after the nominal end while the shared transport plays (F4). */
  readonly endOnBar: boolean;
}

export const IDLE_COUNTDOWN: Countdown = { itemId: null, durationMs: 0, running: false, startedAtMs: 0, elapsedMs: 0, endOnBar: false };

/** Longest countdown accepted: a whole day's workshop. */
export const MAX_DURATION_MS = 24 * 3600_000;

const clampDuration = (ms: number): number => Math.min(MAX_DURATION_MS, Math.max(0, Number.isFinite(ms) ? ms : 0));

/** Time counted so far at server time `nowMs` (a clock reading before the start counts nothing). */
export function elapsedAt(c: Countdown, nowMs: number): number {
  return c.elapsedMs + (c.running ? Math.max(0, nowMs - c.startedAtMs) : 0);
}

/** Time left at `nowMs` by the nominal end, never negative (F1). */
export function remainingAt(c: Countdown, nowMs: number): number {
  return Math.max(0, c.durationMs - elapsedAt(c, nowMs));
}

/** The server time at which a running countdown reaches zero; undefined while paused. */
export function nominalEndMs(c: Countdown): number | undefined {
  return c.running ? c.startedAtMs + c.durationMs - c.elapsedMs : undefined;
}

/**
 * Time left at `nowMs` when the end is `endMs` (the nominal end or, with end-on-the-bar, the
 * downbeat it snapped to; F4). Paused countdowns ignore `endMs`.
 */
export function remainingUntil(c: Countdown, nowMs: number, endMs: number | undefined): number {
  if (!c.running || endMs === undefined) return remainingAt(c, nowMs);
  return Math.max(0, endMs - nowMs);
}

/** Starts afresh: `durationMs` from `nowMs` (F2). */
export function startCountdown(c: Countdown, nowMs: number, durationMs: number, itemId: string | null = c.itemId): Countdown {
  return { ...c, itemId, durationMs: clampDuration(durationMs), running: true, startedAtMs: nowMs, elapsedMs: 0 };
}

/** Freezes time left at its value at `nowMs` (F2). */
export function pauseCountdown(c: Countdown, nowMs: number): Countdown {
  if (!c.running) return c;
  return { ...c, running: false, elapsedMs: Math.min(c.durationMs, elapsedAt(c, nowMs)), startedAtMs: 0 };
}

/** Counts on from where it was paused (F2). */
export function resumeCountdown(c: Countdown, nowMs: number): Countdown {
  if (c.running || c.durationMs <= 0) return c;
  return { ...c, running: true, startedAtMs: nowMs };
}

/** Adds `ms` to time left; a countdown that already ran out gets exactly `ms` from now (F2). */
export function extendCountdown(c: Countdown, nowMs: number, ms: number): Countdown {
  const add = Math.max(0, Number.isFinite(ms) ? ms : 0);
  const used = elapsedAt(c, nowMs);
  if (!c.running) return { ...c, durationMs: clampDuration(Math.max(c.durationMs, c.elapsedMs) + add) };
  // Re-anchor at `nowMs` so a finished countdown does not owe the time it spent at zero.
  return { ...c, durationMs: clampDuration(Math.max(c.durationMs, used) + add), elapsedMs: used, startedAtMs: nowMs };
}

/** Back to the full length of the item, stopped (F2). */
export function resetCountdown(c: Countdown): Countdown {
  return { ...c, running: false, startedAtMs: 0, elapsedMs: 0 };
}

/** Moves to another item with its own length; keeps running if it was running (F2, A-next). */
export function switchItem(c: Countdown, nowMs: number, itemId: string | null, durationMs: number): Countdown {
  const next = { ...c, itemId, durationMs: clampDuration(durationMs), elapsedMs: 0, startedAtMs: 0, running: false };
  return c.running ? { ...next, running: true, startedAtMs: nowMs } : next;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Normalises a stored countdown; anything unusable reads as idle. */
export function readCountdown(raw: unknown): Countdown {
  if (typeof raw !== 'object' || raw === null) return IDLE_COUNTDOWN;
  const r = raw as Record<string, unknown>;
  if (!finite(r.durationMs) || typeof r.running !== 'boolean' || !finite(r.startedAtMs) || !finite(r.elapsedMs)) return IDLE_COUNTDOWN;
  return {
    itemId: typeof r.itemId === 'string' ? r.itemId.slice(0, 64) : null,
    durationMs: clampDuration(r.durationMs),
    running: r.running,
    startedAtMs: r.startedAtMs,
    elapsedMs: Math.max(0, r.elapsedMs),
    endOnBar: r.endOnBar === true,
  };
}

/** `m:ss` (or `h:mm:ss`) of a remaining time, rounded up so "0:00" means it has ended. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
