/**
 * The room's shared transport in the doc: whether the song is playing, from where, since when (in
 * server time), and an optional loop. Every client derives what it hears and shows from these
 * values plus its estimate of the server clock (`transportSchedule.ts`), so a late joiner computes
 * the same bar as everybody else without asking anyone.
 *
 * Layout: the `transport` root map holds two keys, each a plain object written whole:
 * - `playback` — {@link Playback}: playing or stopped, the musical start point, the server time at
 *   which that point sounds, and the count-in length;
 * - `loop` — {@link LoopRange} or absent.
 * Why whole objects: two people pressing Play and Stop at once must end in one of the two states,
 * never in a mix of fields from both (Yjs resolves a concurrent `set` of one key to one writer).
 * Why two keys: setting a loop and pressing Play at the same moment should both win.
 *
 * Values are normalised on read (a peer may write anything): unusable playback reads as stopped at
 * bar 1, an unusable loop as no loop.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { LIMITS } from '../tempo/tempoMap.ts';
import { ticks, type Ticks } from '../tempo/units.ts';

const KEY = { playback: 'playback', loop: 'loop' } as const;

/** The most bars a count-in may last. */
export const MAX_COUNT_IN_BARS = 2;

export interface Playback {
  readonly playing: boolean;
  /**
   * Musical start point in absolute ticks from bar 1 (see `tempo/units.ts`): where playback starts,
   * or where the playhead rests while stopped. Musical, not seconds, so a tempo edit while stopped
   * keeps the playhead on its bar.
   */
  readonly fromTicks: Ticks;
  /** Server time (epoch ms) at which `fromTicks` sounds. Meaningless while stopped. */
  readonly startServerMs: number;
  /** Bars of count-in clicked before `fromTicks` (0 or 1 in the UI). */
  readonly countInBars: number;
}

/** A loop over bars `startBar` (inclusive) to `endBar` (exclusive), bars counted from 1. */
export interface LoopRange {
  readonly startBar: number;
  readonly endBar: number;
  /** When the loop was set from a section: it follows that section if the map changes. */
  readonly sectionId?: string;
}

export interface TransportState {
  readonly playback: Playback;
  readonly loop: LoopRange | undefined;
}

export const STOPPED_AT_START: Playback = { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Normalises a stored playback value; anything unusable reads as stopped at bar 1. */
export function readPlayback(raw: unknown): Playback {
  if (!isRecord(raw) || typeof raw.playing !== 'boolean' || !finite(raw.fromTicks) || !finite(raw.startServerMs)) return STOPPED_AT_START;
  const countIn = finite(raw.countInBars) ? Math.min(MAX_COUNT_IN_BARS, Math.max(0, Math.round(raw.countInBars))) : 0;
  return { playing: raw.playing, fromTicks: ticks(Math.max(0, raw.fromTicks)), startServerMs: raw.startServerMs, countInBars: countIn };
}

/** Normalises a stored loop; a loop that is not at least one whole bar reads as none. */
export function readLoop(raw: unknown): LoopRange | undefined {
  if (!isRecord(raw) || !finite(raw.startBar) || !finite(raw.endBar)) return undefined;
  const maxBar = LIMITS.bars.max * 1000;
  const startBar = Math.round(Math.min(maxBar, Math.max(1, raw.startBar)));
  const endBar = Math.round(Math.min(maxBar, raw.endBar));
  if (endBar <= startBar) return undefined;
  return typeof raw.sectionId === 'string' ? { startBar, endBar, sectionId: raw.sectionId } : { startBar, endBar };
}

function root(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.transport);
}

export function readTransport(doc: Y.Doc): TransportState {
  const m = root(doc);
  return { playback: readPlayback(m.get(KEY.playback)), loop: readLoop(m.get(KEY.loop)) };
}

/** Writes the playback state whole (a fresh object, so no field of an older state survives). */
export function writePlayback(doc: Y.Doc, playback: Playback, origin: TransactionOrigin): void {
  const value = {
    playing: playback.playing,
    fromTicks: playback.fromTicks,
    startServerMs: playback.startServerMs,
    countInBars: playback.countInBars,
  };
  doc.transact(() => root(doc).set(KEY.playback, value), origin);
}

/** Sets or clears the loop; with `playback`, re-anchors playback in the same transaction. */
export function writeLoop(doc: Y.Doc, loop: LoopRange | undefined, origin: TransactionOrigin, playback?: Playback): void {
  doc.transact(() => {
    if (loop === undefined) root(doc).delete(KEY.loop);
    else root(doc).set(KEY.loop, loop.sectionId === undefined ? { startBar: loop.startBar, endBar: loop.endBar } : { ...loop });
    if (playback) writePlayback(doc, playback, origin);
  }, origin);
}

/** Calls `fn` after each transaction that changed the transport; returns an unsubscribe. */
export function observeTransport(doc: Y.Doc, fn: () => void): () => void {
  const m = root(doc);
  const handler = (): void => fn();
  m.observe(handler);
  return () => m.unobserve(handler);
}
