/**
 * Where a recorded take sits on the song (SPEC R3) and when recording punches out (R4): pure
 * functions of the tempo timeline, the transport state, the audio-clock mapping and the round trip.
 *
 * The mapping is the transport's own: a click for server time S is scheduled at context time
 * `(S − mappingMs) / 1000`, and heard at S. So anything captured at context time `c` was played
 * when server time `(c − roundTrip) · 1000 + mappingMs` was heard.
 */
import { sectionAt, ticksToSeconds, type TempoTimeline } from '../tempo/timeline.ts';
import { seconds, ticks } from '../tempo/units.ts';
import type { ReferenceAnchor } from '../references/referencesDoc.ts';
import { loopSpan, transportClicks } from '../transport/transportSchedule.ts';
import type { TransportState } from '../transport/transportDoc.ts';

/** The server time (epoch ms) at which what was captured at context time `contextSeconds` was played (R3). */
export function playedAtServerMs(contextSeconds: number, roundTripSeconds: number, mappingMs: number): number {
  return (contextSeconds - roundTripSeconds) * 1000 + mappingMs;
}

/** The beat a take punches in on: its place in the shared schedule and on the song. */
export interface PunchIn {
  /** Server time (epoch ms) at which the beat is heard. */
  readonly serverMs: number;
  readonly bar: number;
  readonly beat: number;
  /** Song time of the beat. */
  readonly songSeconds: number;
}

/** How far ahead a take recorded into running playback punches in at the earliest (R4). */
export const PUNCH_IN_MARGIN_MS = 300;

/**
 * The beat a take punches in on (R4): the first beat of the song (not the count-in) at or after
 * `notBeforeMs`, and only a bar's first beat when `downbeat` is set. Undefined when the transport
 * is stopped or no such beat comes within a minute.
 */
export function punchIn(tl: TempoTimeline, state: TransportState, notBeforeMs: number, downbeat: boolean): PunchIn | undefined {
  if (!state.playback.playing) return undefined;
  for (let from = notBeforeMs; from < notBeforeMs + 60_000; from += 5_000) {
    const c = transportClicks(tl, state, from, from + 5_000).find((k) => !k.countIn && (!downbeat || k.isDownbeat));
    if (c) return { serverMs: c.serverMs, bar: c.bar, beat: c.beat, songSeconds: c.songSeconds };
  }
  return undefined;
}

/**
 * The placement of a take whose first kept frame was captured at context time `firstFrameSeconds`
 * (R3): "file time F is bar B beat b" for the beat it punched in on, where F is the file time at
 * which a note played on that beat was captured.
 */
export function takePlacement(from: PunchIn, firstFrameSeconds: number, roundTripSeconds: number, mappingMs: number): ReferenceAnchor {
  const fileZeroServerMs = playedAtServerMs(firstFrameSeconds, roundTripSeconds, mappingMs);
  return { bar: from.bar, beat: from.beat, fileSeconds: (from.serverMs - fileZeroServerMs) / 1000 };
}

/**
 * When (server epoch ms) a take that punched in at `from` punches out by itself (R4): the end of the
 * loop pass when it punched in inside the loop; else the end of its section (or the loop's start
 * edge it would fold back from, whichever comes first); else the song's end.
 */
export function punchOutServerMs(tl: TempoTimeline, state: TransportState, from: PunchIn): number {
  const s = from.songSeconds;
  const s0 = ticksToSeconds(tl, ticks(state.playback.fromTicks));
  const loop = loopSpan(tl, state.loop);
  const folding = loop && s0 < loop.end - 1e-9 ? loop : undefined;
  const sectionEnd = sectionAt(tl, seconds(s))?.endSeconds ?? tl.totalSeconds;
  const end =
    folding && s < folding.end - 1e-9 ? (s >= folding.start - 1e-9 ? folding.end : Math.min(sectionEnd, folding.end)) : sectionEnd;
  return from.serverMs + Math.max(0, end - s) * 1000;
}

/** The name of the section a take that punched in at `from` belongs to. */
export function takeSection(tl: TempoTimeline, from: PunchIn): string | undefined {
  return sectionAt(tl, seconds(from.songSeconds))?.name || undefined;
}
