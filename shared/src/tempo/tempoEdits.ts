/**
 * Editing operations on the tempo map (SPEC.md T1, T6): each is one Yjs transaction with an origin.
 *
 * Invariants:
 * - a section is written whole (`put` sets every field in the transaction that creates it), and
 *   later edits touch single fields of its own Y.Map, so concurrent edits of different fields both
 *   win and an edit to a section someone deleted is dropped by Yjs instead of resurrecting a half
 *   section (T1.2);
 * - input is validated before anything is written: an invalid patch is rejected whole with a typed
 *   {@link TempoEditError} (no clamping of user input — the UI shows the error and the limits);
 *   clamping happens only on read, for values a peer wrote (T1.5);
 * - order keys come from `doc/order.ts`; before placing a section, a run of equal or unusable keys
 *   among its neighbours (left by concurrent inserts or a malformed peer) is spread out, so "move to
 *   index i" lands at i (T1.4).
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { keyBetween } from '../doc/order.ts';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { canonicalKey } from './musicalKey.ts';
import {
  DEFAULT_SECTION,
  LIMITS,
  METER_DENOMINATORS,
  RAMPS,
  readSongOrder,
  tempoSections,
  type Ramp,
  type Section,
  type SectionFields,
} from './tempoDoc.ts';
import { buildTimeline, tempoAt, ticksToSeconds } from './timeline.ts';
import { ticks } from './units.ts';

/** A change to a section's fields; `key: null` clears the key. */
export interface SectionPatch {
  readonly name?: string;
  readonly bars?: number;
  readonly bpm?: number;
  readonly meterNumerator?: number;
  readonly meterDenominator?: number;
  readonly ramp?: Ramp;
  readonly key?: string | null;
}

/** Why an edit was refused; nothing was written. The UI turns `code` into a sentence. */
export type TempoEditError =
  | { readonly code: 'unknown_section'; readonly id: string }
  | {
      readonly code: 'out_of_range';
      readonly field: 'bars' | 'bpm' | 'meterNumerator';
      readonly min: number;
      readonly max: number;
      readonly value: number;
    }
  | { readonly code: 'not_integer'; readonly field: 'bars' | 'meterNumerator'; readonly value: number }
  | { readonly code: 'invalid_meter_denominator'; readonly value: number; readonly allowed: readonly number[] }
  | { readonly code: 'invalid_ramp'; readonly value: string }
  | { readonly code: 'invalid_key'; readonly value: string }
  | { readonly code: 'invalid_name'; readonly maxLength: number }
  /** Split point must leave at least one bar on each side: 1 ≤ atBar ≤ bars − 1. */
  | { readonly code: 'invalid_split'; readonly bars: number; readonly atBar: number };

export type TempoEditErrorCode = TempoEditError['code'];

export type EditResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TempoEditError };

const ok = <T>(value: T): EditResult<T> => ({ ok: true, value });
const fail = <T>(error: TempoEditError): EditResult<T> => ({ ok: false, error });

/** A fresh random section id (no crypto global is assumed: shared runs in browser and Node). */
export function newSectionId(random: () => number = Math.random): string {
  let id = 's';
  for (let i = 0; i < 16; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

type StoredPatch = { -readonly [K in keyof SectionFields]?: SectionFields[K] | undefined };

/** Checks a patch; on success returns it in stored form (canonical key, `undefined` to clear). */
export function validateSectionPatch(patch: SectionPatch): EditResult<StoredPatch> {
  const out: StoredPatch = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (name.length === 0 || name.length > LIMITS.nameLength) return fail({ code: 'invalid_name', maxLength: LIMITS.nameLength });
    out.name = name;
  }
  const ranged = (field: 'bars' | 'bpm' | 'meterNumerator', v: number | undefined, integer: boolean): TempoEditError | undefined => {
    if (v === undefined) return undefined;
    const { min, max } = LIMITS[field];
    if (!Number.isFinite(v) || v < min || v > max) return { code: 'out_of_range', field, min, max, value: v };
    if (integer && !Number.isInteger(v)) return { code: 'not_integer', field: field as 'bars' | 'meterNumerator', value: v };
    out[field] = v;
    return undefined;
  };
  const err = ranged('bars', patch.bars, true) ?? ranged('bpm', patch.bpm, false) ?? ranged('meterNumerator', patch.meterNumerator, true);
  if (err) return fail(err);
  if (patch.meterDenominator !== undefined) {
    if (!(METER_DENOMINATORS as readonly number[]).includes(patch.meterDenominator)) {
      return fail({ code: 'invalid_meter_denominator', value: patch.meterDenominator, allowed: METER_DENOMINATORS });
    }
    out.meterDenominator = patch.meterDenominator;
  }
  if (patch.ramp !== undefined) {
    if (!(RAMPS as readonly string[]).includes(patch.ramp)) return fail({ code: 'invalid_ramp', value: String(patch.ramp) });
    out.ramp = patch.ramp;
  }
  if (patch.key !== undefined) {
    if (patch.key === null || patch.key.trim() === '') out.key = undefined;
    else {
      const key = canonicalKey(patch.key);
      if (key === undefined) return fail({ code: 'invalid_key', value: patch.key });
      out.key = key;
    }
  }
  return ok(out);
}

const usableKey = (k: string): boolean => {
  try {
    generateKeyBetween(k, null);
    return true;
  } catch {
    return false;
  }
};

/**
 * Song order with strictly increasing, usable order keys, re-keying (in the caller's
 * transaction) any section whose key ties with or sorts before its predecessor's, or is not a
 * fractional index at all. Sections already in order are never rewritten.
 */
function orderedWithDistinctKeys(doc: Y.Doc, origin: TransactionOrigin): Section[] {
  const sorted = readSongOrder(doc);
  const sections = tempoSections(doc);
  let prev: string | undefined;
  return sorted.map((s, i) => {
    if (usableKey(s.order) && (prev === undefined || s.order > prev)) {
      prev = s.order;
      return s;
    }
    const next = sorted.slice(i + 1).find((x) => usableKey(x.order) && (prev === undefined || x.order > prev))?.order;
    const order = keyBetween(prev, next);
    sections.update(s.id, { order }, origin);
    prev = order;
    return { ...s, order };
  });
}

/** The order key that places a section at `index` of `others` (song order without it). */
function keyAt(others: readonly Section[], index: number): string {
  const i = Math.max(0, Math.min(Math.trunc(index), others.length));
  return keyBetween(others[i - 1]?.order, others[i]?.order);
}

function fieldsOf(s: Section): SectionFields {
  const { id: _id, order: _order, ...fields } = s;
  return fields;
}

/** How a new section is filled: copied from an existing section, then overridden by `fields`. */
export interface NewSection {
  /** Id of a section whose fields are copied (e.g. the neighbour); defaults are used otherwise. */
  readonly copyFrom?: string;
  readonly fields?: SectionPatch;
  /** Id for the new section; a random one by default. */
  readonly id?: string;
}

/** Inserts a section at `index` of the song order (clamped to 0…length). Returns its id. */
export function addSection(doc: Y.Doc, index: number, init: NewSection, origin: TransactionOrigin): EditResult<string> {
  const patch = validateSectionPatch(init.fields ?? {});
  if (!patch.ok) return patch;
  const sections = tempoSections(doc);
  let source: SectionFields = DEFAULT_SECTION;
  if (init.copyFrom !== undefined) {
    const s = sections.get(init.copyFrom);
    if (!s) return fail({ code: 'unknown_section', id: init.copyFrom });
    source = fieldsOf(s);
  }
  const id = init.id ?? newSectionId();
  doc.transact(() => {
    const order = keyAt(orderedWithDistinctKeys(doc, origin), index);
    const merged = { ...source, ...patch.value };
    if (merged.key === undefined) delete merged.key;
    sections.put({ id, order, ...merged } as Section, origin);
  }, origin);
  return ok(id);
}

/** Changes fields of one section; rejected whole if any field is invalid. Returns the section as read back. */
export function updateSection(doc: Y.Doc, id: string, patch: SectionPatch, origin: TransactionOrigin): EditResult<Section> {
  const sections = tempoSections(doc);
  if (!sections.get(id)) return fail({ code: 'unknown_section', id });
  const valid = validateSectionPatch(patch);
  if (!valid.ok) return valid;
  sections.update(id, valid.value, origin);
  const after = sections.get(id);
  return after ? ok(after) : fail({ code: 'unknown_section', id });
}

/** Removes a section. */
export function deleteSection(doc: Y.Doc, id: string, origin: TransactionOrigin): EditResult<void> {
  const sections = tempoSections(doc);
  if (!sections.has(id)) return fail({ code: 'unknown_section', id });
  sections.remove(id, origin);
  return ok(undefined);
}

/** Inserts a copy of a section right after it. Returns the copy's id. */
export function duplicateSection(doc: Y.Doc, id: string, origin: TransactionOrigin, newId: string = newSectionId()): EditResult<string> {
  const sections = tempoSections(doc);
  if (!sections.get(id)) return fail({ code: 'unknown_section', id });
  doc.transact(() => {
    const order = orderedWithDistinctKeys(doc, origin);
    const i = order.findIndex((s) => s.id === id);
    const src = order[i];
    if (src === undefined) return;
    sections.put({ ...src, id: newId, order: keyAt(order, i + 1) }, origin);
  }, origin);
  return ok(newId);
}

/**
 * Splits a section of N bars after its bar `atBar` (1 ≤ atBar ≤ N − 1) into `atBar` and N − atBar
 * bars. The second part gets a new id and an order key right after the first, and a copy of the
 * fields; if the section ramps, the second part starts at the tempo the ramp has at the split
 * point, so every position keeps its time (T6.2). Returns the second part's id.
 */
export function splitSection(
  doc: Y.Doc,
  id: string,
  atBar: number,
  origin: TransactionOrigin,
  newId: string = newSectionId(),
): EditResult<string> {
  const sections = tempoSections(doc);
  const s = sections.get(id);
  if (!s) return fail({ code: 'unknown_section', id });
  if (!Number.isInteger(atBar) || atBar < 1 || atBar > s.bars - 1) return fail({ code: 'invalid_split', bars: s.bars, atBar });
  doc.transact(() => {
    const order = orderedWithDistinctKeys(doc, origin);
    const i = order.findIndex((x) => x.id === id);
    const src = order[i];
    if (src === undefined) return;
    const tl = buildTimeline(order);
    const seg = tl.segments[i];
    const splitBpm = seg?.ramps ? tempoAt(tl, ticksToSeconds(tl, ticks(seg.startTicks + atBar * seg.ticksPerBar))) : src.bpm;
    sections.update(id, { bars: atBar }, origin);
    sections.put({ ...src, id: newId, order: keyAt(order, i + 1), bars: src.bars - atBar, bpm: splitBpm }, origin);
  }, origin);
  return ok(newId);
}

/** Moves a section to `index` of the song order (the index it will have afterwards; clamped). */
export function moveSection(doc: Y.Doc, id: string, index: number, origin: TransactionOrigin): EditResult<void> {
  const sections = tempoSections(doc);
  if (!sections.has(id)) return fail({ code: 'unknown_section', id });
  doc.transact(() => {
    const others = orderedWithDistinctKeys(doc, origin).filter((s) => s.id !== id);
    sections.update(id, { order: keyAt(others, index) }, origin);
  }, origin);
  return ok(undefined);
}

/** Replaces the whole tempo map (e.g. with an imported MIDI file), in one transaction. Returns the new ids. */
export function replaceSections(
  doc: Y.Doc,
  drafts: readonly SectionFields[],
  origin: TransactionOrigin,
  ids: readonly string[] = [],
): string[] {
  const sections = tempoSections(doc);
  const root = doc.getMap<unknown>(ROOT.tempo);
  const out: string[] = [];
  doc.transact(() => {
    for (const id of [...root.keys()]) sections.remove(id, origin);
    let prev: string | undefined;
    drafts.forEach((d, i) => {
      const id = ids[i] ?? newSectionId();
      const order = keyBetween(prev, undefined);
      prev = order;
      const fields = { ...d };
      if (fields.key === undefined) delete (fields as { key?: string }).key;
      sections.put({ ...fields, id, order }, origin);
      out.push(id);
    });
  }, origin);
  return out;
}
