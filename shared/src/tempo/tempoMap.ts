/**
 * The tempo map as plain data (SPEC.md T1): the song's **form** apart from its **tempo track** and
 * **meter changes**, as a DAW keeps markers apart from its tempo and signature tracks.
 *
 * - Form: sections in song order, each a name, a length in whole bars and an optional key. A
 *   section's start bar is the sum of the lengths before it; the form's length is the song's length.
 * - Tempo track: points at any musical position (bar, beat, tick — a fraction of a tick is allowed,
 *   so a MIDI file of any resolution lands exactly), each with a tempo and the shape of the tempo
 *   until the next point (`tempoCurve.ts`). Before the first point the tempo is 120 BPM, as in a
 *   Standard MIDI File; after the last it holds.
 * - Meter changes at any bar from 1; before the first the meter is 4/4, as in a Standard MIDI File.
 *
 * Tempo points are placed by bar and beat, not by absolute tick, so that a form edit which inserts
 * or removes bars (tempoEdits.ts) moves them with the music after it by plain bar arithmetic.
 */
import { TEMPO_SHAPES, type TempoShape } from './tempoCurve.ts';
import { canonicalKey } from './musicalKey.ts';

/** Allowed meter denominators (the note value of one beat). */
export const METER_DENOMINATORS = [1, 2, 4, 8, 16, 32] as const;
export type MeterDenominator = (typeof METER_DENOMINATORS)[number];

export const LIMITS = {
  bars: { min: 1, max: 999 },
  bpm: { min: 20, max: 400 },
  meterNumerator: { min: 1, max: 32 },
  nameLength: 80,
  /** Highest bar a tempo point or meter change may sit at. */
  bar: { min: 1, max: 100_000 },
} as const;

/** A section of the form, without its identity and place in the song. */
export interface SectionFields {
  readonly name: string;
  /** Whole bars, at least 1. */
  readonly bars: number;
  /** Canonical key such as `Am` or `F#` (see `musicalKey.ts`); absent when not set. */
  readonly key?: string;
}

/** A form section as stored in the room doc. */
export interface Section extends SectionFields {
  readonly id: string;
  /** Fractional order key; song order is `order`, then `id`. */
  readonly order: string;
}

/** A musical position: bar and beat count from 1, tick (480 per quarter) from 0 within the beat. */
export interface Position {
  readonly bar: number;
  readonly beat: number;
  readonly tick: number;
}

export interface TempoPointFields {
  /** Where the point sits; `beat`/`tick` past the bar's length count on into later bars. */
  readonly bar: number;
  readonly beat: number;
  readonly tick: number;
  /** Quarter notes per minute, whatever the meter (T2). */
  readonly bpm: number;
  /** How the tempo goes from here to the next point. */
  readonly shape: TempoShape;
}

export interface TempoPoint extends TempoPointFields {
  readonly id: string;
}

export interface MeterFields {
  /** The bar the meter starts at (from 1). */
  readonly bar: number;
  /** Beats per bar, 1–32. */
  readonly numerator: number;
  /** The note value of one beat: 4 is a quarter, 8 an eighth (one of {@link METER_DENOMINATORS}). */
  readonly denominator: number;
}

export interface MeterChange extends MeterFields {
  readonly id: string;
}

/** Everything the timeline is built from. Sections in song order; points and meters in any order. */
export interface TempoMapData {
  readonly sections: ReadonlyArray<SectionFields & { readonly id?: string }>;
  readonly points: ReadonlyArray<TempoPointFields & { readonly id?: string }>;
  readonly meters: ReadonlyArray<MeterFields & { readonly id?: string }>;
}

/** What a new section gets when nothing is copied. */
export const DEFAULT_SECTION: SectionFields = { name: 'Section', bars: 4 };
/** Tempo before the first point and meter before the first change (the SMF defaults). */
export const DEFAULT_TEMPO = 120;
export const DEFAULT_METER = { numerator: 4, denominator: 4 } as const;

export const isTempoShape = (v: unknown): v is TempoShape => typeof v === 'string' && (TEMPO_SHAPES as readonly string[]).includes(v);
export const isMeterDenominator = (v: unknown): v is MeterDenominator =>
  typeof v === 'number' && (METER_DENOMINATORS as readonly number[]).includes(v);

/**
 * Why a tempo point's or meter change's raw fields are unusable, or `undefined` when they are
 * valid. One rule for the editor (which refuses bad input) and the server (which refuses a peer's
 * malformed write), so what one accepts the other does too.
 */
export function tempoPointProblem(f: Readonly<Record<string, unknown>>): string | undefined {
  const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!int(f.bar, LIMITS.bar.min, LIMITS.bar.max))
    return `a tempo point's bar must be a whole number from ${LIMITS.bar.min} to ${LIMITS.bar.max}`;
  if (!int(f.beat, 1, 1024)) return "a tempo point's beat must be a whole number from 1";
  if (typeof f.tick !== 'number' || !Number.isFinite(f.tick) || f.tick < 0 || f.tick > 1e7)
    return "a tempo point's tick must be a number from 0";
  if (typeof f.bpm !== 'number' || !Number.isFinite(f.bpm) || f.bpm < LIMITS.bpm.min || f.bpm > LIMITS.bpm.max)
    return `a tempo must be between ${LIMITS.bpm.min} and ${LIMITS.bpm.max} BPM`;
  if (!isTempoShape(f.shape)) return `a tempo point's shape must be one of ${TEMPO_SHAPES.join(', ')}`;
  return undefined;
}

/** The same rule for a meter change. */
export function meterProblem(f: Readonly<Record<string, unknown>>): string | undefined {
  const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!int(f.bar, LIMITS.bar.min, LIMITS.bar.max))
    return `a meter change's bar must be a whole number from ${LIMITS.bar.min} to ${LIMITS.bar.max}`;
  if (!int(f.numerator, LIMITS.meterNumerator.min, LIMITS.meterNumerator.max))
    return `a meter has ${LIMITS.meterNumerator.min} to ${LIMITS.meterNumerator.max} beats per bar`;
  if (!isMeterDenominator(f.denominator)) return `a meter's beat is one of 1, 2, 4, 8, 16 or 32`;
  return undefined;
}

/** The v2 section (form, tempo and meter in one): how older rooms and simple song sketches describe a map. */
export interface SectionSketch extends SectionFields {
  readonly bpm: number;
  readonly meterNumerator: number;
  readonly meterDenominator: number;
  /** `linear`: linear in time to the next section's BPM (the v2 rule, kept exactly as `timeRamp`). */
  readonly ramp: 'none' | 'linear';
  readonly id?: string;
}

/**
 * A tempo map from v2-style sections, timing kept exactly (SPEC M5): a meter change where the meter
 * changes, a tempo point at each section start whose tempo differs from the one before or that
 * ramps (a v2 ramp is linear in time, so it becomes a `timeRamp`). Ids derive from the section ids,
 * so two runs give the same map.
 */
export function tempoMapFromSections(sketch: readonly SectionSketch[]): {
  sections: Array<SectionFields & { id?: string }>;
  points: TempoPoint[];
  meters: MeterChange[];
} {
  const sections: Array<SectionFields & { id?: string }> = [];
  const points: TempoPoint[] = [];
  const meters: MeterChange[] = [];
  let bar = 1;
  let prevMeter = '';
  let prevBpm: number | undefined;
  let prevRamped = false;
  sketch.forEach((s, i) => {
    const idBase = s.id ?? `s${i}`;
    const key = s.key === undefined ? undefined : canonicalKey(s.key);
    sections.push({ ...(s.id !== undefined ? { id: s.id } : {}), name: s.name, bars: s.bars, ...(key !== undefined ? { key } : {}) });
    const meter = `${s.meterNumerator}/${s.meterDenominator}`;
    if (meter !== prevMeter) meters.push({ id: `m-${idBase}`, bar, numerator: s.meterNumerator, denominator: s.meterDenominator });
    prevMeter = meter;
    const next = sketch[i + 1];
    const ramps = s.ramp === 'linear' && next !== undefined && next.bpm !== s.bpm;
    if (prevBpm !== s.bpm || prevRamped || ramps)
      points.push({ id: `p-${idBase}`, bar, beat: 1, tick: 0, bpm: s.bpm, shape: ramps ? 'timeRamp' : 'jump' });
    prevBpm = s.bpm;
    prevRamped = ramps;
    bar += s.bars;
  });
  return { sections, points, meters };
}
