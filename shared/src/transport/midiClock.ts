/**
 * MIDI clock out as a pure schedule (SPEC MC1–MC6 in `SPEC.md`): which MIDI real-time messages a
 * device following the shared transport should receive, and at which server time, in a window of
 * server time. The client turns server time into `performance.now()` time and hands the bytes to
 * Web MIDI's `output.send(bytes, timestamp)`.
 *
 * The sequence a drum machine or a DAW slaved to clock expects (MIDI 1.0, "System Real Time"):
 * - Timing Clock (0xF8) 24 times per quarter note while playing. Clock pulse n sits at musical
 *   position n·(PPQ/24) ticks from bar 1; its time is the tempo timeline's time of that position, so
 *   ramps are followed exactly (the closed-form integral in `tempoCurve.ts`), and meter changes
 *   don't matter (clock counts quarters, not beats).
 * - From the song's start: Start (0xFA) on the downbeat of bar 1, then the first clock at the same
 *   timestamp. A receiver starts on the first clock after Start.
 * - From anywhere else: Song Position Pointer (0xF2, position in sixteenths = 6 clocks) while the
 *   receiver is still stopped — {@link SPP_LEAD_MS} before the playback's first sound (its count-in
 *   or its start), so it has time to locate — then Continue (0xFB) and the first clock on the first
 *   sixteenth at or after the start point (SPP cannot say anything finer).
 * - At the end of the song (no loop): Stop (0xFC) at the end.
 * - A loop wrap: Stop, SPP (the loop start), Continue and the loop start's clock, all at the wrap's
 *   time and in that order. Receivers honour SPP only while stopped, hence the Stop; one timestamp
 *   for the four, so not a single clock goes missing.
 * - Stop pressed, or a seek (a new playback replaces the old one): the client sends Stop when the
 *   change arrives ({@link midiStopBytes}), then plays the new playback's schedule.
 * The count-in sends nothing: the receiver has no bars before bar 1 to play.
 *
 * Every message's server time comes from its playback and its musical position only, never from
 * the window, so consecutive windows [a, b), [b, c) give every message exactly once.
 */
import { secondsToTicks, ticksToSeconds, type TempoTimeline } from '../tempo/timeline.ts';
import { PPQ, seconds, ticks } from '../tempo/units.ts';
import { countInSeconds, loopSpan, type LoopSpan } from './transportSchedule.ts';
import type { TransportState } from './transportDoc.ts';

/** Timing clock pulses per quarter note (MIDI 1.0). */
export const CLOCKS_PER_QUARTER = 24;
/** Ticks between two clock pulses. */
export const TICKS_PER_CLOCK = PPQ / CLOCKS_PER_QUARTER;
/** Ticks per MIDI beat (a sixteenth note: the Song Position Pointer's unit). */
export const TICKS_PER_SIXTEENTH = PPQ / 4;
/** The largest position an SPP can carry (14 bits of sixteenths). */
export const MAX_SONG_POSITION = 0x3fff;
/** How long before the playback's first sound the SPP for a start elsewhere is sent. */
export const SPP_LEAD_MS = 100;

export const MIDI_CLOCK = 0xf8;
export const MIDI_START = 0xfa;
export const MIDI_CONTINUE = 0xfb;
export const MIDI_STOP = 0xfc;
export const MIDI_SONG_POSITION = 0xf2;

export type MidiClockMessage =
  /** Clock pulse at `ticks` (absolute from bar 1, a multiple of {@link TICKS_PER_CLOCK}). */
  | { readonly kind: 'clock'; readonly serverMs: number; readonly ticks: number }
  | { readonly kind: 'start'; readonly serverMs: number }
  | { readonly kind: 'continue'; readonly serverMs: number }
  | { readonly kind: 'stop'; readonly serverMs: number }
  | { readonly kind: 'songPosition'; readonly serverMs: number; readonly sixteenths: number };

/** Order of messages sharing one timestamp (MC4). */
const RANK: Record<MidiClockMessage['kind'], number> = { stop: 0, songPosition: 1, start: 2, continue: 2, clock: 3 };

/** The bytes of one message. */
export function midiBytes(m: MidiClockMessage): number[] {
  switch (m.kind) {
    case 'clock':
      return [MIDI_CLOCK];
    case 'start':
      return [MIDI_START];
    case 'continue':
      return [MIDI_CONTINUE];
    case 'stop':
      return [MIDI_STOP];
    case 'songPosition':
      return [MIDI_SONG_POSITION, m.sixteenths & 0x7f, (m.sixteenths >> 7) & 0x7f];
  }
}

/** The bytes sent when a playback is stopped or replaced (MC5). */
export const midiStopBytes = (): number[] => [MIDI_STOP];

/** The first sixteenth at or after a tick (a hair of rounding error tolerated). */
const sixteenthAtOrAfter = (t: number): number => Math.max(0, Math.ceil(t / TICKS_PER_SIXTEENTH - 1e-6));

/**
 * Every MIDI clock-out message with `fromMs ≤ serverMs < toMs`, in send order (MC1–MC4, MC6).
 * Empty while stopped.
 */
export function midiClockMessages(tl: TempoTimeline, state: TransportState, fromMs: number, toMs: number): MidiClockMessage[] {
  const p = state.playback;
  const out: MidiClockMessage[] = [];
  if (!p.playing || !(toMs > fromMs)) return out;
  const push = (m: MidiClockMessage): void => {
    if (m.serverMs >= fromMs && m.serverMs < toMs) out.push(m);
  };
  const s0 = ticksToSeconds(tl, p.fromTicks);
  const span: LoopSpan | undefined = loopSpan(tl, state.loop);
  const loop = span && s0 < span.end - 1e-9 ? span : undefined;
  const fromStart = (songSeconds: number): number => p.startServerMs + (songSeconds - s0) * 1000;
  const endSeconds = loop ? loop.end : tl.totalSeconds;
  const endTicks = secondsToTicks(tl, seconds(endSeconds));

  /** Clock pulses in [fromTicks, toTicks) of one piece placed by `serverAt`, clipped to the window. */
  const clocks = (pieceFrom: number, pieceTo: number, serverAt: (songSeconds: number) => number, songLo: number, songHi: number): void => {
    // Only the pulses whose song time can fall in the window: convert the window to song time.
    const lo = Math.max(pieceFrom, secondsToTicks(tl, seconds(songLo)) - TICKS_PER_CLOCK);
    const hi = Math.min(pieceTo, secondsToTicks(tl, seconds(songHi)) + TICKS_PER_CLOCK);
    for (let n = Math.ceil(lo / TICKS_PER_CLOCK - 1e-6); n * TICKS_PER_CLOCK < hi - 1e-6; n++) {
      const t = n * TICKS_PER_CLOCK;
      if (t < pieceFrom - 1e-6) continue;
      push({ kind: 'clock', serverMs: serverAt(ticksToSeconds(tl, ticks(t))), ticks: t + 0 });
    }
  };

  // The first piece: from the start point to the loop's end (or the song's end).
  const q0 = sixteenthAtOrAfter(p.fromTicks);
  const firstTicks = q0 * TICKS_PER_SIXTEENTH;
  if (firstTicks < endTicks - 1e-6) {
    const at = fromStart(ticksToSeconds(tl, ticks(firstTicks)));
    if (p.fromTicks === 0) push({ kind: 'start', serverMs: at });
    else {
      const firstSound = p.startServerMs - countInSeconds(tl, p) * 1000;
      push({ kind: 'songPosition', serverMs: firstSound - SPP_LEAD_MS, sixteenths: Math.min(q0, MAX_SONG_POSITION) });
      push({ kind: 'continue', serverMs: at });
    }
    const songFrom = s0 + (fromMs - p.startServerMs) / 1000;
    const songTo = s0 + (toMs - p.startServerMs) / 1000;
    if (songTo > s0 && songFrom < endSeconds) clocks(firstTicks, endTicks, fromStart, songFrom, songTo);
  }
  if (!loop) {
    if (s0 < tl.totalSeconds) push({ kind: 'stop', serverMs: fromStart(tl.totalSeconds) });
  } else {
    // Pass k of the loop starts (raw song time) at loop.end + k·len.
    const len = loop.end - loop.start;
    const rawFrom = s0 + (fromMs - p.startServerMs) / 1000;
    const rawTo = s0 + (toMs - p.startServerMs) / 1000;
    const loopStartTicks = secondsToTicks(tl, loop.start);
    const qLoop = sixteenthAtOrAfter(loopStartTicks);
    const qTicks = qLoop * TICKS_PER_SIXTEENTH;
    const firstPass = Math.max(0, Math.floor((rawFrom - loop.end) / len) - 1);
    const lastPass = Math.floor((rawTo - loop.end) / len);
    for (let k = firstPass; k <= lastPass && k - firstPass < 10_000; k++) {
      const passRaw = loop.end + k * len;
      const serverAt = (x: number): number => fromStart(passRaw + (x - loop.start));
      const continueMs = serverAt(ticksToSeconds(tl, ticks(qTicks)));
      // On a sixteenth (every bar line is), the wrap and the continue are one instant: one timestamp.
      const wrapMs = Math.abs(continueMs - fromStart(passRaw)) < 1e-3 ? continueMs : fromStart(passRaw);
      push({ kind: 'stop', serverMs: wrapMs });
      if (qTicks >= endTicks - 1e-6) continue; // a loop shorter than a sixteenth: nothing to continue
      push({ kind: 'songPosition', serverMs: wrapMs, sixteenths: Math.min(qLoop, MAX_SONG_POSITION) });
      push({ kind: 'continue', serverMs: continueMs });
      const from = loop.start + rawFrom - passRaw;
      const to = loop.start + rawTo - passRaw;
      if (to > loop.start && from < loop.end) clocks(qTicks, endTicks, serverAt, from, to);
    }
  }
  return out.sort((a, b) => a.serverMs - b.serverMs || RANK[a.kind] - RANK[b.kind]);
}

/** How far ahead of "now" a device joining a running playback continues, so its SPP arrives first. */
export const JOIN_MARGIN_MS = 20;

/**
 * Joining a playback that is already running (MC5: MIDI clock switched on mid-song, a late joiner,
 * an edit of the tempo map while playing): SPP now, then Continue on the first sixteenth at least
 * {@link JOIN_MARGIN_MS} after `serverMs`, at the time the schedule gives that sixteenth's clock.
 * Undefined when no sixteenth comes before the next stop or loop wrap (that one starts the
 * receiver itself) within `horizonMs`.
 */
export function midiJoin(
  tl: TempoTimeline,
  state: TransportState,
  serverMs: number,
  horizonMs = 2000,
): { readonly sixteenths: number; readonly continueMs: number } | undefined {
  for (const m of midiClockMessages(tl, state, serverMs + JOIN_MARGIN_MS, serverMs + horizonMs)) {
    if (m.kind !== 'clock') return undefined;
    if (m.ticks % TICKS_PER_SIXTEENTH === 0)
      return { sixteenths: Math.min(m.ticks / TICKS_PER_SIXTEENTH, MAX_SONG_POSITION), continueMs: m.serverMs };
  }
  return undefined;
}
