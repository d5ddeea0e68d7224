/**
 * Room-wide session metadata: title and creation time. (Facilitation state — timers, votes,
 * lock — joins this module when that capability is built.)
 */
import type * as Y from 'yjs';
import { META, metaMap } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';

export const TITLE_MAX_LENGTH = 120;
export const DEFAULT_TITLE = 'Untitled session';

export function readTitle(doc: Y.Doc): string {
  const v = metaMap(doc).get(META.title);
  return typeof v === 'string' && v.trim() !== '' ? v.slice(0, TITLE_MAX_LENGTH) : DEFAULT_TITLE;
}

export function writeTitle(doc: Y.Doc, title: string, origin: TransactionOrigin): void {
  const clean = title.trim().slice(0, TITLE_MAX_LENGTH);
  doc.transact(() => metaMap(doc).set(META.title, clean), origin);
}

export function readCreatedAt(doc: Y.Doc): number | undefined {
  const v = metaMap(doc).get(META.createdAt);
  return typeof v === 'number' ? v : undefined;
}
