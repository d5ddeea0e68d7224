/**
 * References in the room doc: metadata only. File bytes live in the asset store; the doc holds the
 * asset id and its address (never a token: the reader adds its own at display time), so a room
 * with many songs stays small. Waveform peaks live beside the file (`<assetUrl>/peaks`).
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';

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
  return {
    id,
    kind: field.oneOf(f, 'kind', REFERENCE_KINDS, 'link'),
    title: field.string(f, 'title', 'Untitled reference').slice(0, MAX_REFERENCE_TITLE) || 'Untitled reference',
    addedBy: field.string(f, 'addedBy', 'someone'),
    addedAt: field.number(f, 'addedAt', 0),
    ...(assetId !== undefined ? { assetId } : {}),
    ...(assetUrl !== undefined ? { assetUrl } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(mime !== undefined ? { mime } : {}),
    ...(size !== undefined ? { size } : {}),
  };
}

export function references(doc: Y.Doc): EntityMap<Reference> {
  return entityMap(doc, ROOT.references, readReference);
}
