/**
 * Takes of an idea: each time the band tries the idea, what was played (SPEC.md B5).
 *
 * A take is one Y.Map of fields inside its idea's `takes` map, so two people annotating different
 * fields of the same take both win. Audio lives in the asset store; the doc keeps only the asset's
 * id, address and a little metadata. The best take is the idea's `bestTakeId`: a single value, so
 * there is only ever one best take, and one pointing at a deleted take reads as none.
 */
import * as Y from 'yjs';
import type { TransactionOrigin } from '../doc/origins.ts';
import { field, type Fields } from '../doc/entityMap.ts';
import { canonicalKey } from '../tempo/musicalKey.ts';
import { readTempoMap } from '../tempo/tempoDoc.ts';
import { LIMITS as TEMPO_LIMITS } from '../tempo/tempoMap.ts';
import { buildTimeline, tempoAtTicks } from '../tempo/timeline.ts';
import { MAX_ANCHOR_BAR, MAX_ANCHOR_FILE_SECONDS, type ReferenceAnchor } from '../references/referencesDoc.ts';
import { BACKLOG_LIMITS, IDEA_KEY } from './backlogDoc.ts';
import { ideaYMap, newBacklogId, type Person } from './backlogEdits.ts';

export interface TakeAudio {
  readonly assetId: string;
  /** App-relative download path from the asset store (the reader appends its token). */
  readonly url: string;
  readonly name: string;
  readonly mime: string;
  readonly size: number;
}

export interface Take {
  readonly id: string;
  readonly title: string;
  /** Who played: people's names (from the room or typed in). */
  readonly players: readonly string[];
  /** Quarter notes per minute. */
  readonly bpm?: number;
  /** Canonical key such as `Am` (see `tempo/musicalKey.ts`). */
  readonly key?: string;
  readonly notes: string;
  /** 1–5, absent when not rated. */
  readonly rating?: number;
  readonly audio?: TakeAudio;
  /**
   * Where a recorded take sits on the song (B8): "file time `fileSeconds` is bar `bar`, beat
   * `beat`", the same anchor play-along uses for references, so a tempo edit moves it with the music.
   */
  readonly placement?: ReferenceAnchor;
  /** Length of the audio in seconds (recorded takes know it before anyone decodes the file). */
  readonly durationSeconds?: number;
  /** A coarse waveform: up to {@link TAKE_LIMITS.peaks} peak levels in 0–1, evenly over the take. */
  readonly peaks?: readonly number[];
  /** Name of the section the take was recorded in, when the count-in started inside one. */
  readonly section?: string;
  readonly createdBy: string;
  readonly createdAt: number;
}

export const TAKE_LIMITS = {
  titleLength: 120,
  notesLength: 4000,
  players: 12,
  rating: { min: 1, max: 5 },
  peaks: 400,
  sectionLength: 80,
  durationSeconds: 6 * 3600,
} as const;

const TAKE_KEY = {
  title: 'title',
  players: 'players',
  bpm: 'bpm',
  key: 'key',
  notes: 'notes',
  rating: 'rating',
  audio: 'audio',
  placement: 'placement',
  durationSeconds: 'durationSeconds',
  peaks: 'peaks',
  section: 'section',
  createdBy: 'createdBy',
  createdAt: 'createdAt',
} as const;

function readAudio(v: unknown): TakeAudio | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Fields;
  const assetId = field.string(f, 'assetId');
  const url = field.string(f, 'url');
  // Only app-relative asset paths: a peer must not make other people's players fetch anything else.
  if (!assetId || !url.startsWith('/api/')) return undefined;
  return {
    assetId,
    url,
    name: field.string(f, 'name', 'audio'),
    mime: field.string(f, 'mime', 'audio/mpeg'),
    size: field.number(f, 'size', 0),
  };
}

/** A placement from a stored value, or undefined unless every part is usable (B8). */
function readPlacement(v: unknown): ReferenceAnchor | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { bar, beat, fileSeconds } = v as Record<string, unknown>;
  if (typeof bar !== 'number' || typeof beat !== 'number' || typeof fileSeconds !== 'number') return undefined;
  if (!Number.isInteger(bar) || bar < 1 || bar > MAX_ANCHOR_BAR) return undefined;
  if (!Number.isInteger(beat) || beat < 1 || beat > 64) return undefined;
  if (!Number.isFinite(fileSeconds) || Math.abs(fileSeconds) > MAX_ANCHOR_FILE_SECONDS) return undefined;
  return { bar, beat, fileSeconds };
}

/** Peaks from a stored value: numbers clamped to 0–1, at most the limit; anything else reads as none. */
function readPeaks(v: unknown): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.slice(0, TAKE_LIMITS.peaks).map((x) => (typeof x === 'number' && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0));
}

/** Normalises one stored take (values may come from any peer). */
export function readTake(id: string, f: Fields): Take {
  const players = Array.isArray(f[TAKE_KEY.players])
    ? (f[TAKE_KEY.players] as unknown[]).filter((p): p is string => typeof p === 'string')
    : [];
  const bpm = field.optNumber(f, TAKE_KEY.bpm);
  const rawKey = field.optString(f, TAKE_KEY.key);
  const key = rawKey === undefined ? undefined : canonicalKey(rawKey);
  const rating = field.optNumber(f, TAKE_KEY.rating);
  const audio = readAudio(f[TAKE_KEY.audio]);
  const placement = readPlacement(f[TAKE_KEY.placement]);
  const duration = field.optNumber(f, TAKE_KEY.durationSeconds);
  const durationSeconds = duration !== undefined && duration > 0 && duration <= TAKE_LIMITS.durationSeconds ? duration : undefined;
  const peaks = readPeaks(f[TAKE_KEY.peaks]);
  const section = field.optString(f, TAKE_KEY.section)?.slice(0, TAKE_LIMITS.sectionLength);
  return {
    id,
    title: field.string(f, TAKE_KEY.title, 'Take').slice(0, TAKE_LIMITS.titleLength),
    players: players.slice(0, TAKE_LIMITS.players),
    notes: field.string(f, TAKE_KEY.notes),
    createdBy: field.string(f, TAKE_KEY.createdBy, 'someone'),
    createdAt: field.number(f, TAKE_KEY.createdAt, 0),
    ...(bpm !== undefined ? { bpm: Math.min(TEMPO_LIMITS.bpm.max, Math.max(TEMPO_LIMITS.bpm.min, bpm)) } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(rating !== undefined ? { rating: Math.min(5, Math.max(1, Math.round(rating))) } : {}),
    ...(audio ? { audio } : {}),
    ...(placement ? { placement } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(peaks ? { peaks } : {}),
    ...(section ? { section } : {}),
  };
}

function takesMap(doc: Y.Doc, ideaId: string): Y.Map<unknown> | undefined {
  const t = ideaYMap(doc, ideaId)?.get(IDEA_KEY.takes);
  return t instanceof Y.Map ? t : undefined;
}

/** An idea's takes, newest first. */
export function readTakes(doc: Y.Doc, ideaId: string): Take[] {
  const takes = takesMap(doc, ideaId);
  if (!takes) return [];
  const out: Take[] = [];
  takes.forEach((v, id) => {
    if (v instanceof Y.Map) out.push(readTake(id, v.toJSON() as Fields));
  });
  return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}

/** The best take's id, only if that take still exists. */
export function readBestTakeId(doc: Y.Doc, ideaId: string): string | undefined {
  const idea = ideaYMap(doc, ideaId);
  const best = idea?.get(IDEA_KEY.bestTakeId);
  return typeof best === 'string' && takesMap(doc, ideaId)?.has(best) ? best : undefined;
}

/**
 * Tempo and key a new take starts with: the tempo at the start of the first linked section (in
 * song order) that still exists, and its key; nothing when no linked section is left.
 */
export function takeDefaults(doc: Y.Doc, ideaId: string): { bpm?: number; key?: string } {
  const linked = ideaYMap(doc, ideaId)?.get(IDEA_KEY.sections);
  if (!(linked instanceof Y.Map)) return {};
  const tl = buildTimeline(readTempoMap(doc));
  const section = tl.sections.find((s) => s.id !== undefined && linked.has(s.id));
  if (!section) return {};
  const bpm = Math.round(tempoAtTicks(tl, section.startTicks) * 1000) / 1000;
  return { bpm, ...(section.key !== undefined ? { key: section.key } : {}) };
}

export interface TakeInput {
  readonly title?: string;
  readonly players?: readonly string[];
  readonly bpm?: number | null;
  readonly key?: string | null;
  readonly notes?: string;
  readonly rating?: number | null;
  readonly audio?: TakeAudio | null;
  readonly placement?: ReferenceAnchor | null;
  readonly durationSeconds?: number | null;
  readonly peaks?: readonly number[] | null;
  readonly section?: string | null;
}

/** Why a take edit was refused; nothing was written. */
export type TakeError =
  | { readonly code: 'unknown_idea' }
  | { readonly code: 'unknown_take' }
  | { readonly code: 'invalid_bpm'; readonly min: number; readonly max: number }
  | { readonly code: 'invalid_key'; readonly value: string }
  | { readonly code: 'invalid_rating' }
  | { readonly code: 'invalid_placement' }
  | { readonly code: 'invalid_duration' };

export type TakeResult = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly error: TakeError };

/** Validates a patch into the fields to write (`undefined` value = delete the field). */
function takeFields(input: TakeInput): { ok: true; fields: Record<string, unknown> } | { ok: false; error: TakeError } {
  const out: Record<string, unknown> = {};
  if (input.title !== undefined) out[TAKE_KEY.title] = input.title.trim().slice(0, TAKE_LIMITS.titleLength) || 'Take';
  if (input.players !== undefined) {
    out[TAKE_KEY.players] = input.players
      .map((p) => p.trim().slice(0, BACKLOG_LIMITS.nameLength))
      .filter(Boolean)
      .slice(0, TAKE_LIMITS.players);
  }
  if (input.bpm !== undefined) {
    if (input.bpm !== null && (!Number.isFinite(input.bpm) || input.bpm < TEMPO_LIMITS.bpm.min || input.bpm > TEMPO_LIMITS.bpm.max)) {
      return { ok: false, error: { code: 'invalid_bpm', min: TEMPO_LIMITS.bpm.min, max: TEMPO_LIMITS.bpm.max } };
    }
    out[TAKE_KEY.bpm] = input.bpm ?? undefined;
  }
  if (input.key !== undefined) {
    if (input.key === null || input.key.trim() === '') out[TAKE_KEY.key] = undefined;
    else {
      const k = canonicalKey(input.key);
      if (k === undefined) return { ok: false, error: { code: 'invalid_key', value: input.key } };
      out[TAKE_KEY.key] = k;
    }
  }
  if (input.notes !== undefined) out[TAKE_KEY.notes] = input.notes.slice(0, TAKE_LIMITS.notesLength);
  if (input.rating !== undefined) {
    if (input.rating !== null && (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5))
      return { ok: false, error: { code: 'invalid_rating' } };
    out[TAKE_KEY.rating] = input.rating ?? undefined;
  }
  if (input.audio !== undefined) out[TAKE_KEY.audio] = input.audio ? { ...input.audio } : undefined;
  if (input.placement !== undefined) {
    if (input.placement === null) out[TAKE_KEY.placement] = undefined;
    else {
      const p = readPlacement(input.placement);
      if (!p) return { ok: false, error: { code: 'invalid_placement' } };
      out[TAKE_KEY.placement] = { ...p };
    }
  }
  if (input.durationSeconds !== undefined) {
    const d = input.durationSeconds;
    if (d !== null && (!Number.isFinite(d) || d <= 0 || d > TAKE_LIMITS.durationSeconds))
      return { ok: false, error: { code: 'invalid_duration' } };
    out[TAKE_KEY.durationSeconds] = d ?? undefined;
  }
  if (input.peaks !== undefined)
    out[TAKE_KEY.peaks] =
      input.peaks === null ? undefined : (readPeaks([...input.peaks])?.map((x) => Math.round(x * 1000) / 1000) ?? undefined);
  if (input.section !== undefined) {
    const name = input.section?.trim().slice(0, TAKE_LIMITS.sectionLength);
    out[TAKE_KEY.section] = name ? name : undefined;
  }
  return { ok: true, fields: out };
}

function write(m: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) m.delete(k);
    else m.set(k, v);
  }
}

/**
 * Adds a take. Tempo and key default from the linked section ({@link takeDefaults}) unless given
 * (`null` means "none" explicitly).
 */
export function addTake(
  doc: Y.Doc,
  ideaId: string,
  input: TakeInput,
  by: Person,
  origin: TransactionOrigin,
  now = Date.now(),
  id = newBacklogId('t'),
): TakeResult {
  const idea = ideaYMap(doc, ideaId);
  if (!idea) return { ok: false, error: { code: 'unknown_idea' } };
  const defaults = takeDefaults(doc, ideaId);
  const count = takesMap(doc, ideaId)?.size ?? 0;
  const checked = takeFields({
    title: `Take ${count + 1}`,
    ...(defaults.bpm !== undefined ? { bpm: defaults.bpm } : {}),
    ...(defaults.key !== undefined ? { key: defaults.key } : {}),
    ...input,
  });
  if (!checked.ok) return checked;
  doc.transact(() => {
    let takes = idea.get(IDEA_KEY.takes);
    if (!(takes instanceof Y.Map)) {
      takes = new Y.Map<unknown>();
      idea.set(IDEA_KEY.takes, takes);
    }
    const m = new Y.Map<unknown>();
    (takes as Y.Map<unknown>).set(id, m);
    write(m, { ...checked.fields, [TAKE_KEY.createdBy]: by.name.slice(0, BACKLOG_LIMITS.nameLength), [TAKE_KEY.createdAt]: now });
  }, origin);
  return { ok: true, id };
}

export function updateTake(doc: Y.Doc, ideaId: string, takeId: string, patch: TakeInput, origin: TransactionOrigin): TakeResult {
  const m = takesMap(doc, ideaId)?.get(takeId);
  if (!(m instanceof Y.Map)) return { ok: false, error: { code: 'unknown_take' } };
  const checked = takeFields(patch);
  if (!checked.ok) return checked;
  doc.transact(() => write(m, checked.fields), origin);
  return { ok: true, id: takeId };
}

export function removeTake(doc: Y.Doc, ideaId: string, takeId: string, origin: TransactionOrigin): void {
  const takes = takesMap(doc, ideaId);
  if (takes?.has(takeId)) doc.transact(() => takes.delete(takeId), origin);
}

/** Marks a take as the idea's best, or clears the mark (null). */
export function markBestTake(doc: Y.Doc, ideaId: string, takeId: string | null, origin: TransactionOrigin): boolean {
  const idea = ideaYMap(doc, ideaId);
  if (!idea) return false;
  if (takeId !== null && !takesMap(doc, ideaId)?.has(takeId)) return false;
  doc.transact(() => {
    if (takeId === null) idea.delete(IDEA_KEY.bestTakeId);
    else idea.set(IDEA_KEY.bestTakeId, takeId);
  }, origin);
  return true;
}
