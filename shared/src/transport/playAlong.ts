/**
 * Play along (SPEC P1–P4 in `SPEC.md`): references placed on the song's timeline play with the
 * click on the shared transport. Pure functions of the tempo timeline, the transport state and an
 * anchor, so every client computes the same file position for the same server time.
 *
 * The rule: a reference anchored "file time F is bar B beat b" is at file time
 * `songSeconds − seconds(B, b) + F` whenever the transport is at `songSeconds` (P2). Song time
 * advances one-to-one with server time in pieces — from the start point to the loop end (or the
 * song's end), then once per pass of the loop — so the reference plays as one continuous segment
 * of the file per piece (P3); a client starts one buffer source per segment on its audio clock,
 * exactly like a click. During the count-in the song stands still, so references are silent.
 */
import { positionToSeconds } from '../tempo/position.ts';
import { ticksToSeconds, type TempoTimeline } from '../tempo/timeline.ts';
import { ticks } from '../tempo/units.ts';
import type { ReferenceAnchor } from '../references/referencesDoc.ts';
import { loopSpan } from './transportSchedule.ts';
import type { TransportState } from './transportDoc.ts';

/** A stretch of song time that sounds one-to-one with server time. */
export interface SongPiece {
  /** Server time (epoch ms) at which `songFrom` sounds. */
  readonly serverMs: number;
  readonly songFrom: number;
  readonly songTo: number;
}

/** A continuous stretch of a reference file to play. */
export interface PlayAlongSegment {
  /** Server time (epoch ms) at which `fileFrom` sounds. */
  readonly serverMs: number;
  readonly fileFrom: number;
  readonly fileTo: number;
}

/** Song time (s) of an anchor's bar and beat, on this timeline (P2). */
export function anchorSongSeconds(tl: TempoTimeline, anchor: ReferenceAnchor): number {
  return positionToSeconds(tl, { bar: anchor.bar, beat: anchor.beat, tick: 0 });
}

/** Where in the file an anchored reference is when the song is at `songSeconds` (P2). */
export function fileTimeAt(tl: TempoTimeline, anchor: ReferenceAnchor, songSeconds: number): number {
  return songSeconds - anchorSongSeconds(tl, anchor) + anchor.fileSeconds;
}

/** The anchor that makes file time `fileSeconds` sound at song time `songSeconds` (the inverse of {@link fileTimeAt}). */
export function anchorFor(tl: TempoTimeline, bar: number, beat: number, fileSeconds: number, songSeconds: number): ReferenceAnchor {
  const at = positionToSeconds(tl, { bar, beat, tick: 0 });
  return { bar, beat, fileSeconds: fileSeconds - (songSeconds - at) };
}

/**
 * The pieces of song time the transport plays that overlap server time [fromMs, toMs), in order
 * (P3); at most `maxPieces` (a guard: the scheduler asks for a second, a few dozen passes of the
 * shortest loop). The same model as `transportClicks` (X3, X4): a loop folds playback that started before
 * its end; without one, playback ends with the song.
 */
export function songPieces(tl: TempoTimeline, state: TransportState, fromMs: number, toMs: number, maxPieces = 10_000): SongPiece[] {
  const p = state.playback;
  const out: SongPiece[] = [];
  if (!p.playing || !(toMs > fromMs)) return out;
  const s0 = ticksToSeconds(tl, ticks(p.fromTicks));
  const rawLoop = loopSpan(tl, state.loop);
  const loop = rawLoop && s0 < rawLoop.end - 1e-9 ? rawLoop : undefined;
  const overlaps = (serverMs: number, from: number, to: number): boolean =>
    to - from > 1e-9 && serverMs < toMs && serverMs + (to - from) * 1000 > fromMs;
  const firstEnd = loop ? loop.end : tl.totalSeconds;
  if (overlaps(p.startServerMs, s0, firstEnd)) out.push({ serverMs: p.startServerMs, songFrom: s0, songTo: firstEnd });
  if (!loop) return out;
  const len = loop.end - loop.start;
  const passStartMs = (k: number): number => p.startServerMs + (loop.end - s0 + k * len) * 1000;
  let k = Math.max(0, Math.floor((fromMs - passStartMs(0)) / (len * 1000)));
  for (; out.length < maxPieces && passStartMs(k) < toMs; k++) {
    if (overlaps(passStartMs(k), loop.start, loop.end)) out.push({ serverMs: passStartMs(k), songFrom: loop.start, songTo: loop.end });
  }
  return out;
}

/**
 * The stretches of an anchored reference (`durationSeconds` long) to play over server time
 * [fromMs, toMs): each song piece mapped to file time and clipped to the file (P3). A piece that
 * starts before the file does begins sounding where file time reaches 0.
 */
export function playAlongSegments(
  tl: TempoTimeline,
  state: TransportState,
  anchor: ReferenceAnchor,
  durationSeconds: number,
  fromMs: number,
  toMs: number,
): PlayAlongSegment[] {
  const out: PlayAlongSegment[] = [];
  const shift = anchor.fileSeconds - anchorSongSeconds(tl, anchor);
  for (const piece of songPieces(tl, state, fromMs, toMs)) {
    const a = piece.songFrom + shift;
    const b = piece.songTo + shift;
    const fileFrom = Math.max(0, a);
    const fileTo = Math.min(durationSeconds, b);
    if (fileTo - fileFrom <= 1e-9) continue;
    const serverMs = piece.serverMs + (fileFrom - a) * 1000;
    if (serverMs >= toMs || serverMs + (fileTo - fileFrom) * 1000 <= fromMs) continue;
    out.push({ serverMs, fileFrom, fileTo });
  }
  return out;
}
