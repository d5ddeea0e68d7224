/**
 * What the room needs to show and play recorded takes (SPEC.md B9–B10): a take's coarse waveform
 * (its stored peaks, or levels made from a file's samples or a peaks sidecar when it has none), the
 * takes that can play on the shared transport (placed, with audio), and which of them one person
 * chose to hear — a choice kept on their device, never in the doc, so my listening changes nothing
 * for anyone else.
 */
import * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { ReferenceAnchor } from '../references/referencesDoc.ts';
import { bucketCount, type Peaks } from '../references/peaks.ts';
import { TAKE_LIMITS, readTakes, type Take } from './takes.ts';
import { readTempoMap } from '../tempo/tempoDoc.ts';
import { buildTimeline, sectionAtTicks, tempoAtTicks } from '../tempo/timeline.ts';
import { positionToTicks } from '../tempo/position.ts';

/** Rounds a level so a take's 400 peaks stay a few kilobytes in the doc. */
const level = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

/**
 * A take's waveform from a peaks sidecar (the references' format, min/max per bucket) (B9): the
 * same levels `takePeaks` (recording SPEC R5) makes from the samples, for a take stored without them.
 */
export function takeLevelsFromPeaks(p: Peaks, count: number = TAKE_LIMITS.peaks): number[] {
  const buckets = bucketCount(p);
  const n = Math.min(count, buckets);
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * buckets) / n);
    const to = Math.floor(((b + 1) * buckets) / n);
    let hi = 0;
    for (let i = from; i < to; i++) hi = Math.max(hi, Math.abs(p.minMax[i * 2] ?? 0), Math.abs(p.minMax[i * 2 + 1] ?? 0));
    out.push(level(hi));
  }
  return out;
}

/**
 * What the song says about a take placed at `placement` (B12): the name of the section it starts
 * in, the tempo there and the section's key; nothing for a place outside the song.
 */
export function takePlaceFacts(
  doc: Y.Doc,
  placement: Pick<ReferenceAnchor, 'bar' | 'beat'>,
): { section?: string; bpm?: number; key?: string } {
  const tl = buildTimeline(readTempoMap(doc));
  const t = positionToTicks(tl, { bar: placement.bar, beat: placement.beat, tick: 0 });
  const section = sectionAtTicks(tl, t);
  if (!section) return {};
  return {
    ...(section.name.trim() ? { section: section.name.trim() } : {}),
    bpm: Math.round(tempoAtTicks(tl, t) * 1000) / 1000,
    ...(section.key !== undefined ? { key: section.key } : {}),
  };
}

/** A take that can sound on the shared transport: placed on the song, with stored audio (B10). */
export interface PlacedTake {
  readonly ideaId: string;
  readonly takeId: string;
  readonly anchor: ReferenceAnchor;
  /** App-relative address of its audio in the asset store. */
  readonly audioUrl: string;
}

/** Whether a take can play on the transport (B10). */
export function isPlaceable(take: Take): boolean {
  return take.placement !== undefined && take.audio !== undefined;
}

/** Every placed take with audio in the room, in idea then take order (B10). */
export function placedTakes(doc: Y.Doc): PlacedTake[] {
  const out: PlacedTake[] = [];
  const ideaIds: string[] = [];
  doc.getMap<unknown>(ROOT.backlog).forEach((m, id) => {
    if (m instanceof Y.Map) ideaIds.push(id);
  });
  for (const ideaId of ideaIds.sort()) {
    for (const t of readTakes(doc, ideaId)) {
      if (t.placement && t.audio) out.push({ ideaId, takeId: t.id, anchor: t.placement, audioUrl: t.audio.url });
    }
  }
  return out;
}

/** Most takes one device remembers choosing (a band records far fewer; a hostile store can't grow it). */
export const MAX_HEARD_TAKES = 500;
const MAX_TAKE_ID = 64;

/** The takes a person chose to hear, read back from their device's storage, whatever is there (B10). */
export function parseHeardTakes(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const ids = raw.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_TAKE_ID);
  return [...new Set(ids)].slice(0, MAX_HEARD_TAKES);
}

/** The choice with `takeIds` turned on or off; the newest choices are kept past the cap (B10). */
export function setHeard(heard: readonly string[], takeIds: readonly string[], on: boolean): string[] {
  const rest = heard.filter((id) => !takeIds.includes(id));
  return on ? [...rest, ...new Set(takeIds)].slice(-MAX_HEARD_TAKES) : rest;
}

/** The placed takes this person hears: chosen and still in the room (B10). */
export function heardPlacedTakes(placed: readonly PlacedTake[], heard: readonly string[]): PlacedTake[] {
  const chosen = new Set(heard);
  return placed.filter((p) => chosen.has(p.takeId));
}

/** Calls `fn` after any change to the backlog (ideas, takes, their fields); returns the unsubscribe. */
export function observeBacklog(doc: Y.Doc, fn: () => void): () => void {
  const root = doc.getMap<unknown>(ROOT.backlog);
  const handler = (): void => fn();
  root.observeDeep(handler);
  return () => root.unobserveDeep(handler);
}
