/**
 * Standard MIDI File → tempo map (SPEC.md T7), bytes in as a Uint8Array. Parsing is `midi-file`'s;
 * this module only interprets the events.
 *
 * The tempo (FF 51) and time-signature (FF 58) events of **every** track (format 0 or 1, any
 * division) are merged by tick, the last one at a tick winning, and kept **exactly** (T7.6):
 * - each tempo event becomes a tempo point at its own position (bar, beat and a tick that may be
 *   fractional, scaled to {@link PPQ}), with the file's tempo 60 000 000 / µs-per-quarter, so the
 *   map's time of every tick is the file's own sum of Δticks · µs-per-quarter;
 * - each time signature becomes a meter change at its bar; one not on a bar line of the meter
 *   before it (rare; the SMF spec puts them on bar lines) starts at the next bar line, with a warning;
 * - a run of ≥ 4 monotonic tempo steps (none longer than the first) followed by a tempo event at
 *   most one step later is taken as one ramp (linear in quarter notes, or linear in time) to that
 *   event's tempo **only when the ramp reaches every step boundary and every beat of the run within
 *   {@link RAMP_FIT_SECONDS}** of the file's time; otherwise the steps stay as they are. So a file exported by Riffboard comes back as the ramps it was made of,
 *   and nothing else is ever moved by more than that tolerance.
 * The form comes from markers (FF 06, a section per marker, snapped to the nearest bar line) and
 * key signatures (FF 59: a section starts at each, and has that key); without markers sections are named
 * "Section 1", "Section 2", …. The song ends at the bar line at or after the file's last event.
 * Tempos outside Riffboard's 20–400 BPM are clamped, with a warning (the timing then differs).
 */
import { parseMidi, type MidiData } from 'midi-file';
import { keyFromSignature } from './musicalKey.ts';
import { fromBinaryUtf8 } from './midiText.ts';
import { curveTimeAt, type TempoShape } from './tempoCurve.ts';
import { LIMITS, meterProblem, type MeterFields, type SectionFields, type TempoPointFields } from './tempoMap.ts';
import { ticksToPosition } from './position.ts';
import { beatTicksBetween, buildTimeline, meterAtTicks, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { PPQ, bpm, quarters, ticks } from './units.ts';

export type MidiImportError =
  /** The bytes are not a Standard MIDI File midi-file can read. */
  | { readonly code: 'not_midi'; readonly detail: string }
  /** The file counts time in SMPTE frames, not ticks per quarter, so it has no bars to read. */
  | { readonly code: 'smpte_timing' };

export interface MidiImport {
  readonly sections: SectionFields[];
  readonly points: TempoPointFields[];
  readonly meters: MeterFields[];
  /** Things that were approximated (moved or clamped events), in words for a developer log. */
  readonly warnings: string[];
}

export type MidiImportResult = { readonly ok: true; readonly value: MidiImport } | { readonly ok: false; readonly error: MidiImportError };

/** How close a recovered ramp must pass to every step boundary of the file. */
export const RAMP_FIT_SECONDS = 20e-6;

interface At<T> {
  /** Position in ticks at {@link PPQ} (fractional when the file's division is not a divisor of it). */
  readonly tick: number;
  readonly value: T;
}

/** Events sorted by tick, the last one (in file order) winning at equal ticks. */
function lastPerTick<T>(xs: readonly At<T>[]): At<T>[] {
  const sorted = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x.tick - b.x.tick || a.i - b.i);
  const out: At<T>[] = [];
  for (const { x } of sorted) {
    if (out.length > 0 && out[out.length - 1]!.tick === x.tick) out[out.length - 1] = x;
    else out.push(x);
  }
  return out;
}

const isWhole = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-6;

/** Meter changes at bars from time signatures at ticks (rule 2). */
function meterChanges(sigs: readonly At<{ num: number; den: number }>[], warnings: string[]): MeterFields[] {
  const out: MeterFields[] = [];
  let start = 0;
  let bar = 1;
  let tpBar = PPQ * 4;
  for (const s of sigs) {
    const problem = meterProblem({ bar: 1, numerator: s.value.num, denominator: s.value.den });
    if (problem !== undefined) {
      warnings.push(`time signature ${s.value.num}/${s.value.den} at tick ${s.tick} ignored: ${problem}`);
      continue;
    }
    const n = (s.tick - start) / tpBar;
    const whole = isWhole(n) ? Math.round(n) : Math.ceil(n);
    if (!isWhole(n)) warnings.push(`time signature at tick ${s.tick} is not on a bar line; it starts at the next one`);
    start += whole * tpBar;
    bar += whole;
    tpBar = (s.value.num * PPQ * 4) / s.value.den;
    if (out.length > 0 && out[out.length - 1]!.bar === bar) out.pop();
    out.push({ bar, numerator: s.value.num, denominator: s.value.den });
  }
  return out;
}

/** The file's time of tick `t` (≥ tempos[from].tick), measured from tempos[from], playing the steps as they are. */
function stepTimeAt(tempos: readonly At<number>[], from: number, t: number): number {
  let s = 0;
  for (let k = from; ; k++) {
    const a = tempos[k]!;
    const b = tempos[k + 1];
    if (b === undefined || b.tick >= t) return s + ((t - a.tick) / PPQ) * (60 / a.value);
    s += ((b.tick - a.tick) / PPQ) * (60 / a.value);
  }
}

/** Runs shorter than this are only tried with the next event's tempo as the ramp's end (cheap). */
const FREE_END_MIN_STEPS = 8;

/** The solution x in [lo, hi] of f(x) = target for a decreasing f (bisection), or undefined if none. */
function solveDecreasing(f: (x: number) => number, target: number, lo: number, hi: number): number | undefined {
  if (f(lo) < target || f(hi) > target) return undefined;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

interface FittedRamp {
  readonly startBpm: number;
  readonly endBpm: number;
  readonly shape: TempoShape;
}

/**
 * A ramp over the steps tempos[i..k] (from tempos[i].tick to tempos[k+1].tick) that passes every
 * step boundary and every beat of the run within {@link RAMP_FIT_SECONDS} of the file's time, if
 * one does. Its end tempo is the next event's, or else (runs of {@link FREE_END_MIN_STEPS} or more)
 * free, since that event may be the first step of another ramp; its start tempo is `pinnedStart`
 * when a fitted ramp ends here. The other tempo follows from the run's total duration.
 */
function fitRamp(
  tempos: readonly At<number>[],
  i: number,
  k: number,
  grid: TempoTimeline,
  pinnedStart: number | undefined,
): FittedRamp | undefined {
  const start = tempos[i]!.tick;
  const end = tempos[k + 1]!.tick;
  const checks = [...tempos.slice(i + 1, k + 2).map((e) => e.tick), ...beatTicksBetween(grid, start, end)];
  const want = checks.map((t) => stepTimeAt(tempos, i, t));
  const total = stepTimeAt(tempos, i, end);
  const lengthQ = (end - start) / PPQ;
  const { min, max } = LIMITS.bpm;
  for (const shape of ['ramp', 'timeRamp'] as const) {
    const curve = (b0: number, b1: number) => ({ startBpm: bpm(b0), endBpm: bpm(b1), length: quarters(lengthQ), shape });
    const duration = (b0: number, b1: number): number => curveTimeAt(curve(b0, b1), quarters(lengthQ));
    const error = (b0: number, b1: number): number => {
      const c = curve(b0, b1);
      let worst = 0;
      checks.forEach((t, n) => (worst = Math.max(worst, Math.abs(curveTimeAt(c, quarters((t - start) / PPQ)) - want[n]!))));
      return worst;
    };
    let best: FittedRamp | undefined;
    const fixedEnd = tempos[k + 1]!.value;
    const fixedStart = pinnedStart ?? solveDecreasing((x) => duration(x, fixedEnd), total, min, max);
    if (fixedStart !== undefined && error(fixedStart, fixedEnd) <= RAMP_FIT_SECONDS)
      return { startBpm: fixedStart, endBpm: fixedEnd, shape };
    if (k - i + 1 < FREE_END_MIN_STEPS) continue;
    if (pinnedStart !== undefined) {
      const b1 = solveDecreasing((x) => duration(pinnedStart, x), total, min, max);
      if (b1 !== undefined) best = { startBpm: pinnedStart, endBpm: b1, shape };
    } else {
      // Golden-section search of the end tempo near the last step's; the start follows from the duration.
      const startFor = (b1: number): number | undefined => solveDecreasing((x) => duration(x, b1), total, min, max);
      const cost = (b1: number): number => {
        const b0 = startFor(b1);
        return b0 === undefined ? Infinity : error(b0, b1);
      };
      const last = tempos[k]!.value;
      let lo = Math.max(min, last * 0.8);
      let hi = Math.min(max, last * 1.2);
      const g = (Math.sqrt(5) - 1) / 2;
      let x1 = hi - g * (hi - lo);
      let x2 = lo + g * (hi - lo);
      let f1 = cost(x1);
      let f2 = cost(x2);
      for (let n = 0; n < 60; n++) {
        if (f1 <= f2) {
          hi = x2;
          x2 = x1;
          f2 = f1;
          x1 = hi - g * (hi - lo);
          f1 = cost(x1);
        } else {
          lo = x1;
          x1 = x2;
          f1 = f2;
          x2 = lo + g * (hi - lo);
          f2 = cost(x2);
        }
      }
      const b1 = (lo + hi) / 2;
      const b0 = startFor(b1);
      if (b0 !== undefined) best = { startBpm: b0, endBpm: b1, shape };
    }
    if (best && error(best.startBpm, best.endBpm) <= RAMP_FIT_SECONDS) return best;
  }
  return undefined;
}

/**
 * Tempo points from tempo events, runs that fit a ramp folded into one ramp point (rule 3); a ramp's
 * end tempo is the next point's. O(n) fits: a run that fits no ramp is kept as steps whole.
 */
function tempoPoints(tempos: readonly At<number>[], grid: TempoTimeline): Array<At<{ bpm: number; shape: TempoShape }>> {
  const out: Array<At<{ bpm: number; shape: TempoShape }>> = [];
  let pinned: { tick: number; bpm: number } | undefined;
  const jump = (k: number): void => {
    const e = tempos[k]!;
    // The target of a fitted ramp ending here is the ramp's end tempo, not the event's step average.
    const value = pinned?.tick === e.tick ? pinned.bpm : e.value;
    out.push({ tick: e.tick, value: { bpm: value, shape: 'jump' } });
  };
  const gap = (k: number): number => (tempos[k + 1]?.tick ?? Infinity) - (tempos[k]?.tick ?? -Infinity);
  let i = 0;
  while (i < tempos.length) {
    if (i + 1 >= tempos.length || gap(i) > 2 * gap(i + 1)) {
      // A held tempo before the next change starts no run.
      jump(i);
      i++;
      continue;
    }
    // tempos[i..j]: monotonic, no gap longer than the longest of the first two (a ramp's steps,
    // some cut short at beats).
    const step = Math.max(gap(i), gap(i + 1) === Infinity ? 0 : gap(i + 1));
    let j = i + 1;
    let dir = Math.sign(tempos[i + 1]!.value - tempos[i]!.value);
    while (j + 1 < tempos.length && gap(j) <= step + 1e-6) {
      const d = Math.sign(tempos[j + 1]!.value - tempos[j]!.value);
      if (d !== 0 && dir !== 0 && d !== dir) break;
      if (d !== 0) dir = d;
      j++;
    }
    // The run's steps end at the event after them: the next one (at most a step on), or its own last.
    const candidates = tempos[j + 1] !== undefined && gap(j) <= step + 1e-6 ? [j, j - 1] : [j - 1];
    const pin = pinned?.tick === tempos[i]!.tick ? pinned.bpm : undefined;
    let fitted: { k: number; r: FittedRamp } | undefined;
    for (const k of candidates) {
      const r = dir !== 0 && k - i + 1 >= 4 ? fitRamp(tempos, i, k, grid, pin) : undefined;
      if (r) {
        fitted = { k, r };
        break;
      }
    }
    if (fitted) {
      out.push({ tick: tempos[i]!.tick, value: { bpm: fitted.r.startBpm, shape: fitted.r.shape } });
      pinned = { tick: tempos[fitted.k + 1]!.tick, bpm: fitted.r.endBpm };
      i = fitted.k + 1;
    } else {
      const last = candidates[candidates.length - 1]!;
      const upto = last - i + 1 >= 4 ? last : i;
      for (let k = i; k <= upto; k++) jump(k);
      i = upto + 1;
    }
  }
  return out;
}

/** Whether the points reach every tempo event and every beat up to the last event within {@link RAMP_FIT_SECONDS}·2 of the file's time. */
function foldedKeepsTiming(
  points: ReadonlyArray<At<{ bpm: number; shape: TempoShape }>>,
  tempos: readonly At<number>[],
  grid: TempoTimeline,
): boolean {
  if (points.every((p) => p.value.shape === 'jump')) return true;
  const withPoints = buildTimeline({
    sections: [],
    meters: grid.meters.map((m) => ({ bar: m.startBar, numerator: m.numerator, denominator: m.denominator })),
    points: points.map((p) => ({ ...ticksToPosition(grid, ticks(p.tick)), bpm: p.value.bpm, shape: p.value.shape })),
  });
  const last = tempos[tempos.length - 1]?.tick ?? 0;
  const checks = [...tempos.map((e) => e.tick), ...beatTicksBetween(grid, 0, last)].sort((a, b) => a - b);
  // One pass: stepTimeAt from the start each time would be quadratic, so walk the events once.
  let k = 0;
  let base = tempos[0] ? (tempos[0].tick / PPQ) * 0.5 : 0;
  for (const t of checks) {
    let want: number;
    if (!tempos[0] || t <= tempos[0].tick)
      want = (t / PPQ) * 0.5; // 120 BPM before the first event
    else {
      while (tempos[k + 1] !== undefined && tempos[k + 1]!.tick <= t) {
        base += ((tempos[k + 1]!.tick - tempos[k]!.tick) / PPQ) * (60 / tempos[k]!.value);
        k++;
      }
      want = base + ((t - tempos[k]!.tick) / PPQ) * (60 / tempos[k]!.value);
    }
    if (Math.abs(ticksToSeconds(withPoints, ticks(t)) - want) > 2 * RAMP_FIT_SECONDS) return false;
  }
  return true;
}

/** Reads a Standard MIDI File's tempo map. */
export function importTempoMidi(bytes: Uint8Array): MidiImportResult {
  let midi: MidiData;
  try {
    midi = parseMidi(bytes);
  } catch (e) {
    return { ok: false, error: { code: 'not_midi', detail: String(e) } };
  }
  const division = midi.header.ticksPerBeat;
  if (division === undefined || division <= 0) return { ok: false, error: { code: 'smpte_timing' } };
  const scale = PPQ / division;
  const warnings: string[] = [];

  const tempos: At<number>[] = [];
  const sigs: At<{ num: number; den: number }>[] = [];
  const keys: At<string | undefined>[] = [];
  const markers: At<string>[] = [];
  let lastTick = 0;
  for (const track of midi.tracks) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      const at = tick * scale;
      lastTick = Math.max(lastTick, at);
      if (e.type === 'setTempo' && e.microsecondsPerBeat > 0) tempos.push({ tick: at, value: 60_000_000 / e.microsecondsPerBeat });
      else if (e.type === 'timeSignature') sigs.push({ tick: at, value: { num: e.numerator, den: e.denominator } });
      else if (e.type === 'keySignature') keys.push({ tick: at, value: keyFromSignature({ sharps: e.key, minor: e.scale === 1 }) });
      else if (e.type === 'marker') markers.push({ tick: at, value: fromBinaryUtf8(e.text) });
    }
  }
  const meters = meterChanges(lastPerTick(sigs), warnings);
  const grid = buildTimeline({ sections: [], points: [], meters });

  const tempoEvents = lastPerTick(tempos).map((t) => {
    const clamped = Math.min(LIMITS.bpm.max, Math.max(LIMITS.bpm.min, t.value));
    if (clamped !== t.value)
      warnings.push(`tempo ${t.value.toFixed(3)} BPM at tick ${t.tick} is outside ${LIMITS.bpm.min}–${LIMITS.bpm.max} BPM; clamped`);
    return { tick: t.tick, value: clamped };
  });
  const folded = tempoPoints(tempoEvents, grid);
  // The guarantee, checked whole: if the folded ramps miss any event or beat of the file by more
  // than the tolerance (ramps meeting in ways the run rule did not foresee), keep every step.
  const chosen = foldedKeepsTiming(folded, tempoEvents, grid)
    ? folded
    : tempoEvents.map((e) => ({ tick: e.tick, value: { bpm: e.value, shape: 'jump' as const } }));
  const points: TempoPointFields[] = chosen.map((p) => {
    const pos = ticksToPosition(grid, ticks(p.tick));
    return { bar: pos.bar, beat: pos.beat, tick: pos.tick, bpm: p.value.bpm, shape: p.value.shape };
  });

  // The form (rule 4): a section at bar 1, at each marker and at each key change.
  const nearestBar = (tick: number): number => {
    const r = meterAtTicks(grid, tick);
    return r.startBar + Math.max(0, Math.round((tick - r.startTicks) / r.ticksPerBar));
  };
  const lastPos = ticksToPosition(grid, ticks(lastTick));
  const barAfterLast = lastPos.beat === 1 && lastPos.tick < 1e-6 ? lastPos.bar : lastPos.bar + 1;
  const named = new Map<number, string>();
  for (const m of lastPerTick(markers)) if (!named.has(nearestBar(m.tick))) named.set(nearestBar(m.tick), m.value);
  const keyAt = new Map<number, string | undefined>();
  for (const k of lastPerTick(keys)) keyAt.set(nearestBar(k.tick), k.value);
  const starts = [...new Set([1, ...named.keys(), ...keyAt.keys()])].sort((a, b) => a - b);
  const endBar = Math.max(barAfterLast, starts[starts.length - 1]! + 1);
  const sections: SectionFields[] = [];
  let lastName = '';
  starts.forEach((bar, i) => {
    const next = starts[i + 1] ?? endBar;
    const name = named.get(bar) ?? (named.size > 0 ? lastName : `Section ${i + 1}`);
    lastName = name;
    // A section's key is a key signature at its own start (so sections without one stay without).
    const key = keyAt.get(bar);
    const bars = next - bar;
    if (bars > LIMITS.bars.max) warnings.push(`section ${i + 1} has ${bars} bars; Riffboard's limit is ${LIMITS.bars.max}`);
    sections.push({
      name: (name || 'Section').slice(0, LIMITS.nameLength),
      bars: Math.min(bars, LIMITS.bars.max),
      ...(key ? { key } : {}),
    });
  });
  return { ok: true, value: { sections, points, meters, warnings } };
}
