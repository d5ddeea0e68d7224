/**
 * References in the room doc: metadata only. File bytes live in the asset store; the doc holds the
 * asset id so a room with many songs stays small.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';

export const REFERENCE_KINDS = ['audio', 'image', 'link'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface Reference {
  readonly id: string;
  readonly kind: ReferenceKind;
  readonly title: string;
  /** Asset-store id for uploaded audio and images. */
  readonly assetId?: string;
  /** External address for link references. */
  readonly url?: string;
  readonly addedBy: string;
  readonly addedAt: number;
  readonly durationSeconds?: number;
}

export function readReference(id: string, f: Fields): Reference {
  const assetId = field.optString(f, 'assetId');
  const url = field.optString(f, 'url');
  const durationSeconds = field.optNumber(f, 'durationSeconds');
  return {
    id,
    kind: field.oneOf(f, 'kind', REFERENCE_KINDS, 'link'),
    title: field.string(f, 'title', 'Untitled reference'),
    addedBy: field.string(f, 'addedBy', 'someone'),
    addedAt: field.number(f, 'addedAt', 0),
    ...(assetId !== undefined ? { assetId } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
  };
}

export function references(doc: Y.Doc): EntityMap<Reference> {
  return entityMap(doc, ROOT.references, readReference);
}
