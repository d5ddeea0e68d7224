/**
 * References in the room doc: metadata only. File bytes live in the asset store; the doc holds the
 * asset id and its address (never a token: the reader adds its own at display time), so a room
 * with many songs stays small. Waveform peaks live beside the file (`<assetUrl>/peaks`).
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import type { TransactionOrigin } from '../doc/origins.ts';

export const REFERENCE_KINDS = ['audio', 'image', 'link'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Longest title kept; longer stored titles are cut on read. */
export const MAX_REFERENCE_TITLE = 200;

export interface Reference {
  readonly id: string;
  readonly kind: ReferenceKind;
  readonly title: string;
  /** Asset-store id for uploaded audio and images. */
  readonly assetId?: string;
  /** Where the asset is served (`/api/rooms/<id>/assets/<sha256>`), without any token. */
  readonly assetUrl?: string;
  /** External address for link references (http/https only). */
  readonly url?: string;
  /** Display name of whoever added it. */
  readonly addedBy: string;
  readonly addedAt: number;
  readonly durationSeconds?: number;
  /** MIME type the server detected from the bytes. */
  readonly mime?: string;
  readonly size?: number;
  /** Where the file sits on the song's timeline (play along, SPEC P1); absent = not placed. */
  readonly anchor?: ReferenceAnchor;
}

/**
 * "File time `fileSeconds` is bar `bar`, beat `beat`": the one point that places a reference on
 * the song's timeline. Stored as a musical position, so a tempo edit moves the file with the music.
 * A millisecond nudge changes `fileSeconds`; it may be negative (the file starts after the anchor).
 */
export interface ReferenceAnchor {
  readonly bar: number;
  readonly beat: number;
  readonly fileSeconds: number;
}

/** Largest anchor bar and |file time| kept; anything beyond reads as "not placed". */
export const MAX_ANCHOR_BAR = 10_000;
export const MAX_ANCHOR_FILE_SECONDS = 24 * 3600;

/** The three flat fields an anchor is stored in (written together, read together). */
export const ANCHOR_FIELDS = { bar: 'anchorBar', beat: 'anchorBeat', fileSeconds: 'anchorFileSeconds' } as const;

/** An anchor from stored fields, or undefined unless all three are usable (P1). */
export function readReferenceAnchor(f: Fields): ReferenceAnchor | undefined {
  const bar = field.optNumber(f, ANCHOR_FIELDS.bar);
  const beat = field.optNumber(f, ANCHOR_FIELDS.beat);
  const fileSeconds = field.optNumber(f, ANCHOR_FIELDS.fileSeconds);
  if (bar === undefined || beat === undefined || fileSeconds === undefined) return undefined;
  if (!Number.isInteger(bar) || bar < 1 || bar > MAX_ANCHOR_BAR) return undefined;
  if (!Number.isInteger(beat) || beat < 1 || beat > 64) return undefined;
  if (Math.abs(fileSeconds) > MAX_ANCHOR_FILE_SECONDS) return undefined;
  return { bar, beat, fileSeconds };
}

/** Only same-origin asset paths and http(s) links are shown; anything else (javascript:, data:) reads as absent. */
function safeAssetUrl(v: string | undefined): string | undefined {
  return v !== undefined && /^\/api\/rooms\/[^/?#]+\/assets\/[0-9a-f]{64}$/.test(v) ? v : undefined;
}

export function safeLinkUrl(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return /^https?:\/\/[^\s]+$/i.test(v) ? v : undefined;
}

export function readReference(id: string, f: Fields): Reference {
  const assetId = field.optString(f, 'assetId');
  const assetUrl = safeAssetUrl(field.optString(f, 'assetUrl'));
  const url = safeLinkUrl(field.optString(f, 'url'));
  const d = field.optNumber(f, 'durationSeconds');
  const durationSeconds = d !== undefined && d >= 0 ? d : undefined;
  const mime = field.optString(f, 'mime');
  const size = field.optNumber(f, 'size');
  const kind = field.oneOf(f, 'kind', REFERENCE_KINDS, 'link');
  const anchor = kind === 'audio' ? readReferenceAnchor(f) : undefined;
  return {
    id,
    kind,
    title: field.string(f, 'title', 'Untitled reference').slice(0, MAX_REFERENCE_TITLE) || 'Untitled reference',
    addedBy: field.string(f, 'addedBy', 'someone'),
    addedAt: field.number(f, 'addedAt', 0),
    ...(assetId !== undefined ? { assetId } : {}),
    ...(assetUrl !== undefined ? { assetUrl } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(mime !== undefined ? { mime } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(anchor !== undefined ? { anchor } : {}),
  };
}

export function references(doc: Y.Doc): EntityMap<Reference> {
  return entityMap(doc, ROOT.references, readReference);
}

/**
 * Places a reference on the timeline (or takes it off with `undefined`). The three fields are
 * written in one transaction, so a peer never reads half an anchor.
 */
export function placeReference(doc: Y.Doc, id: string, anchor: ReferenceAnchor | undefined, origin: TransactionOrigin): void {
  const bar = anchor === undefined ? undefined : Math.min(MAX_ANCHOR_BAR, Math.max(1, Math.round(anchor.bar)));
  const beat = anchor === undefined ? undefined : Math.min(64, Math.max(1, Math.round(anchor.beat)));
  const fileSeconds =
    anchor === undefined ? undefined : Math.min(MAX_ANCHOR_FILE_SECONDS, Math.max(-MAX_ANCHOR_FILE_SECONDS, anchor.fileSeconds));
  entityMap<{ id: string } & Fields>(doc, ROOT.references, (i, f) => ({ ...f, id: i })).update(
    id,
    { [ANCHOR_FIELDS.bar]: bar, [ANCHOR_FIELDS.beat]: beat, [ANCHOR_FIELDS.fileSeconds]: fileSeconds },
    origin,
  );
}
