/**
 * Where the shared transport is at a given server time, and which clicks fall in a window of server
 * time — pure functions of the tempo timeline, the transport state and a server time (SPEC X1–X6 in
 * `shared/src/transport/SPEC.md`).
 *
 * The model: playback starts at the musical point `fromTicks`, which sounds at server time
 * `startServerMs`; `countInBars` bars of count-in precede it, at the meter and tempo in force at the
 * start point (a constant tempo, so the band hears a steady pulse before a ramp). After the start,
 * song time advances one second per second of server time ("raw" song time `s0 + elapsed`); a loop
 * [loopStart, loopEnd) folds raw time back once it passes the loop end — provided playback started
 * before the loop end (starting after a loop plays on to the end, as DAWs do). Without a loop,
 * playback ends at the end of the song.
 *
 * Clicks are the tempo map's beat grid (`beatGrid`, the one implementation of beat times) placed on
 * the server-time axis piece by piece, so the metronome, the playhead and a late joiner all agree.
 */
import { beatGrid } from '../tempo/beatGrid.ts';
import { barStartSeconds, ticksToPosition, type Position } from '../tempo/position.ts';
import { meterAtTicks, sectionSpan, secondsToTicks, tempoAt, ticksToSeconds, type TempoTimeline } from '../tempo/timeline.ts';
import { PPQ, seconds, ticks, type Seconds, type Ticks } from '../tempo/units.ts';
import type { LoopRange, Playback, TransportState } from './transportDoc.ts';

/** A loop resolved to song seconds. */
export interface LoopSpan {
  readonly start: Seconds;
  readonly end: Seconds;
}

/** What the transport is doing at one server time. */
export type TransportNow =
  | { readonly phase: 'stopped'; readonly songSeconds: Seconds; readonly position: Position }
  /** Counting in: `beat` from 1 over the whole count-in (1…numerator·bars). */
  | { readonly phase: 'countIn'; readonly songSeconds: Seconds; readonly position: Position; readonly beat: number; readonly beats: number }
  | { readonly phase: 'playing'; readonly songSeconds: Seconds; readonly position: Position }
  /** Played past the end of the song (no loop): silent, playhead parked at the end. */
  | { readonly phase: 'ended'; readonly songSeconds: Seconds; readonly position: Position };

/** One metronome click on the server-time axis. */
export interface TransportClick {
  /** Server time (epoch ms) at which the click should be heard. */
  readonly serverMs: number;
  readonly bar: number;
  readonly beat: number;
  readonly isDownbeat: boolean;
  /** Part of the count-in, not the song. */
  readonly countIn: boolean;
  /** Song time of the click (the start point for count-in clicks). */
  readonly songSeconds: Seconds;
}

/** Meter and tempo in force at a tick (extended outside the song, T4.3). */
function meterAt(tl: TempoTimeline, t: Ticks): { readonly numerator: number; readonly ticksPerBeat: number } {
  return meterAtTicks(tl, t);
}

/** The count-in's beats: how many, and how long each lasts (constant tempo, X2). */
export function countInBeats(
  tl: TempoTimeline,
  p: Playback,
): { readonly beats: number; readonly numerator: number; readonly beatSeconds: Seconds } {
  const m = meterAt(tl, p.fromTicks);
  const tempo = tempoAt(tl, ticksToSeconds(tl, p.fromTicks));
  return { beats: p.countInBars * m.numerator, numerator: m.numerator, beatSeconds: seconds(((m.ticksPerBeat / PPQ) * 60) / tempo) };
}

/** Length of the count-in in seconds. */
export function countInSeconds(tl: TempoTimeline, p: Playback): Seconds {
  const c = countInBeats(tl, p);
  return seconds(c.beats * c.beatSeconds);
}

/** The loop in song seconds: its section's span if it follows a section that still exists, else its bars. */
export function loopSpan(tl: TempoTimeline, loop: LoopRange | undefined): LoopSpan | undefined {
  if (!loop) return undefined;
  const bySection = loop.sectionId === undefined ? undefined : sectionSpan(tl, loop.sectionId);
  const span = bySection ?? { start: barStartSeconds(tl, loop.startBar), end: barStartSeconds(tl, loop.endBar) };
  return span.end - span.start > 1e-6 ? span : undefined;
}

/** Whether the loop folds this playback: it started before the loop's end (X4). */
function activeLoop(s0: number, loop: LoopSpan | undefined): LoopSpan | undefined {
  return loop && s0 < loop.end - 1e-9 ? loop : undefined;
}

/** Raw song time (start point + elapsed) folded into the loop (X4). */
export function foldIntoLoop(s0: number, raw: number, loop: LoopSpan | undefined): Seconds {
  const l = activeLoop(s0, loop);
  if (!l || raw < l.end) return seconds(raw);
  const len = l.end - l.start;
  const k = Math.floor((raw - l.end) / len + 1e-12);
  return seconds(Math.max(l.start, l.start + (raw - l.end) - k * len));
}

/** Where the transport is at server time `serverMs` (X1, X3–X5). */
export function transportAt(tl: TempoTimeline, state: TransportState, serverMs: number): TransportNow {
  const p = state.playback;
  const s0 = ticksToSeconds(tl, p.fromTicks);
  const at = (s: Seconds): Position => ticksToPosition(tl, secondsToTicks(tl, s));
  if (!p.playing) return { phase: 'stopped', songSeconds: s0, position: at(s0) };
  const elapsed = (serverMs - p.startServerMs) / 1000;
  if (elapsed < 0) {
    const c = countInBeats(tl, p);
    const intoCountIn = c.beats * c.beatSeconds + elapsed;
    // Before the count-in starts (the lead time for the message to reach everyone) beat is 0.
    const beat = intoCountIn < 0 ? 0 : Math.min(c.beats, Math.floor(intoCountIn / c.beatSeconds + 1e-9) + 1);
    return { phase: 'countIn', songSeconds: s0, position: at(s0), beat, beats: c.beats };
  }
  const loop = loopSpan(tl, state.loop);
  const raw = s0 + elapsed;
  if (!activeLoop(s0, loop) && raw >= tl.totalSeconds)
    return { phase: 'ended', songSeconds: tl.totalSeconds, position: at(tl.totalSeconds) };
  const song = foldIntoLoop(s0, raw, loop);
  return { phase: 'playing', songSeconds: song, position: at(song) };
}

/**
 * Every click with `fromMs ≤ serverMs < toMs`, in order (X2, X6). Consecutive windows
 * [a, b), [b, c) give every click exactly once, including across a loop wrap.
 */
export function transportClicks(tl: TempoTimeline, state: TransportState, fromMs: number, toMs: number): TransportClick[] {
  const p = state.playback;
  const out: TransportClick[] = [];
  if (!p.playing || !(toMs > fromMs)) return out;
  const s0 = ticksToSeconds(tl, p.fromTicks);

  // Count-in: evenly spaced beats ending at the start point.
  const c = countInBeats(tl, p);
  for (let i = 0; i < c.beats; i++) {
    const serverMs = p.startServerMs - (c.beats - i) * c.beatSeconds * 1000;
    if (serverMs >= fromMs && serverMs < toMs) {
      out.push({
        serverMs,
        bar: 1 - p.countInBars + Math.floor(i / c.numerator),
        beat: (i % c.numerator) + 1,
        isDownbeat: i % c.numerator === 0,
        countIn: true,
        songSeconds: s0,
      });
    }
  }

  // The song, as pieces of song time that advance one-to-one with server time: before the loop
  // (or the whole song without one), then one piece per pass k of the loop. A click's server time
  // is computed from its pass and its song time only — never from the window — so a click on a
  // window boundary gets the same time in both windows and the [fromMs, toMs) test picks one.
  const loop = activeLoop(s0, loopSpan(tl, state.loop));
  const rawFrom = s0 + (Math.max(fromMs, p.startServerMs) - p.startServerMs) / 1000;
  const rawTo = s0 + (toMs - p.startServerMs) / 1000;
  const eps = 1e-6;
  const emit = (songFrom: number, songTo: number, lo: number, hi: number, serverAt: (songSeconds: number) => number): void => {
    for (const b of beatGrid(tl, seconds(songFrom - eps), seconds(songTo + eps))) {
      if (b.seconds < lo || b.seconds >= hi) continue;
      const serverMs = serverAt(b.seconds);
      if (serverMs < fromMs || serverMs >= toMs) continue;
      out.push({ serverMs, bar: b.bar, beat: b.beat, isDownbeat: b.isDownbeat, countIn: false, songSeconds: b.seconds });
    }
  };
  const fromStart = (x: number): number => p.startServerMs + (x - s0) * 1000;
  const firstEnd = loop ? loop.end : tl.totalSeconds;
  if (rawFrom < firstEnd && rawTo > rawFrom) emit(rawFrom, Math.min(rawTo, firstEnd), s0, firstEnd, fromStart);
  if (loop && rawTo > loop.end) {
    const len = loop.end - loop.start;
    const firstPass = Math.max(0, Math.floor((rawFrom - loop.end) / len));
    const lastPass = Math.floor((rawTo - loop.end) / len);
    for (let k = firstPass; k <= lastPass && k - firstPass < 10_000; k++) {
      const passRaw = loop.end + k * len; // raw song time at which pass k starts
      const from = Math.max(loop.start, loop.start + rawFrom - passRaw);
      const to = Math.min(loop.end, loop.start + rawTo - passRaw);
      if (to <= from - eps) continue;
      emit(from, to, loop.start, loop.end, (x) => fromStart(passRaw + (x - loop.start)));
    }
  }
  return out;
}

/** The first downbeat at or after `serverMs` within the next `horizonMs` (count-in included). */
export function nextDownbeat(tl: TempoTimeline, state: TransportState, serverMs: number, horizonMs = 60_000): TransportClick | undefined {
  return transportClicks(tl, state, serverMs, serverMs + horizonMs).find((c) => c.isDownbeat);
}

/** How far ahead of "now" a shared start is placed, so the change reaches every client first. */
export const DEFAULT_LEAD_MS = 300;

/** "Play for everyone" from `fromTicks`: the count-in starts `leadMs` from now (X2). */
export function playFrom(
  tl: TempoTimeline,
  fromTicks: Ticks,
  serverNowMs: number,
  countInBars: number,
  leadMs = DEFAULT_LEAD_MS,
): Playback {
  const draft: Playback = { playing: true, fromTicks: ticks(Math.max(0, fromTicks)), startServerMs: 0, countInBars };
  return { ...draft, startServerMs: serverNowMs + leadMs + countInSeconds(tl, draft) * 1000 };
}

/** Stop: the playhead parks at the start of the bar being played (or stays where it rested). */
export function stopAt(tl: TempoTimeline, state: TransportState, serverNowMs: number): Playback {
  const now = transportAt(tl, state, serverNowMs);
  const bar = now.phase === 'playing' || now.phase === 'ended' ? now.position.bar : ticksToPosition(tl, state.playback.fromTicks).bar;
  const t =
    now.phase === 'stopped' || now.phase === 'countIn'
      ? state.playback.fromTicks
      : secondsToTicks(tl, barStartSeconds(tl, Math.min(bar, Math.max(1, tl.totalBars))));
  return { playing: false, fromTicks: ticks(Math.max(0, Math.round(t))), startServerMs: 0, countInBars: 0 };
}

/**
 * Seek: while stopped, moves the resting playhead; while playing, playback continues from the new
 * point `leadMs` from now, without a count-in (X5).
 */
export function seekTo(state: TransportState, toTicks: Ticks, serverNowMs: number, leadMs = DEFAULT_LEAD_MS): Playback {
  const fromTicks = ticks(Math.max(0, Math.round(toTicks)));
  if (!state.playback.playing) return { playing: false, fromTicks, startServerMs: 0, countInBars: 0 };
  return { playing: true, fromTicks, startServerMs: serverNowMs + leadMs, countInBars: 0 };
}

/**
 * Playback re-anchored so a loop change takes effect without a jump: the transport continues from
 * where it will be `leadMs` from now under the current state. Returns undefined when not playing
 * (or still counting in), where the loop applies without re-anchoring.
 */
export function reanchor(tl: TempoTimeline, state: TransportState, serverNowMs: number, leadMs = DEFAULT_LEAD_MS): Playback | undefined {
  const at = serverNowMs + leadMs;
  const now = transportAt(tl, state, at);
  if (now.phase !== 'playing') return undefined;
  return { playing: true, fromTicks: secondsToTicks(tl, now.songSeconds), startServerMs: at, countInBars: 0 };
}
