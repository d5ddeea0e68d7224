/**
 * Reading tempo sections as schema v2 stored them (each section carrying its own BPM, meter and
 * ramp), for the v2 → v3 migration only (SPEC M5). The v2 read rule is kept here verbatim: a
 * missing or non-finite field takes its default, numbers are clamped to their range, an unknown
 * ramp or meter denominator takes its default.
 */
import * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { field, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';
import { normaliseSectionFields } from './tempoDoc.ts';
import { LIMITS, METER_DENOMINATORS, type SectionSketch } from './tempoMap.ts';

/** The per-section timing fields v2 stored and v3 keeps in the tempo track instead. */
export const V2_TIMING_FIELDS = ['bpm', 'meterNumerator', 'meterDenominator', 'ramp'] as const;

const clampInt = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

/** One v2 section's fields, normalised by the v2 rule. */
export function readV2Section(id: string, f: Fields): SectionSketch & { readonly id: string; readonly order: string } {
  const den = field.number(f, 'meterDenominator', 4);
  return {
    id,
    order: isOrderKey(f.order) ? f.order : '',
    ...normaliseSectionFields(f),
    bpm: Math.min(LIMITS.bpm.max, Math.max(LIMITS.bpm.min, field.number(f, 'bpm', 120))),
    meterNumerator: clampInt(field.number(f, 'meterNumerator', 4), LIMITS.meterNumerator.min, LIMITS.meterNumerator.max),
    meterDenominator: (METER_DENOMINATORS as readonly number[]).includes(den) ? den : 4,
    ramp: field.oneOf(f, 'ramp', ['none', 'linear'] as const, 'none'),
  };
}

/** The v2 sections of a document, in song order. */
export function readV2Sections(doc: Y.Doc): Array<SectionSketch & { readonly id: string; readonly order: string }> {
  const root = doc.getMap<unknown>(ROOT.tempo);
  const out: Array<SectionSketch & { id: string; order: string }> = [];
  root.forEach((m, id) => {
    if (m instanceof Y.Map) out.push(readV2Section(id, m.toJSON() as Fields));
  });
  return sortOrdered(out);
}
