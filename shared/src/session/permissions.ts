/**
 * Which parts of the room document need more than the editor role to change.
 *
 * Room metadata (title, schema version, creation time) belongs to the facilitator and the server;
 * the one `meta` key editors write is the tldraw schema stamp their board binding records. The
 * server applies this to every update an editor sends; viewers may write nothing at all.
 */
import { META, ROOT } from '../doc/roots.ts';

/** Whether writing `key` of the root type `root` needs the facilitator role. */
export function isFacilitatorOnlyWrite(root: string, key: string | null): boolean {
  return root === ROOT.meta && key !== META.boardSchema;
}
