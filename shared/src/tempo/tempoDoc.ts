/**
 * Tempo-map sections in the room doc: one Y.Map of fields per section, ordered by fractional keys.
 *
 * Values from the doc are normalised on read (clamped to the allowed ranges) so a concurrent or
 * malformed write can never produce a half-valid section for the UI or the metronome.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';

export const RAMPS = ['none', 'linear'] as const;
export type Ramp = (typeof RAMPS)[number];
export const METER_DENOMINATORS = [1, 2, 4, 8, 16, 32] as const;

export const LIMITS = {
  bars: { min: 1, max: 999 },
  bpm: { min: 20, max: 400 },
  meterNumerator: { min: 1, max: 32 },
  nameLength: 80,
} as const;

export interface Section {
  readonly id: string;
  readonly order: string;
  readonly name: string;
  readonly bars: number;
  /** Quarter notes per minute. */
  readonly bpm: number;
  readonly meterNumerator: number;
  readonly meterDenominator: number;
  /** How the tempo moves toward the next section's BPM across this section. */
  readonly ramp: Ramp;
  readonly key?: string;
}

const clampInt = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

export function readSection(id: string, f: Fields): Section {
  const den = field.number(f, 'meterDenominator', 4);
  const key = field.optString(f, 'key');
  return {
    id,
    order: isOrderKey(f.order) ? f.order : '',
    name: field.string(f, 'name', 'Section').slice(0, LIMITS.nameLength),
    bars: clampInt(field.number(f, 'bars', 4), LIMITS.bars.min, LIMITS.bars.max),
    bpm: Math.min(LIMITS.bpm.max, Math.max(LIMITS.bpm.min, field.number(f, 'bpm', 120))),
    meterNumerator: clampInt(field.number(f, 'meterNumerator', 4), LIMITS.meterNumerator.min, LIMITS.meterNumerator.max),
    meterDenominator: (METER_DENOMINATORS as readonly number[]).includes(den) ? den : 4,
    ramp: field.oneOf(f, 'ramp', RAMPS, 'none'),
    ...(key !== undefined ? { key } : {}),
  };
}

export function tempoSections(doc: Y.Doc): EntityMap<Section> {
  return entityMap(doc, ROOT.tempo, readSection);
}

/** Sections in song order. */
export function readSongOrder(doc: Y.Doc): Section[] {
  return sortOrdered(tempoSections(doc).list());
}
