/**
 * The tempo map in the room doc (SPEC.md T1): three keyed collections, each entity one Y.Map of
 * fields — form sections (`tempo`), tempo points (`tempoPoints`) and meter changes (`tempoMeters`).
 *
 * Values from the doc are read by one deterministic rule each (T1.5): a section's missing or
 * non-finite field takes its default, a number out of range is clamped, a key that does not parse is
 * dropped; a tempo point or meter change that breaks its rule (`tempoPointProblem`, `meterProblem`,
 * which the server also enforces) is left out, so neither the UI nor the metronome ever sees a half
 * valid entry. Song order is `order` then `id` (T1.4). Writes go through `tempoEdits.ts`.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';
import { canonicalKey } from './musicalKey.ts';
import {
  DEFAULT_SECTION,
  LIMITS,
  meterProblem,
  tempoPointProblem,
  type MeterChange,
  type Section,
  type SectionFields,
  type TempoMapData,
  type TempoPoint,
} from './tempoMap.ts';
import type { TempoShape } from './tempoCurve.ts';

const clampInt = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

/** Normalises untrusted raw section fields into a valid {@link SectionFields} (the T1.5 rule). */
export function normaliseSectionFields(f: Fields): SectionFields {
  const d = DEFAULT_SECTION;
  const rawKey = field.optString(f, 'key');
  const key = rawKey === undefined ? undefined : canonicalKey(rawKey);
  return {
    name: field.string(f, 'name', d.name).slice(0, LIMITS.nameLength),
    bars: clampInt(field.number(f, 'bars', d.bars), LIMITS.bars.min, LIMITS.bars.max),
    ...(key !== undefined ? { key } : {}),
  };
}

/** Reads one stored section; every field is normalised (T1.5), an unusable order key sorts as `''`. */
export function readSection(id: string, f: Fields): Section {
  return { id, order: isOrderKey(f.order) ? f.order : '', ...normaliseSectionFields(f) };
}

/** Reads one stored tempo point, or `undefined` when it breaks the rule. */
export function readTempoPoint(id: string, f: Fields): TempoPoint | undefined {
  if (tempoPointProblem(f) !== undefined) return undefined;
  return { id, bar: f.bar as number, beat: f.beat as number, tick: f.tick as number, bpm: f.bpm as number, shape: f.shape as TempoShape };
}

/** Reads one stored meter change, or `undefined` when it breaks the rule. */
export function readMeterChange(id: string, f: Fields): MeterChange | undefined {
  if (meterProblem(f) !== undefined) return undefined;
  return { id, bar: f.bar as number, numerator: f.numerator as number, denominator: f.denominator as number };
}

/** The form's sections as a keyed collection; prefer the operations in `tempoEdits.ts` for writes. */
export function tempoSections(doc: Y.Doc): EntityMap<Section> {
  return entityMap(doc, ROOT.tempo, readSection);
}

/** The tempo track's points. */
export function tempoPoints(doc: Y.Doc): EntityMap<TempoPoint> {
  return entityMap(doc, ROOT.tempoPoints, readTempoPoint);
}

/** The meter changes. */
export function meterChanges(doc: Y.Doc): EntityMap<MeterChange> {
  return entityMap(doc, ROOT.tempoMeters, readMeterChange);
}

/** Sections in song order. */
export function readSongOrder(doc: Y.Doc): Section[] {
  return sortOrdered(tempoSections(doc).list());
}

/** The whole tempo map, for `buildTimeline`. */
export function readTempoMap(
  doc: Y.Doc,
): TempoMapData & { readonly sections: Section[]; readonly points: TempoPoint[]; readonly meters: MeterChange[] } {
  return { sections: readSongOrder(doc), points: tempoPoints(doc).list(), meters: meterChanges(doc).list() };
}

/** Calls `fn` after each transaction that changed any part of the tempo map; returns an unsubscribe. */
export function observeTempoMap(doc: Y.Doc, fn: (origin: unknown) => void): () => void {
  const offs = [tempoSections(doc).observe(fn), tempoPoints(doc).observe(fn), meterChanges(doc).observe(fn)];
  return () => offs.forEach((off) => off());
}

/** The tempo map's root types, for scoping a `Y.UndoManager` to it (no key is spelled outside). */
export function tempoRootTypes(doc: Y.Doc): Array<Y.Map<unknown>> {
  return [doc.getMap<unknown>(ROOT.tempo), doc.getMap<unknown>(ROOT.tempoPoints), doc.getMap<unknown>(ROOT.tempoMeters)];
}
