/**
 * The room's note of its last restore (RV8): which version, who restored it, when, and the
 * automatic version that undoes it. The server writes it in the same change as the restore, so
 * every open tab learns who restored what the moment the content changes, and can offer the undo.
 * Clients never write it (the server refuses any write to this root).
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { field, type Fields } from '../doc/entityMap.ts';
import { VERSION_KINDS, type VersionKind } from './versionRules.ts';

export interface RestoreNotice {
  /** The version restored. */
  readonly versionId: string;
  readonly versionName: string;
  readonly versionKind: VersionKind;
  /** The person who restored it (display name). */
  readonly by: string;
  readonly byPersonId: string | null;
  /** Epoch ms. */
  readonly at: number;
  /** The automatic version taken just before, whose restore undoes this one. */
  readonly undoVersionId: string;
}

const LAST_RESTORE = 'lastRestore';

function versionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.versions);
}

export function writeRestoreNotice(doc: Y.Doc, notice: RestoreNotice, origin: TransactionOrigin): void {
  doc.transact(() => versionsMap(doc).set(LAST_RESTORE, { ...notice }), origin);
}

export function readRestoreNotice(doc: Y.Doc): RestoreNotice | null {
  const raw = versionsMap(doc).get(LAST_RESTORE);
  if (typeof raw !== 'object' || raw === null) return null;
  const f = raw as Fields;
  const versionId = field.string(f, 'versionId');
  const undoVersionId = field.string(f, 'undoVersionId');
  if (!versionId || !undoVersionId) return null;
  return {
    versionId,
    versionName: field.string(f, 'versionName'),
    versionKind: field.oneOf(f, 'versionKind', VERSION_KINDS, 'named'),
    by: field.string(f, 'by', 'Someone'),
    byPersonId: field.optString(f, 'byPersonId') ?? null,
    at: field.number(f, 'at', 0),
    undoVersionId,
  };
}

/** Calls `fn` after each change of the notice; returns an unsubscribe. */
export function observeRestoreNotice(doc: Y.Doc, fn: (notice: RestoreNotice | null, origin: unknown) => void): () => void {
  const map = versionsMap(doc);
  const handler = (_e: Y.YMapEvent<unknown>, tr: Y.Transaction): void => fn(readRestoreNotice(doc), tr.origin);
  map.observe(handler);
  return () => map.unobserve(handler);
}
