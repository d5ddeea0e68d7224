/**
 * Listen together: which reference the room's shared transport is playing, from where, since when.
 *
 * Stored under the `transport` root beside `playback` (the tempo map / metronome), as one plain
 * object written whole (key `reference`), for the same reason `playback` is: two people pressing
 * Play and Stop at once end in one state, never a mix. What the room hears is decided by
 * {@link activeSource}: the most recent start wins. Pressing Play on a reference also stops the
 * metronome playback in the same transaction ({@link startReference}); a transport Play that
 * starts later than the reference start supersedes it, so the metronome code needs no change.
 *
 * Position: the reference's `fromSeconds` sounds at server time `startServerMs`; after that the
 * reference advances one second per second of server time, like the song does (transportSchedule).
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { readTransport, writePlayback, type Playback } from './transportDoc.ts';

const KEY = 'reference';

export interface ReferencePlayback {
  readonly referenceId: string;
  readonly playing: boolean;
  /** Position in the reference (seconds) at `startServerMs`, or where the playhead rests. */
  readonly fromSeconds: number;
  /** Server time (epoch ms) at which `fromSeconds` sounds. */
  readonly startServerMs: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function readReferencePlayback(raw: unknown): ReferencePlayback | undefined {
  if (
    !isRecord(raw) ||
    typeof raw.referenceId !== 'string' ||
    typeof raw.playing !== 'boolean' ||
    !finite(raw.fromSeconds) ||
    !finite(raw.startServerMs)
  )
    return undefined;
  return {
    referenceId: raw.referenceId,
    playing: raw.playing,
    fromSeconds: Math.max(0, raw.fromSeconds),
    startServerMs: raw.startServerMs,
  };
}

function root(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.transport);
}

export function getReferencePlayback(doc: Y.Doc): ReferencePlayback | undefined {
  return readReferencePlayback(root(doc).get(KEY));
}

/** The source the room hears: a reference when its start is the latest, else the song (metronome). */
export function activeSource(
  song: Playback,
  ref: ReferencePlayback | undefined,
): { readonly kind: 'song' } | { readonly kind: 'reference'; readonly playback: ReferencePlayback } | { readonly kind: 'none' } {
  if (ref?.playing && !(song.playing && song.startServerMs > ref.startServerMs)) return { kind: 'reference', playback: ref };
  return song.playing ? { kind: 'song' } : { kind: 'none' };
}

/** Seconds into the reference at server time `serverMs` (before the start: the start point). */
export function referencePositionAt(p: ReferencePlayback, serverMs: number): number {
  if (!p.playing) return p.fromSeconds;
  return p.fromSeconds + Math.max(0, serverMs - p.startServerMs) / 1000;
}

/** Starts a reference for the room at `startServerMs`, stopping the song playback in the same transaction. */
export function startReference(
  doc: Y.Doc,
  referenceId: string,
  fromSeconds: number,
  startServerMs: number,
  origin: TransactionOrigin,
): void {
  doc.transact(() => {
    const song = readTransport(doc).playback;
    if (song.playing) writePlayback(doc, { ...song, playing: false }, origin);
    root(doc).set(KEY, { referenceId, playing: true, fromSeconds: Math.max(0, fromSeconds), startServerMs });
  }, origin);
}

/** Stops (or parks the playhead of) the shared reference playback at `atSeconds`. */
export function stopReference(doc: Y.Doc, referenceId: string, atSeconds: number, origin: TransactionOrigin): void {
  doc.transact(() => root(doc).set(KEY, { referenceId, playing: false, fromSeconds: Math.max(0, atSeconds), startServerMs: 0 }), origin);
}

export function observeReferencePlayback(doc: Y.Doc, fn: () => void): () => void {
  const m = root(doc);
  const handler = (): void => fn();
  m.observe(handler);
  return () => m.unobserve(handler);
}
