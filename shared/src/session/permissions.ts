/**
 * Which parts of the room document need more than the editor role to change.
 *
 * Room metadata (title, schema version, creation time) belongs to the facilitator and the server;
 * the one `meta` key editors write is the tldraw schema stamp their board binding records. The
 * facilitation root (agenda, countdown, lock, vote, spotlight) is the facilitator's; within it the
 * vote tally and results are the server's alone (no client writes them, facilitator included). The
 * server applies this to every update; viewers may write nothing at all.
 */
import { META, ROOT } from '../doc/roots.ts';
import { SERVER_ONLY_FACILITATION_KEYS } from '../facilitation/facilitationDoc.ts';

/** Whether writing `key` of the root type `root` needs the facilitator role. */
export function isFacilitatorOnlyWrite(root: string, key: string | null): boolean {
  return (root === ROOT.meta && key !== META.boardSchema) || root === ROOT.facilitation;
}

/** Whether `key` of the root type `root` is written by the server only (F8, RV8). */
export function isServerOnlyWrite(root: string, key: string | null): boolean {
  if (root === ROOT.versions) return true;
  return root === ROOT.facilitation && (key === null || SERVER_ONLY_FACILITATION_KEYS.includes(key));
}
