/**
 * Tempo-map sections in the room doc: one Y.Map of fields per section, ordered by fractional keys.
 *
 * Values from the doc are normalised on read by one deterministic rule (T1.5 in SPEC.md: a missing
 * or non-finite field takes its default, a number out of range is clamped and integer fields are
 * rounded, an unknown enum or meter denominator takes its default, a key that does not parse is
 * dropped), so a concurrent or malformed write can never produce a half-valid section for the UI or
 * the metronome. Song order is `order` then `id` (T1.4). Writes go through `tempoEdits.ts`.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';
import { canonicalKey } from './musicalKey.ts';

export const RAMPS = ['none', 'linear'] as const;
export type Ramp = (typeof RAMPS)[number];
/** Allowed meter denominators (the note value of one beat). */
export const METER_DENOMINATORS = [1, 2, 4, 8, 16, 32] as const;
export type MeterDenominator = (typeof METER_DENOMINATORS)[number];

export const LIMITS = {
  bars: { min: 1, max: 999 },
  bpm: { min: 20, max: 400 },
  meterNumerator: { min: 1, max: 32 },
  nameLength: 80,
} as const;

/** A section's musical fields, without its identity and place in the song. */
export interface SectionFields {
  readonly name: string;
  /** Whole bars, at least 1. */
  readonly bars: number;
  /** Quarter notes per minute, whatever the meter (T2): 120 in 6/8 is 240 eighths per minute. */
  readonly bpm: number;
  /** Beats per bar, 1–32. */
  readonly meterNumerator: number;
  /** The note value of one beat: 4 is a quarter, 8 an eighth (one of {@link METER_DENOMINATORS}). */
  readonly meterDenominator: number;
  /**
   * How the tempo moves toward the next section's BPM across this section: `linear` is linear in
   * time (T3); on the last section there is no next tempo and the tempo holds.
   */
  readonly ramp: Ramp;
  /** Canonical key such as `Am` or `F#` (see `musicalKey.ts`); absent when not set. */
  readonly key?: string;
}

/** A tempo-map section as stored in the room doc. */
export interface Section extends SectionFields {
  readonly id: string;
  /** Fractional order key; song order is `order`, then `id`. */
  readonly order: string;
}

/** What a new section gets when nothing is copied. */
export const DEFAULT_SECTION: SectionFields = {
  name: 'Section',
  bars: 4,
  bpm: 120,
  meterNumerator: 4,
  meterDenominator: 4,
  ramp: 'none',
};

const clampInt = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

/** Normalises untrusted raw fields into a valid {@link SectionFields} (the T1.5 rule). */
export function normaliseSectionFields(f: Fields): SectionFields {
  const d = DEFAULT_SECTION;
  const den = field.number(f, 'meterDenominator', d.meterDenominator);
  const rawKey = field.optString(f, 'key');
  const key = rawKey === undefined ? undefined : canonicalKey(rawKey);
  return {
    name: field.string(f, 'name', d.name).slice(0, LIMITS.nameLength),
    bars: clampInt(field.number(f, 'bars', d.bars), LIMITS.bars.min, LIMITS.bars.max),
    bpm: Math.min(LIMITS.bpm.max, Math.max(LIMITS.bpm.min, field.number(f, 'bpm', d.bpm))),
    meterNumerator: clampInt(field.number(f, 'meterNumerator', d.meterNumerator), LIMITS.meterNumerator.min, LIMITS.meterNumerator.max),
    meterDenominator: (METER_DENOMINATORS as readonly number[]).includes(den) ? den : d.meterDenominator,
    ramp: field.oneOf(f, 'ramp', RAMPS, d.ramp),
    ...(key !== undefined ? { key } : {}),
  };
}

/** Reads one stored section; every field is normalised (T1.5), an unusable order key sorts as `''`. */
export function readSection(id: string, f: Fields): Section {
  return { id, order: isOrderKey(f.order) ? f.order : '', ...normaliseSectionFields(f) };
}

/** The tempo root as a keyed collection; prefer the operations in `tempoEdits.ts` for writes. */
export function tempoSections(doc: Y.Doc): EntityMap<Section> {
  return entityMap(doc, ROOT.tempo, readSection);
}

/** Sections in song order. */
export function readSongOrder(doc: Y.Doc): Section[] {
  return sortOrdered(tempoSections(doc).list());
}

/** The tempo root itself, for scoping a `Y.UndoManager` to the tempo map (no key is spelled outside). */
export function tempoRootType(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.tempo);
}
