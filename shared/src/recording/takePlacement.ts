/**
 * Where a recorded take sits on the song (SPEC R3) and when recording punches out (R4): pure
 * functions of the tempo timeline, the transport state, the audio-clock mapping and the round trip.
 *
 * The mapping is the transport's own: a click for server time S is scheduled at context time
 * `(S − mappingMs) / 1000`, and heard at S. So anything captured at context time `c` was played
 * when server time `(c − roundTrip) · 1000 + mappingMs` was heard.
 */
import { ticksToPosition } from '../tempo/position.ts';
import { beatTicksBetween, sectionAt, ticksToSeconds, type TempoTimeline } from '../tempo/timeline.ts';
import { PPQ, ticks } from '../tempo/units.ts';
import type { ReferenceAnchor } from '../references/referencesDoc.ts';
import { loopSpan } from '../transport/transportSchedule.ts';
import type { TransportState } from '../transport/transportDoc.ts';

/** The server time (epoch ms) at which what was captured at context time `contextSeconds` was played (R3). */
export function playedAtServerMs(contextSeconds: number, roundTripSeconds: number, mappingMs: number): number {
  return (contextSeconds - roundTripSeconds) * 1000 + mappingMs;
}

/** The first beat at or after tick `t` (bar and beat) and its song time. */
function beatAtOrAfter(tl: TempoTimeline, t: number): { readonly bar: number; readonly beat: number; readonly seconds: number } {
  const here = ticksToPosition(tl, ticks(t));
  const onBeat = here.tick < 1e-6 ? t : (beatTicksBetween(tl, t, t + 8 * PPQ * 64)[0] ?? t);
  const p = ticksToPosition(tl, ticks(onBeat));
  return { bar: p.bar, beat: p.beat, seconds: ticksToSeconds(tl, ticks(onBeat)) };
}

/**
 * The placement of a take whose first kept frame was captured at context time `firstFrameSeconds`
 * while `state` played (R3): "file time F is bar B beat b" for the first beat at or after the
 * playback's start point. Undefined when the transport is not playing.
 */
export function takePlacement(
  tl: TempoTimeline,
  state: TransportState,
  firstFrameSeconds: number,
  roundTripSeconds: number,
  mappingMs: number,
): ReferenceAnchor | undefined {
  const p = state.playback;
  if (!p.playing) return undefined;
  const s0 = ticksToSeconds(tl, ticks(p.fromTicks));
  const beat = beatAtOrAfter(tl, p.fromTicks);
  const beatServerMs = p.startServerMs + (beat.seconds - s0) * 1000;
  const fileZeroServerMs = playedAtServerMs(firstFrameSeconds, roundTripSeconds, mappingMs);
  return { bar: beat.bar, beat: beat.beat, fileSeconds: (beatServerMs - fileZeroServerMs) / 1000 };
}

/**
 * When (server epoch ms) a take recorded over `state` punches out by itself (R4): the end of the
 * loop's first pass when the start point is inside the loop, else the end of the section it
 * started in, else the song's end. Undefined when the transport is not playing.
 */
export function punchOutServerMs(tl: TempoTimeline, state: TransportState): number | undefined {
  const p = state.playback;
  if (!p.playing) return undefined;
  const s0 = ticksToSeconds(tl, ticks(p.fromTicks));
  const loop = loopSpan(tl, state.loop);
  const end = loop && s0 >= loop.start - 1e-9 && s0 < loop.end - 1e-9 ? loop.end : (sectionAt(tl, s0)?.endSeconds ?? tl.totalSeconds);
  return p.startServerMs + Math.max(0, end - s0) * 1000;
}

/** The name of the section a take recorded from the playback's start point belongs to. */
export function takeSection(tl: TempoTimeline, state: TransportState): string | undefined {
  const s0 = ticksToSeconds(tl, ticks(state.playback.fromTicks));
  return sectionAt(tl, s0)?.name || undefined;
}
