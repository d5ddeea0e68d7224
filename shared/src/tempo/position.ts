/**
 * Musical positions (bar, beat, tick) and their place on the timeline (SPEC.md T4).
 *
 * Bars and beats count from 1, as musicians and DAWs say them ("bar 3, beat 1"); `tick` counts
 * from 0 within the beat. A beat is one meter-denominator note, so in 6/8 it is an eighth
 * (`ticksPerBeat(8)` = 240 ticks) while tempo stays in quarter notes. A position converts to
 * absolute ticks by plain arithmetic within its bar's meter — `beat` past the bar's last beat or
 * `tick` past the beat's length simply count on, so `{bar: 1, beat: 5}` in 4/4 is bar 2, beat 1.
 * Bars before 1 (count-in) use the meter of bar 1 (T4.3).
 */
import type { Position } from './tempoMap.ts';
import { meterAtBar, meterAtTicks, secondsToTicks, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { ticks, type Seconds, type Ticks } from './units.ts';

export type { Position } from './tempoMap.ts';

/** Absolute ticks (from the start of bar 1) of a position. */
export function positionToTicks(tl: TempoTimeline, p: Position): Ticks {
  return ticks(barStartTicks(tl, p.bar) + (p.beat - 1) * meterAtBar(tl, Math.floor(p.bar)).ticksPerBeat + p.tick);
}

/** The position of an absolute tick: the bar containing it, the beat within that bar, the rest in ticks. */
export function ticksToPosition(tl: TempoTimeline, t: Ticks): Position {
  const r = meterAtTicks(tl, t);
  const barOffset = Math.floor((t - r.startTicks) / r.ticksPerBar);
  const inBar = t - r.startTicks - barOffset * r.ticksPerBar;
  const beatOffset = Math.max(0, Math.min(Math.floor(inBar / r.ticksPerBeat), r.numerator - 1));
  return { bar: r.startBar + barOffset, beat: beatOffset + 1, tick: inBar - beatOffset * r.ticksPerBeat };
}

/** Clock time of a musical position. */
export function positionToSeconds(tl: TempoTimeline, p: Position): Seconds {
  return ticksToSeconds(tl, positionToTicks(tl, p));
}

/** Musical position at a clock time (tick fractional); inverse of {@link positionToSeconds}. */
export function secondsToPosition(tl: TempoTimeline, s: Seconds): Position {
  return ticksToPosition(tl, secondsToTicks(tl, s));
}

/** Absolute tick where a bar (from 1; integer) starts. */
export function barStartTicks(tl: TempoTimeline, bar: number): Ticks {
  const b = Math.floor(bar);
  const r = meterAtBar(tl, b);
  return ticks(r.startTicks + (b - r.startBar) * r.ticksPerBar);
}

/** Clock time where a bar (from 1) starts; bar `totalBars + 1` is the end of the song. */
export function barStartSeconds(tl: TempoTimeline, bar: number): Seconds {
  return ticksToSeconds(tl, barStartTicks(tl, bar));
}
