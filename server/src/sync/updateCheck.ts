/**
 * Decides, before anything is applied, whether a Yjs update from a client can be integrated whole.
 *
 * Yjs accepts an update whose dependencies are missing by keeping the unresolved part "pending"
 * inside the document, applying what it can: a partial application that would then be persisted
 * and broadcast. The server must never keep half an update, so it checks first that every struct
 * continues a client's clock without a gap and that every item it points at (left/right origin,
 * parent) and every range it deletes is already in the document or earlier in the same update.
 * Undecodable bytes fail here too. The check reads structs but allocates nothing in the document.
 */
import * as Y from 'yjs';

export type UpdateVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: UpdateVerdict = { ok: true };

export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateVerdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    return { ok: false, reason: `undecodable update: ${err instanceof Error ? err.message : String(err)}` };
  }
  // Per client: the end of the contiguous clock range known after this update.
  const known = new Map<number, number>();
  const knownEnd = (client: number): number => {
    let v = known.get(client);
    if (v === undefined) {
      v = Y.getState(doc.store, client);
      known.set(client, v);
    }
    return v;
  };
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) return { ok: false, reason: 'update has a gap (skip struct)' };
    const { client, clock } = s.id;
    const end = knownEnd(client);
    if (clock > end) return { ok: false, reason: `missing dependency: client ${client} clock ${clock} after ${end}` };
    known.set(client, Math.max(end, clock + s.length));
  }
  const isKnown = (id: Y.ID | null): boolean => id === null || id.clock < knownEnd(id.client);
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent;
    const parentId = parent instanceof Y.ID ? parent : null;
    if (!isKnown(s.origin) || !isKnown(s.rightOrigin) || !isKnown(parentId)) {
      return { ok: false, reason: `missing dependency of item ${s.id.client}:${s.id.clock}` };
    }
  }
  for (const [client, items] of decoded.ds.clients) {
    const end = knownEnd(client);
    for (const del of items) {
      if (del.clock + del.len > end) return { ok: false, reason: `deletes unknown range of client ${client}` };
    }
  }
  return OK;
}
