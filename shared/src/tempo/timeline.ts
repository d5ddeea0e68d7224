/**
 * The precomputed tempo timeline: every section placed on both axes, so lookups are O(log n).
 *
 * Invariants (SPEC.md T3–T5):
 * - segments are contiguous on both axes: segment i+1 starts where segment i ends, in ticks and
 *   in seconds; the song starts at tick 0 = 0 s = bar 1;
 * - a segment is whole bars of one meter, so every bar and beat boundary is an integer tick;
 * - a `linear` section ramps, linearly in time, from its BPM to the next section's BPM; a ramp on
 *   the last section has no target and holds its tempo (T3.3);
 * - outside the song the map is extended, never undefined (T4.3): before bar 1 with the first
 *   section's meter and BPM (a count-in lands on negative seconds), after the end with the last
 *   section's meter and final tempo. An empty map behaves as 4/4 at 120 BPM of length zero.
 *
 * This module and `position.ts`/`beatGrid.ts` are the only implementation of tempo math in
 * Riffboard: the timeline view, metronome, transport and MIDI export all call them.
 */
import { LIMITS, DEFAULT_SECTION, type SectionFields } from './tempoDoc.ts';
import { quartersAtTime, rampDuration, tempoAtTime, timeAtQuarters, type TempoRamp } from './tempoMath.ts';
import { PPQ, bpm, quarters, seconds, ticks, ticksPerBar, ticksPerBeat, type Bpm, type Seconds, type Ticks } from './units.ts';

/** A section as placed on the timeline. */
export interface TimelineSegment extends TempoRamp {
  /** Index of the section in song order. */
  readonly index: number;
  /** The section's id when the input had one (sections read from the doc do). */
  readonly id: string | undefined;
  readonly name: string;
  readonly key: string | undefined;
  /** First bar of the section, counting from 1. */
  readonly startBar: number;
  readonly bars: number;
  readonly meterNumerator: number;
  readonly meterDenominator: number;
  readonly ticksPerBar: Ticks;
  readonly ticksPerBeat: Ticks;
  readonly startTicks: Ticks;
  readonly endTicks: Ticks;
  readonly startSeconds: Seconds;
  readonly endSeconds: Seconds;
  /** Whether the tempo actually changes across the section (a ramp to a different BPM). */
  readonly ramps: boolean;
}

/** Song-wide lookups; build once per change of the map with {@link buildTimeline}. */
export interface TempoTimeline {
  readonly segments: readonly TimelineSegment[];
  readonly totalTicks: Ticks;
  readonly totalSeconds: Seconds;
  /** Number of bars in the song. */
  readonly totalBars: number;
  /** Meter and tempo used before bar 1 and after the end (T4.3). */
  readonly before: Extension;
  readonly after: Extension;
}

/** How the map continues outside the song: constant tempo, one meter. */
export interface Extension {
  readonly bpm: Bpm;
  readonly meterNumerator: number;
  readonly meterDenominator: number;
  readonly ticksPerBar: Ticks;
  readonly ticksPerBeat: Ticks;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function extension(bpmValue: number, num: number, den: number): Extension {
  return {
    bpm: bpm(bpmValue),
    meterNumerator: num,
    meterDenominator: den,
    ticksPerBar: ticksPerBar(num, den),
    ticksPerBeat: ticksPerBeat(den),
  };
}

/**
 * Places sections (in song order) on the timeline. Expects normalised fields (from `readSection`
 * or a validated draft); BPM and bars are clamped again so a bad caller can't divide by zero.
 */
export function buildTimeline(sections: ReadonlyArray<SectionFields & { readonly id?: string }>): TempoTimeline {
  const segments: TimelineSegment[] = [];
  let startTicks = 0;
  let startSeconds = 0;
  let startBar = 1;
  const bpmOf = (s: SectionFields): number => clamp(s.bpm, LIMITS.bpm.min, LIMITS.bpm.max);
  sections.forEach((s, index) => {
    const bars = Math.max(LIMITS.bars.min, Math.round(s.bars));
    const tpBar = ticksPerBar(s.meterNumerator, s.meterDenominator);
    const length = ticks(bars * tpBar);
    const startBpm = bpm(bpmOf(s));
    const next = sections[index + 1];
    const endBpm = s.ramp === 'linear' && next !== undefined ? bpm(bpmOf(next)) : startBpm;
    const ramp: TempoRamp = { startBpm, endBpm, length: quarters(length / PPQ) };
    const duration = rampDuration(ramp);
    segments.push({
      ...ramp,
      index,
      id: s.id,
      name: s.name,
      key: s.key,
      startBar,
      bars,
      meterNumerator: s.meterNumerator,
      meterDenominator: s.meterDenominator,
      ticksPerBar: tpBar,
      ticksPerBeat: ticksPerBeat(s.meterDenominator),
      startTicks: ticks(startTicks),
      endTicks: ticks(startTicks + length),
      startSeconds: seconds(startSeconds),
      endSeconds: seconds(startSeconds + duration),
      ramps: startBpm !== endBpm,
    });
    startTicks += length;
    startSeconds += duration;
    startBar += bars;
  });
  const first = segments[0];
  const last = segments[segments.length - 1];
  const d = DEFAULT_SECTION;
  return {
    segments,
    totalTicks: ticks(startTicks),
    totalSeconds: seconds(startSeconds),
    totalBars: startBar - 1,
    before: first
      ? extension(first.startBpm, first.meterNumerator, first.meterDenominator)
      : extension(d.bpm, d.meterNumerator, d.meterDenominator),
    after: last
      ? extension(last.endBpm, last.meterNumerator, last.meterDenominator)
      : extension(d.bpm, d.meterNumerator, d.meterDenominator),
  };
}

/** Index of the last segment whose `key` start is ≤ x, or -1 (binary search). */
export function findSegment(tl: TempoTimeline, x: number, key: 'startTicks' | 'startSeconds' | 'startBar'): number {
  let lo = 0;
  let hi = tl.segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = tl.segments[mid];
    if (seg !== undefined && seg[key] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The clock time of a musical position given in absolute ticks from bar 1. Strictly increasing. */
export function ticksToSeconds(tl: TempoTimeline, t: Ticks): Seconds {
  if (t < 0 || tl.segments.length === 0) return seconds(((t / PPQ) * 60) / tl.before.bpm);
  if (t >= tl.totalTicks) return seconds(tl.totalSeconds + (((t - tl.totalTicks) / PPQ) * 60) / tl.after.bpm);
  const seg = tl.segments[findSegment(tl, t, 'startTicks')];
  if (seg === undefined) return seconds(((t / PPQ) * 60) / tl.before.bpm);
  return seconds(seg.startSeconds + timeAtQuarters(seg, quarters((t - seg.startTicks) / PPQ)));
}

/** The musical position, in absolute ticks (fractional), at a clock time; inverse of {@link ticksToSeconds}. */
export function secondsToTicks(tl: TempoTimeline, s: Seconds): Ticks {
  if (s < 0 || tl.segments.length === 0) return ticks(((s * tl.before.bpm) / 60) * PPQ);
  if (s >= tl.totalSeconds) return ticks(tl.totalTicks + ((s - tl.totalSeconds) * tl.after.bpm * PPQ) / 60);
  const seg = tl.segments[findSegment(tl, s, 'startSeconds')];
  if (seg === undefined) return ticks(((s * tl.before.bpm) / 60) * PPQ);
  return ticks(seg.startTicks + quartersAtTime(seg, seconds(s - seg.startSeconds)) * PPQ);
}

/** Length of the song in seconds. */
export function totalSeconds(tl: TempoTimeline): Seconds {
  return tl.totalSeconds;
}

/** The section playing at a clock time, or `undefined` before bar 1 or at/after the end. */
export function sectionAt(tl: TempoTimeline, s: Seconds): TimelineSegment | undefined {
  if (s < 0 || s >= tl.totalSeconds) return undefined;
  return tl.segments[findSegment(tl, s, 'startSeconds')];
}

/** The section containing an absolute tick, or `undefined` outside the song. */
export function sectionAtTicks(tl: TempoTimeline, t: Ticks): TimelineSegment | undefined {
  if (t < 0 || t >= tl.totalTicks) return undefined;
  return tl.segments[findSegment(tl, t, 'startTicks')];
}

/** The instantaneous tempo at a clock time (for drawing the tempo curve, and for MIDI steps). */
export function tempoAt(tl: TempoTimeline, s: Seconds): Bpm {
  if (s < 0 || tl.segments.length === 0) return tl.before.bpm;
  const seg = sectionAt(tl, s);
  if (seg === undefined) return tl.after.bpm;
  return tempoAtTime(seg, seconds(s - seg.startSeconds));
}

/** Start and end (exclusive) of a section by id, for looping or highlighting it. */
export function sectionSpan(tl: TempoTimeline, id: string): { readonly start: Seconds; readonly end: Seconds } | undefined {
  const seg = tl.segments.find((x) => x.id === id);
  return seg && { start: seg.startSeconds, end: seg.endSeconds };
}
