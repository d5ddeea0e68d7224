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

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type UpdateVerdict = { readonly ok: true; readonly decoded: DecodedUpdate } | { readonly ok: false; readonly reason: string };

/** Decodes an update's structs and deletions, or says why it can't. */
export function decodeUpdate(update: Uint8Array): UpdateVerdict {
  try {
    return { ok: true, decoded: Y.decodeUpdate(update) };
  } catch (err) {
    return { ok: false, reason: `undecodable update: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The end of `client`'s contiguous clock range, as far as this update has extended it, else the doc's. */
function knownEnd(doc: Y.Doc, known: Map<number, number>, client: number): number {
  let v = known.get(client);
  if (v === undefined) {
    v = Y.getState(doc.store, client);
    known.set(client, v);
  }
  return v;
}

function isKnown(doc: Y.Doc, known: Map<number, number>, id: Y.ID | null): boolean {
  return id === null || id.clock < knownEnd(doc, known, id.client);
}

// Plain functions rather than closures: this runs for every update, and the TypeScript loader
// (esbuild keepNames) wraps every named closure in a property definition each time it is created.
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateVerdict {
  const verdict = decodeUpdate(update);
  if (!verdict.ok) return verdict;
  const { decoded } = verdict;
  // Per client: the end of the contiguous clock range known after this update.
  const known = new Map<number, number>();
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) return { ok: false, reason: 'update has a gap (skip struct)' };
    const { client, clock } = s.id;
    const end = knownEnd(doc, known, client);
    if (clock > end) return { ok: false, reason: `missing dependency: client ${client} clock ${clock} after ${end}` };
    known.set(client, Math.max(end, clock + s.length));
  }
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent;
    const parentId = parent instanceof Y.ID ? parent : null;
    if (!isKnown(doc, known, s.origin) || !isKnown(doc, known, s.rightOrigin) || !isKnown(doc, known, parentId)) {
      return { ok: false, reason: `missing dependency of item ${s.id.client}:${s.id.clock}` };
    }
  }
  for (const [client, items] of decoded.ds.clients) {
    const end = knownEnd(doc, known, client);
    for (const del of items) {
      if (del.clock + del.len > end) return { ok: false, reason: `deletes unknown range of client ${client}` };
    }
  }
  return { ok: true, decoded };
}

/**
 * Whether applying a checked update would change the doc at all. A read-only client's sync reply
 * normally holds nothing new (it can only have what it was sent); anything more is a write.
 */
export function updateChangesDoc(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  for (const s of decoded.structs) if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return true;
  if (decoded.ds.clients.size === 0) return false;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of decoded.ds.clients) {
    for (const d of items) {
      for (let clock = d.clock; clock < d.clock + d.len; clock++) {
        if (!Y.isDeleted(deleted, Y.createID(client, clock))) return true;
      }
    }
  }
  return false;
}

/** Where one item of an update lands: its root, and the root map's key when it is a root-level entry. */
export interface ItemWrite {
  readonly root: string;
  /** The root map key written, or null for a list item of the root or content nested deeper. */
  readonly key: string | null;
  /** Whether the item sits directly in the root (false: inside a nested type under `key`'s entry). */
  readonly nested: boolean;
  /** The field it writes when it sits directly in the map that is `key`'s entry; null otherwise. */
  readonly field: string | null;
  readonly item: Y.Item;
}

/**
 * Where each item of a checked update lands. Items whose place can't be told (their neighbour was
 * garbage-collected, so Yjs will turn them into garbage too) are left out.
 *
 * A new item names its parent only when it has no neighbours; an overwrite of a map key points at
 * the previous value (its origin) and inherits parent and key from it, so those are looked up in
 * the document, or earlier in the same update. Items inside nested types are followed up to the
 * root entry that holds them.
 */
export function itemWrites(doc: Y.Doc, decoded: DecodedUpdate): ItemWrite[] {
  const inUpdate = new Map<string, Y.Item>();
  for (const s of decoded.structs) if (s instanceof Y.Item) inUpdate.set(`${s.id.client}:${s.id.clock}`, s);
  const out: ItemWrite[] = [];
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const place = placeOf(doc, inUpdate, s, 0);
    if (place) out.push({ ...place, item: s });
  }
  return out;
}

/** The root-level (root, key) pairs an update writes, including those whose nested content it changes. */
export function rootKeysWritten(doc: Y.Doc, decoded: DecodedUpdate): Array<{ root: string; key: string | null }> {
  return itemWrites(doc, decoded);
}

type Place = Omit<ItemWrite, 'item'>;

const MAX_DEPTH = 64;

function placeOf(doc: Y.Doc, inUpdate: Map<string, Y.Item>, item: Y.Item, depth: number): Place | null {
  if (depth > MAX_DEPTH) return null;
  const parent: unknown = item.parent;
  if (typeof parent === 'string') return { root: parent, key: item.parentSub, nested: false, field: null };
  if (parent instanceof Y.ID) {
    // Inside a nested type: the type is the content of the item with this id.
    const holder = lookup(doc, inUpdate, parent);
    if (!holder) return null;
    const up =
      holder instanceof Y.Item && inUpdate.has(`${holder.id.client}:${holder.id.clock}`)
        ? placeOf(doc, inUpdate, holder, depth + 1)
        : placeInDoc(holder);
    return up && { ...up, nested: true, field: up.nested ? null : item.parentSub };
  }
  if (parent !== null) return null;
  const ref = item.origin ?? item.rightOrigin;
  if (!ref) return null;
  const neighbour = lookup(doc, inUpdate, ref);
  if (!neighbour) return null;
  if (inUpdate.has(`${ref.client}:${ref.clock}`)) return placeOf(doc, inUpdate, neighbour, depth + 1);
  // A neighbour in the document: same parent (and key) as it.
  const p = neighbour.parent;
  if (!(p instanceof Y.AbstractType)) return null;
  if (p._item === null) return { root: Y.findRootTypeKey(p), key: neighbour.parentSub, nested: false, field: null };
  const up = placeInDoc(p._item);
  return up && { ...up, nested: true, field: up.nested ? null : neighbour.parentSub };
}

function lookup(doc: Y.Doc, inUpdate: Map<string, Y.Item>, id: Y.ID): Y.Item | null {
  const local = inUpdate.get(`${id.client}:${id.clock}`);
  if (local) return local;
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const existing = Y.getItem(doc.store, id);
  return existing instanceof Y.Item ? existing : null;
}

/** The root entry of an item already integrated in the document. */
function placeInDoc(item: Y.Item): Place | null {
  let it = item;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const p = it.parent;
    if (!(p instanceof Y.AbstractType)) return null;
    if (p._item === null) return { root: Y.findRootTypeKey(p), key: it.parentSub, nested: depth > 0, field: null };
    it = p._item;
  }
  return null;
}

/**
 * The root-level (root, key) pairs whose entries an update deletes. A deletion counts only if it
 * removes something the document still has: a client's sync reply repeats every deletion it knows,
 * others' included.
 */
export function rootKeysDeleted(doc: Y.Doc, decoded: DecodedUpdate): Array<{ root: string; key: string | null; nested: boolean }> {
  const out: Array<{ root: string; key: string | null; nested: boolean }> = [];
  for (const [client, ranges] of decoded.ds.clients) {
    const end = Y.getState(doc.store, client);
    for (const d of ranges) {
      let clock = d.clock;
      while (clock < Math.min(end, d.clock + d.len)) {
        const item = Y.getItem(doc.store, Y.createID(client, clock));
        clock = item.id.clock + item.length;
        if (!(item instanceof Y.Item) || item.deleted) continue;
        const place = placeInDoc(item);
        if (place) out.push(place);
      }
    }
  }
  return out;
}
