/**
 * Musical positions (bar, beat, tick) and their place on the timeline (SPEC.md T4).
 *
 * Bars and beats count from 1, as musicians and DAWs say them ("bar 3, beat 1"); `tick` counts
 * from 0 within the beat. A beat is one meter-denominator note, so in 6/8 it is an eighth
 * (`ticksPerBeat(8)` = 240 ticks) while tempo stays in quarter notes. A position converts to
 * absolute ticks by plain arithmetic within its bar's meter — `beat` past the bar's last beat or
 * `tick` past the beat's length simply count on, so `{bar: 1, beat: 5}` in 4/4 is bar 2, beat 1.
 * Bars before 1 (count-in) and after the end use the extended meter (timeline.ts, T4.3).
 */
import { findSegment, secondsToTicks, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { ticks, type Seconds, type Ticks } from './units.ts';

/** A musical position: bar and beat from 1, tick from 0 (may be fractional) within the beat. */
export interface Position {
  readonly bar: number;
  readonly beat: number;
  readonly tick: number;
}

interface BarFrame {
  /** Absolute tick where `bar` starts. */
  readonly start: Ticks;
  readonly ticksPerBar: Ticks;
  readonly ticksPerBeat: Ticks;
}

/** The start tick and meter of a bar (bar numbers from 1; integers). */
function barFrame(tl: TempoTimeline, bar: number): BarFrame {
  const b = Math.floor(bar);
  if (b < 1 || tl.segments.length === 0) {
    const { ticksPerBar, ticksPerBeat } = tl.before;
    return { start: ticks((b - 1) * ticksPerBar), ticksPerBar, ticksPerBeat };
  }
  if (b > tl.totalBars) {
    const { ticksPerBar, ticksPerBeat } = tl.after;
    return { start: ticks(tl.totalTicks + (b - tl.totalBars - 1) * ticksPerBar), ticksPerBar, ticksPerBeat };
  }
  const seg = tl.segments[findSegment(tl, b, 'startBar')];
  if (seg === undefined) throw new Error(`no segment for bar ${b}`); // unreachable: bars 1…totalBars are covered
  return {
    start: ticks(seg.startTicks + (b - seg.startBar) * seg.ticksPerBar),
    ticksPerBar: seg.ticksPerBar,
    ticksPerBeat: seg.ticksPerBeat,
  };
}

/** Absolute ticks (from the start of bar 1) of a position. */
export function positionToTicks(tl: TempoTimeline, p: Position): Ticks {
  const f = barFrame(tl, p.bar);
  return ticks(f.start + (p.beat - 1) * f.ticksPerBeat + p.tick);
}

/** The position of an absolute tick: the bar containing it, the beat within that bar, the rest in ticks. */
export function ticksToPosition(tl: TempoTimeline, t: Ticks): Position {
  let start: number;
  let firstBar: number;
  let tpBar: number;
  let tpBeat: number;
  if (t < 0 || tl.segments.length === 0) {
    ({ ticksPerBar: tpBar, ticksPerBeat: tpBeat } = tl.before);
    start = 0;
    firstBar = 1;
  } else if (t >= tl.totalTicks) {
    ({ ticksPerBar: tpBar, ticksPerBeat: tpBeat } = tl.after);
    start = tl.totalTicks;
    firstBar = tl.totalBars + 1;
  } else {
    const seg = tl.segments[findSegment(tl, t, 'startTicks')];
    if (seg === undefined) throw new Error(`no segment for tick ${t}`); // unreachable: 0 ≤ t < totalTicks
    ({ ticksPerBar: tpBar, ticksPerBeat: tpBeat, startTicks: start, startBar: firstBar } = seg);
  }
  const barOffset = Math.floor((t - start) / tpBar);
  const inBar = t - start - barOffset * tpBar;
  const beatOffset = Math.min(Math.floor(inBar / tpBeat), tpBar / tpBeat - 1);
  return { bar: firstBar + barOffset, beat: beatOffset + 1, tick: inBar - beatOffset * tpBeat };
}

/** Clock time of a musical position. */
export function positionToSeconds(tl: TempoTimeline, p: Position): Seconds {
  return ticksToSeconds(tl, positionToTicks(tl, p));
}

/** Musical position at a clock time (tick fractional); inverse of {@link positionToSeconds}. */
export function secondsToPosition(tl: TempoTimeline, s: Seconds): Position {
  return ticksToPosition(tl, secondsToTicks(tl, s));
}

/** Absolute tick where a bar (from 1) starts. */
export function barStartTicks(tl: TempoTimeline, bar: number): Ticks {
  return barFrame(tl, bar).start;
}

/** Clock time where a bar (from 1) starts; bar `totalBars + 1` is the end of the song. */
export function barStartSeconds(tl: TempoTimeline, bar: number): Seconds {
  return ticksToSeconds(tl, barFrame(tl, bar).start);
}
