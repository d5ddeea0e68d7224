/**
 * The precomputed tempo timeline (SPEC.md T2–T4): the meter changes placed on the tick axis, the
 * tempo track cut into segments placed on both the tick and the seconds axis, and the form's
 * sections placed on both, so every lookup is a binary search and a closed-form curve
 * (`tempoCurve.ts`).
 *
 * Axes: ticks count from the start of bar 1 ({@link PPQ} per quarter, fractional allowed), seconds
 * from the same instant. Both extend to negative values (a count-in) with the meter and tempo in
 * force at bar 1, and past the song's end with the last meter and tempo (T4.3).
 *
 * This module, `position.ts` and `beatGrid.ts` are the only implementation of tempo math in
 * Riffboard: the timeline view, metronome, transport, loop points, reference anchors and MIDI
 * export all call them.
 */
import { curveDuration, curveQuartersAt, curveTempoAt, curveTimeAt, type TempoShape } from './tempoCurve.ts';
import { DEFAULT_METER, DEFAULT_TEMPO, LIMITS, isMeterDenominator, type Position, type TempoMapData } from './tempoMap.ts';
import {
  PPQ,
  bpm,
  quarters,
  seconds,
  ticks,
  ticksPerBar,
  ticksPerBeat,
  type Bpm,
  type Quarters,
  type Seconds,
  type Ticks,
} from './units.ts';

/** A run of bars in one meter. */
export interface MeterRegion {
  /** First bar (from 1; the first region starts at bar 1 and also covers bars before it). */
  readonly startBar: number;
  readonly startTicks: Ticks;
  readonly numerator: number;
  readonly denominator: number;
  readonly ticksPerBar: Ticks;
  readonly ticksPerBeat: Ticks;
  /** The meter change's id when it came from one (the default 4/4 before any change has none). */
  readonly id: string | undefined;
}

/** The tempo from one point to the next (the first segment starts at tick 0, the last never ends). */
export interface TempoSegment {
  readonly startTicks: Ticks;
  /** `Infinity` for the last segment. */
  readonly endTicks: Ticks;
  readonly startSeconds: Seconds;
  readonly endSeconds: Seconds;
  readonly startBpm: Bpm;
  readonly endBpm: Bpm;
  readonly shape: TempoShape;
  /** Length in quarter notes (`Infinity` for the last segment). */
  readonly length: Quarters;
  /** The point that starts it; `undefined` for the default tempo before the first point. */
  readonly pointId: string | undefined;
}

/** A form section placed on the timeline. */
export interface PlacedSection {
  /** Index in song order. */
  readonly index: number;
  readonly id: string | undefined;
  readonly name: string;
  readonly key: string | undefined;
  /** First bar, from 1. */
  readonly startBar: number;
  readonly bars: number;
  readonly startTicks: Ticks;
  readonly endTicks: Ticks;
  readonly startSeconds: Seconds;
  readonly endSeconds: Seconds;
}

/** Song-wide lookups; build once per change of the map with {@link buildTimeline}. */
export interface TempoTimeline {
  readonly meters: readonly MeterRegion[];
  readonly tempo: readonly TempoSegment[];
  readonly sections: readonly PlacedSection[];
  /** The song's length: the form's bars, their ticks and seconds. */
  readonly totalBars: number;
  readonly totalTicks: Ticks;
  readonly totalSeconds: Seconds;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Index of the last element whose `key` is ≤ x (0 when none: element 0 extends backwards). */
function lastAtOrBefore<T>(xs: readonly T[], x: number, key: (e: T) => number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]!) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Meter regions from meter changes: one per bar at most (the last by id wins), always one at bar 1. */
function meterRegions(map: TempoMapData): MeterRegion[] {
  const byBar = new Map<number, { numerator: number; denominator: number; id: string | undefined }>();
  const sorted = [...map.meters].sort((a, b) => a.bar - b.bar || (a.id ?? '').localeCompare(b.id ?? ''));
  for (const m of sorted) {
    const bar = Math.max(1, Math.round(m.bar));
    if (!Number.isFinite(bar)) continue;
    const numerator = clamp(Math.round(m.numerator), LIMITS.meterNumerator.min, LIMITS.meterNumerator.max);
    const denominator = isMeterDenominator(m.denominator) ? m.denominator : DEFAULT_METER.denominator;
    byBar.set(bar, { numerator: Number.isFinite(numerator) ? numerator : DEFAULT_METER.numerator, denominator, id: m.id });
  }
  if (!byBar.has(1)) byBar.set(1, { ...DEFAULT_METER, id: undefined });
  const regions: MeterRegion[] = [];
  for (const bar of [...byBar.keys()].sort((a, b) => a - b)) {
    const m = byBar.get(bar)!;
    const prev = regions[regions.length - 1];
    // A change to the meter already in force adds nothing; keep the earlier region.
    if (prev && prev.numerator === m.numerator && prev.denominator === m.denominator) continue;
    const startTicks = prev ? prev.startTicks + (bar - prev.startBar) * prev.ticksPerBar : 0;
    regions.push({
      startBar: bar,
      startTicks: ticks(startTicks),
      numerator: m.numerator,
      denominator: m.denominator,
      ticksPerBar: ticksPerBar(m.numerator, m.denominator),
      ticksPerBeat: ticksPerBeat(m.denominator),
      id: m.id,
    });
  }
  return regions;
}

/** The meter region a tick falls in (the first region for ticks before bar 1). */
export function meterAtTicks(tl: Pick<TempoTimeline, 'meters'>, t: number): MeterRegion {
  return tl.meters[lastAtOrBefore(tl.meters, t, (r) => r.startTicks)]!;
}

/** The meter region a bar falls in. */
export function meterAtBar(tl: Pick<TempoTimeline, 'meters'>, bar: number): MeterRegion {
  return tl.meters[lastAtOrBefore(tl.meters, bar, (r) => r.startBar)]!;
}

/** Every beat tick t with from < t < to (exclusive both ends), in order. */
export function beatTicksBetween(tl: Pick<TempoTimeline, 'meters'>, from: number, to: number): number[] {
  const out: number[] = [];
  let ri = lastAtOrBefore(tl.meters, from, (r) => r.startTicks);
  let r = tl.meters[ri]!;
  let t = r.startTicks + (Math.floor((from - r.startTicks) / r.ticksPerBeat) + 1) * r.ticksPerBeat;
  while (t < to) {
    const next = tl.meters[ri + 1];
    if (next && t >= next.startTicks) {
      r = next;
      ri++;
      t = next.startTicks;
      if (t <= from) t += r.ticksPerBeat * (Math.floor((from - t) / r.ticksPerBeat) + 1);
      continue;
    }
    out.push(t);
    t += r.ticksPerBeat;
  }
  return out;
}

/** Absolute ticks of a position under the meters (beats and ticks past the bar count on). */
function positionTicks(meters: readonly MeterRegion[], p: Position): number {
  const r = meters[lastAtOrBefore(meters, Math.floor(p.bar), (x) => x.startBar)]!;
  return r.startTicks + (Math.floor(p.bar) - r.startBar) * r.ticksPerBar + (p.beat - 1) * r.ticksPerBeat + p.tick;
}

/** Tempo segments from the points: sorted by position, one per tick (the last by id wins). */
function tempoSegments(map: TempoMapData, meters: readonly MeterRegion[]): TempoSegment[] {
  const placed = map.points
    .map((p) => ({ at: positionTicks(meters, p), bpm: clamp(p.bpm, LIMITS.bpm.min, LIMITS.bpm.max), shape: p.shape, id: p.id }))
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.bpm) && p.at >= 0)
    .sort((a, b) => a.at - b.at || (a.id ?? '').localeCompare(b.id ?? ''));
  const points: typeof placed = [];
  for (const p of placed) {
    if (points.length > 0 && points[points.length - 1]!.at === p.at) points[points.length - 1] = p;
    else points.push(p);
  }
  // The SMF rule: before the first tempo point the tempo is 120 BPM.
  if (points[0]?.at !== 0) points.unshift({ at: 0, bpm: DEFAULT_TEMPO, shape: 'jump', id: undefined });
  const segments: TempoSegment[] = [];
  let startSeconds = 0;
  points.forEach((p, i) => {
    const next = points[i + 1];
    const endTicks = next?.at ?? Infinity;
    const shape = next === undefined || p.shape === 'jump' || next.bpm === p.bpm ? 'jump' : p.shape;
    const startBpm = bpm(p.bpm);
    const endBpm = bpm(shape === 'jump' ? p.bpm : next!.bpm);
    const length = quarters((endTicks - p.at) / PPQ);
    const duration = next === undefined ? Infinity : curveDuration({ startBpm, endBpm, length, shape });
    segments.push({
      startTicks: ticks(p.at),
      endTicks: ticks(endTicks),
      startSeconds: seconds(startSeconds),
      endSeconds: seconds(startSeconds + duration),
      startBpm,
      endBpm,
      shape,
      length,
      pointId: p.id,
    });
    startSeconds += duration;
  });
  return segments;
}

/** Places the form, tempo track and meters on the timeline. Tolerates unnormalised input (clamps). */
export function buildTimeline(map: TempoMapData): TempoTimeline {
  const meters = meterRegions(map);
  const tempo = tempoSegments(map, meters);
  const partial = { meters, tempo };
  const sections: PlacedSection[] = [];
  let startBar = 1;
  map.sections.forEach((s, index) => {
    const bars = clamp(Math.round(s.bars), LIMITS.bars.min, LIMITS.bars.max) || 1;
    const startTicks = positionTicks(meters, { bar: startBar, beat: 1, tick: 0 });
    const endTicks = positionTicks(meters, { bar: startBar + bars, beat: 1, tick: 0 });
    sections.push({
      index,
      id: s.id,
      name: s.name,
      key: s.key,
      startBar,
      bars,
      startTicks: ticks(startTicks),
      endTicks: ticks(endTicks),
      startSeconds: segTicksToSeconds(partial, startTicks),
      endSeconds: segTicksToSeconds(partial, endTicks),
    });
    startBar += bars;
  });
  const totalTicks = positionTicks(meters, { bar: startBar, beat: 1, tick: 0 });
  return {
    meters,
    tempo,
    sections,
    totalBars: startBar - 1,
    totalTicks: ticks(totalTicks),
    totalSeconds: segTicksToSeconds(partial, totalTicks),
  };
}

function segTicksToSeconds(tl: Pick<TempoTimeline, 'tempo'>, t: number): Seconds {
  const first = tl.tempo[0]!;
  if (t < 0) return seconds((60 * t) / PPQ / first.startBpm);
  const seg = tl.tempo[lastAtOrBefore(tl.tempo, t, (s) => s.startTicks)]!;
  return seconds(seg.startSeconds + curveTimeAt(seg, quarters((t - seg.startTicks) / PPQ)));
}

/** The clock time of a musical position given in absolute ticks from bar 1. Strictly increasing. */
export function ticksToSeconds(tl: TempoTimeline, t: Ticks): Seconds {
  return segTicksToSeconds(tl, t);
}

/** The musical position, in absolute ticks (fractional), at a clock time; inverse of {@link ticksToSeconds}. */
export function secondsToTicks(tl: TempoTimeline, s: Seconds): Ticks {
  const first = tl.tempo[0]!;
  if (s < 0) return ticks(((s * first.startBpm) / 60) * PPQ);
  const seg = tl.tempo[lastAtOrBefore(tl.tempo, s, (x) => x.startSeconds)]!;
  const t = seg.startTicks + curveQuartersAt(seg, seconds(s - seg.startSeconds)) * PPQ;
  return ticks(Math.min(t, seg.endTicks));
}

/** The instantaneous tempo at an absolute tick. */
export function tempoAtTicks(tl: TempoTimeline, t: Ticks): Bpm {
  const first = tl.tempo[0]!;
  if (t < 0) return first.startBpm;
  const seg = tl.tempo[lastAtOrBefore(tl.tempo, t, (s) => s.startTicks)]!;
  return curveTempoAt(seg, quarters((t - seg.startTicks) / PPQ));
}

/** The instantaneous tempo at a clock time (for drawing the tempo curve and the transport readout). */
export function tempoAt(tl: TempoTimeline, s: Seconds): Bpm {
  return tempoAtTicks(tl, secondsToTicks(tl, s));
}

/** Length of the song in seconds. */
export function totalSeconds(tl: TempoTimeline): Seconds {
  return tl.totalSeconds;
}

/** The form section playing at a clock time, or `undefined` before bar 1 or at/after the end. */
export function sectionAt(tl: TempoTimeline, s: Seconds): PlacedSection | undefined {
  if (s < 0 || s >= tl.totalSeconds) return undefined;
  return tl.sections[lastAtOrBefore(tl.sections, s, (x) => x.startSeconds)];
}

/** The form section containing an absolute tick, or `undefined` outside the song. */
export function sectionAtTicks(tl: TempoTimeline, t: Ticks): PlacedSection | undefined {
  if (t < 0 || t >= tl.totalTicks) return undefined;
  return tl.sections[lastAtOrBefore(tl.sections, t, (x) => x.startTicks)];
}

/** Start and end (exclusive) of a section by id, for looping or highlighting it. */
export function sectionSpan(tl: TempoTimeline, id: string): { readonly start: Seconds; readonly end: Seconds } | undefined {
  const seg = tl.sections.find((x) => x.id === id);
  return seg && { start: seg.startSeconds, end: seg.endSeconds };
}
