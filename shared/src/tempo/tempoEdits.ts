/**
 * Editing operations on the tempo map (SPEC.md T1, T6): each is one Yjs transaction with an origin.
 *
 * Invariants:
 * - an entity (section, tempo point, meter change) is written whole in the transaction that creates
 *   it, and later edits touch single fields of its own Y.Map, so concurrent edits of different
 *   fields both win and an edit to an entity someone deleted is dropped by Yjs instead of
 *   resurrecting half of it (T1.2);
 * - input is validated before anything is written: an invalid patch is rejected whole with a typed
 *   {@link TempoEditError} (no clamping of user input — the UI shows the error and the limits);
 *   clamping happens only on read, for values a peer wrote (T1.5);
 * - a form edit that adds, removes or moves bars carries the tempo track along in the same
 *   transaction (`formRemap.ts`, T6.5), writing only the fields that changed;
 * - order keys come from `doc/order.ts`; before placing a section, a run of equal or unusable keys
 *   among its neighbours (left by concurrent inserts or a malformed peer) is spread out, so "move to
 *   index i" lands at i (T1.4).
 */
import type * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { keyBetween } from '../doc/order.ts';
import type { EntityMap } from '../doc/entityMap.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { canonicalKey } from './musicalKey.ts';
import { remapTrack, type FormSlot } from './formRemap.ts';
import { meterChanges, readSongOrder, readTempoMap, tempoPoints, tempoSections } from './tempoDoc.ts';
import {
  DEFAULT_SECTION,
  LIMITS,
  meterProblem,
  tempoPointProblem,
  type MeterChange,
  type MeterFields,
  type Section,
  type SectionFields,
  type TempoMapData,
  type TempoPoint,
  type TempoPointFields,
} from './tempoMap.ts';

/** A change to a section's fields; `key: null` clears the key. */
export interface SectionPatch {
  readonly name?: string;
  readonly bars?: number;
  readonly key?: string | null;
}

/** Why an edit was refused; nothing was written. The UI turns `code` into a sentence. */
export type TempoEditError =
  | { readonly code: 'unknown_section'; readonly id: string }
  | { readonly code: 'unknown_point'; readonly id: string }
  | { readonly code: 'unknown_meter'; readonly id: string }
  | { readonly code: 'out_of_range'; readonly field: 'bars'; readonly min: number; readonly max: number; readonly value: number }
  | { readonly code: 'not_integer'; readonly field: 'bars'; readonly value: number }
  | { readonly code: 'invalid_key'; readonly value: string }
  | { readonly code: 'invalid_name'; readonly maxLength: number }
  /** A tempo point or meter change that breaks its rule; `reason` is a sentence. */
  | { readonly code: 'invalid_point'; readonly reason: string }
  | { readonly code: 'invalid_meter'; readonly reason: string }
  /** Split point must leave at least one bar on each side: 1 ≤ atBar ≤ bars − 1. */
  | { readonly code: 'invalid_split'; readonly bars: number; readonly atBar: number };

export type TempoEditErrorCode = TempoEditError['code'];

export type EditResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TempoEditError };

const ok = <T>(value: T): EditResult<T> => ({ ok: true, value });
const fail = <T>(error: TempoEditError): EditResult<T> => ({ ok: false, error });

/** A fresh random id with a one-letter prefix (no crypto global is assumed: shared runs in browser and Node). */
export function newSectionId(random: () => number = Math.random, prefix = 's'): string {
  let id = prefix;
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
  if (patch.bars !== undefined) {
    const { min, max } = LIMITS.bars;
    if (!Number.isFinite(patch.bars) || patch.bars < min || patch.bars > max)
      return fail({ code: 'out_of_range', field: 'bars', min, max, value: patch.bars });
    if (!Number.isInteger(patch.bars)) return fail({ code: 'not_integer', field: 'bars', value: patch.bars });
    out.bars = patch.bars;
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

/** Writes a whole list of entities over a collection: changed fields only, new ones whole, missing ones removed. */
function writeAll<T extends { id: string }>(
  coll: EntityMap<T>,
  before: readonly T[],
  after: readonly T[],
  origin: TransactionOrigin,
): void {
  const old = new Map(before.map((x) => [x.id, x]));
  for (const x of after) {
    const prev = old.get(x.id);
    old.delete(x.id);
    if (!prev) {
      coll.put(x, origin);
      continue;
    }
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'id' && (prev as Record<string, unknown>)[k] !== v) patch[k] = v;
    if (Object.keys(patch).length > 0) coll.update(x.id, patch as Partial<Omit<T, 'id'>>, origin);
  }
  for (const id of old.keys()) coll.remove(id, origin);
}

/**
 * Applies a form edit: `form` is the new song order, each with its bars and the old bars it plays;
 * the tempo track follows (T6.5). Called inside the caller's transaction.
 */
function reform(doc: Y.Doc, form: readonly FormSlot[], origin: TransactionOrigin): void {
  const map = readTempoMap(doc);
  const next = remapTrack(map, form, () => newSectionId(Math.random, 'p'));
  writeAll(tempoPoints(doc), map.points, next.points, origin);
  writeAll(meterChanges(doc), map.meters, next.meters, origin);
}

const slotsOf = (order: readonly Section[]): FormSlot[] => order.map((s) => ({ bars: s.bars, source: { id: s.id, offsetBars: 0 } }));

/** How a new section is filled: copied from an existing section, then overridden by `fields`. */
export interface NewSection {
  /** Id of a section whose fields are copied (e.g. the neighbour); defaults are used otherwise. */
  readonly copyFrom?: string;
  readonly fields?: SectionPatch;
  /** Id for the new section; a random one by default. */
  readonly id?: string;
}

/** Inserts a section at `index` of the song order (clamped to 0…length); later bars move with their tempo. Returns its id. */
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
    const order = orderedWithDistinctKeys(doc, origin);
    const i = Math.max(0, Math.min(Math.trunc(index), order.length));
    const merged = { ...source, ...patch.value };
    if (merged.key === undefined) delete merged.key;
    const slots = slotsOf(order);
    slots.splice(i, 0, { bars: merged.bars });
    reform(doc, slots, origin);
    sections.put({ id, order: keyAt(order, i), ...merged } as Section, origin);
  }, origin);
  return ok(id);
}

/** Changes fields of one section; rejected whole if any field is invalid. Returns the section as read back. */
export function updateSection(doc: Y.Doc, id: string, patch: SectionPatch, origin: TransactionOrigin): EditResult<Section> {
  const sections = tempoSections(doc);
  const before = sections.get(id);
  if (!before) return fail({ code: 'unknown_section', id });
  const valid = validateSectionPatch(patch);
  if (!valid.ok) return valid;
  doc.transact(() => {
    if (valid.value.bars !== undefined && valid.value.bars !== before.bars) {
      const bars = valid.value.bars;
      reform(
        doc,
        slotsOf(readSongOrder(doc)).map((s) => (s.source?.id === id ? { ...s, bars } : s)),
        origin,
      );
    }
    sections.update(id, valid.value, origin);
  }, origin);
  const after = sections.get(id);
  return after ? ok(after) : fail({ code: 'unknown_section', id });
}

/** Removes a section and the bars it held (with their tempo points and meter changes). */
export function deleteSection(doc: Y.Doc, id: string, origin: TransactionOrigin): EditResult<void> {
  const sections = tempoSections(doc);
  if (!sections.has(id)) return fail({ code: 'unknown_section', id });
  doc.transact(() => {
    reform(
      doc,
      slotsOf(readSongOrder(doc)).filter((s) => s.source?.id !== id),
      origin,
    );
    sections.remove(id, origin);
  }, origin);
  return ok(undefined);
}

/** Inserts a copy of a section, with its tempo points and meter changes, right after it. Returns the copy's id. */
export function duplicateSection(doc: Y.Doc, id: string, origin: TransactionOrigin, newId: string = newSectionId()): EditResult<string> {
  const sections = tempoSections(doc);
  if (!sections.get(id)) return fail({ code: 'unknown_section', id });
  doc.transact(() => {
    const order = orderedWithDistinctKeys(doc, origin);
    const i = order.findIndex((s) => s.id === id);
    const src = order[i];
    if (src === undefined) return;
    const slots = slotsOf(order);
    slots.splice(i + 1, 0, { bars: src.bars, source: { id, offsetBars: 0 } });
    reform(doc, slots, origin);
    sections.put({ ...src, id: newId, order: keyAt(order, i + 1) }, origin);
  }, origin);
  return ok(newId);
}

/**
 * Splits a section of N bars after its bar `atBar` (1 ≤ atBar ≤ N − 1) into `atBar` and N − atBar
 * bars. The second part gets a new id, an order key right after the first and a copy of the name
 * and key; the tempo track is untouched, so every position keeps its time (T6.2).
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
    sections.update(id, { bars: atBar }, origin);
    sections.put({ ...src, id: newId, order: keyAt(order, i + 1), bars: src.bars - atBar }, origin);
  }, origin);
  return ok(newId);
}

/** Moves a section, with its tempo points and meter changes, to `index` of the song order (the index it will have; clamped). */
export function moveSection(doc: Y.Doc, id: string, index: number, origin: TransactionOrigin): EditResult<void> {
  const sections = tempoSections(doc);
  if (!sections.has(id)) return fail({ code: 'unknown_section', id });
  doc.transact(() => {
    const order = orderedWithDistinctKeys(doc, origin);
    const others = order.filter((s) => s.id !== id);
    const moved = order.find((s) => s.id === id);
    if (!moved) return;
    const i = Math.max(0, Math.min(Math.trunc(index), others.length));
    const slots = slotsOf(others);
    slots.splice(i, 0, { bars: moved.bars, source: { id, offsetBars: 0 } });
    reform(doc, slots, origin);
    sections.update(id, { order: keyAt(others, i) }, origin);
  }, origin);
  return ok(undefined);
}

/** Adds a tempo point. Returns its id. */
export function addTempoPoint(
  doc: Y.Doc,
  fields: TempoPointFields,
  origin: TransactionOrigin,
  id: string = newSectionId(Math.random, 'p'),
): EditResult<string> {
  const problem = tempoPointProblem({ ...fields });
  if (problem !== undefined) return fail({ code: 'invalid_point', reason: problem });
  tempoPoints(doc).put({ ...fields, id }, origin);
  return ok(id);
}

/** Changes a tempo point (position, tempo, shape); the result must be a valid point. */
export function updateTempoPoint(
  doc: Y.Doc,
  id: string,
  patch: Partial<TempoPointFields>,
  origin: TransactionOrigin,
): EditResult<TempoPoint> {
  const points = tempoPoints(doc);
  const before = points.get(id);
  if (!before) return fail({ code: 'unknown_point', id });
  const problem = tempoPointProblem({ ...before, ...patch });
  if (problem !== undefined) return fail({ code: 'invalid_point', reason: problem });
  points.update(id, patch, origin);
  return ok({ ...before, ...patch });
}

export function deleteTempoPoint(doc: Y.Doc, id: string, origin: TransactionOrigin): EditResult<void> {
  const points = tempoPoints(doc);
  if (!points.has(id)) return fail({ code: 'unknown_point', id });
  points.remove(id, origin);
  return ok(undefined);
}

/**
 * Sets the tempo at the start of a bar: changes the point there, or adds a jump point (what the
 * section editor's BPM field does).
 */
export function setTempoAtBar(doc: Y.Doc, bar: number, bpmValue: number, origin: TransactionOrigin): EditResult<string> {
  const at = tempoPoints(doc)
    .list()
    .filter((p) => p.bar === bar && p.beat === 1 && p.tick === 0)
    .sort((a, b) => a.id.localeCompare(b.id))
    .pop();
  if (at) {
    const r = updateTempoPoint(doc, at.id, { bpm: bpmValue }, origin);
    return r.ok ? ok(at.id) : r;
  }
  return addTempoPoint(doc, { bar, beat: 1, tick: 0, bpm: bpmValue, shape: 'jump' }, origin);
}

/** Sets the meter from a bar on: changes the meter change there, or adds one. */
export function setMeterAtBar(doc: Y.Doc, fields: MeterFields, origin: TransactionOrigin): EditResult<string> {
  const problem = meterProblem({ ...fields });
  if (problem !== undefined) return fail({ code: 'invalid_meter', reason: problem });
  const meters = meterChanges(doc);
  const at = meters
    .list()
    .filter((m) => m.bar === fields.bar)
    .sort((a, b) => a.id.localeCompare(b.id))
    .pop();
  if (at) {
    meters.update(at.id, { numerator: fields.numerator, denominator: fields.denominator }, origin);
    return ok(at.id);
  }
  const id = newSectionId(Math.random, 'm');
  meters.put({ ...fields, id }, origin);
  return ok(id);
}

export function deleteMeterChange(doc: Y.Doc, id: string, origin: TransactionOrigin): EditResult<void> {
  const meters = meterChanges(doc);
  if (!meters.has(id)) return fail({ code: 'unknown_meter', id });
  meters.remove(id, origin);
  return ok(undefined);
}

/** Replaces the whole tempo map (e.g. with an imported MIDI file), in one transaction. Returns the new section ids. */
export function replaceTempoMap(doc: Y.Doc, map: TempoMapData, origin: TransactionOrigin, ids: readonly string[] = []): string[] {
  const sections = tempoSections(doc);
  const out: string[] = [];
  doc.transact(() => {
    for (const s of sections.list()) sections.remove(s.id, origin);
    let prev: string | undefined;
    map.sections.forEach((d, i) => {
      const id = ids[i] ?? newSectionId();
      const order = keyBetween(prev, undefined);
      prev = order;
      sections.put({ id, order, name: d.name, bars: d.bars, ...(d.key !== undefined ? { key: d.key } : {}) }, origin);
      out.push(id);
    });
    const points: TempoPoint[] = map.points.map((p) => ({
      id: newSectionId(Math.random, 'p'),
      bar: p.bar,
      beat: p.beat,
      tick: p.tick,
      bpm: p.bpm,
      shape: p.shape,
    }));
    const meters: MeterChange[] = map.meters.map((m) => ({
      id: newSectionId(Math.random, 'm'),
      bar: m.bar,
      numerator: m.numerator,
      denominator: m.denominator,
    }));
    writeAll(tempoPoints(doc), tempoPoints(doc).list(), points, origin);
    writeAll(meterChanges(doc), meterChanges(doc).list(), meters, origin);
  }, origin);
  return out;
}
