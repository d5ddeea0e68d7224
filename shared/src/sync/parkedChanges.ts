/**
 * Changes the server refused as too large (SPEC S13) are "parked": kept in this browser's copy of
 * the document, but left out of everything sent to the server, so they can never block the
 * edits that follow.
 *
 * A parked range is a client id and the first clock held back; everything of that client from
 * there on stays local. Yjs requires a client's clocks to arrive without gaps and every item's
 * neighbours and parent to be known, so an edit that builds on parked content (typing into a
 * parked text, moving a parked shape) must stay back too: {@link withoutParked} parks it — and the
 * rest of its client's clock range — as it meets it. Deletions of parked items stay back as well,
 * and so do the deletions the refused change itself made (a delete set names no author, so they
 * are kept as ranges: deleting those items again later is a no-op, so nothing else is held back).
 * What is left is exactly what the server can check and apply.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

export interface DeletedRange {
  readonly clock: number;
  readonly len: number;
}

export interface ParkedChanges {
  /** client id → first clock kept back. */
  readonly ranges: Map<number, number>;
  /** client id → deletions kept back (the refused changes' own). */
  readonly deletes: Map<number, DeletedRange[]>;
}

export function noParkedChanges(): ParkedChanges {
  return { ranges: new Map(), deletes: new Map() };
}

/** Parks a refused update: each client's structs in it from its first clock on, and its deletions. */
export function park(parked: ParkedChanges, update: Uint8Array): void {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const s of structs) {
    const from = parked.ranges.get(s.id.client);
    if (from === undefined || s.id.clock < from) parked.ranges.set(s.id.client, s.id.clock);
  }
  for (const [client, items] of ds.clients) {
    const list = parked.deletes.get(client) ?? [];
    for (const d of items) list.push({ clock: d.clock, len: d.len });
    list.sort((a, b) => a.clock - b.clock);
    parked.deletes.set(client, list);
  }
}

/** `d` minus the sorted `held` ranges. */
function subtract(d: DeletedRange, held: readonly DeletedRange[] | undefined): DeletedRange[] {
  if (!held) return [d];
  const out: DeletedRange[] = [];
  let at = d.clock;
  const end = d.clock + d.len;
  for (const h of held) {
    if (h.clock + h.len <= at) continue;
    if (h.clock >= end) break;
    if (h.clock > at) out.push({ clock: at, len: h.clock - at });
    at = Math.max(at, h.clock + h.len);
    if (at >= end) break;
  }
  if (at < end) out.push({ clock: at, len: end - at });
  return out;
}

function isParked(parked: Map<number, number>, id: Y.ID | null): boolean {
  if (id === null) return false;
  const from = parked.get(id.client);
  return from !== undefined && id.clock >= from;
}

function dependsOnParked(parked: Map<number, number>, s: Y.Item | Y.GC | Y.Skip): boolean {
  if (!(s instanceof Y.Item)) return false;
  return isParked(parked, s.origin) || isParked(parked, s.rightOrigin) || (s.parent instanceof Y.ID && isParked(parked, s.parent));
}

/**
 * `update` without parked content and what builds on it. `changes.ranges` grows (in place) by the
 * ranges found to depend on parked content; `changed` says whether anything was left out.
 */
export function withoutParked(update: Uint8Array, changes: ParkedChanges): { update: Uint8Array; changed: boolean } {
  const parked = changes.ranges;
  if (parked.size === 0 && changes.deletes.size === 0) return { update, changed: false };
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  // Parking one range can make another depend on parked content: repeat until nothing moves.
  let changed = false;
  for (let moved = true; moved;) {
    moved = false;
    for (const [client, list] of byClient) {
      const from = parked.get(client) ?? Infinity;
      for (const s of list) {
        if (s.id.clock >= from) break;
        if (s.id.clock + s.length > from || dependsOnParked(parked, s)) {
          parked.set(client, s.id.clock);
          moved = true;
          break;
        }
      }
    }
  }
  const enc = new Y.UpdateEncoderV1();
  const kept: Array<[number, Array<Y.Item | Y.GC | Y.Skip>]> = [];
  for (const [client, list] of byClient) {
    const from = parked.get(client) ?? Infinity;
    const keep = list.filter((s) => s.id.clock < from);
    if (keep.length < list.length) changed = true;
    if (keep.length > 0) kept.push([client, keep]);
  }
  // The layout Yjs writes (clients in descending order), so the result reads like any update.
  kept.sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(enc.restEncoder, kept.length);
  for (const [client, list] of kept) {
    encoding.writeVarUint(enc.restEncoder, list.length);
    enc.writeClient(client);
    encoding.writeVarUint(enc.restEncoder, list[0]?.id.clock ?? 0);
    for (const s of list) s.write(enc, 0);
  }
  const deletes: Array<[number, Array<{ clock: number; len: number }>]> = [];
  for (const [client, items] of ds.clients) {
    const from = parked.get(client) ?? Infinity;
    const keep: Array<{ clock: number; len: number }> = [];
    for (const d of items) {
      const len = Math.min(d.len, from - d.clock);
      const left = len > 0 ? subtract({ clock: d.clock, len }, changes.deletes.get(client)) : [];
      if (left.length !== 1 || left[0]?.len !== d.len) changed = true;
      keep.push(...left);
    }
    if (keep.length > 0) deletes.push([client, keep]);
  }
  deletes.sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(enc.restEncoder, deletes.length);
  for (const [client, items] of deletes) {
    enc.resetDsCurVal();
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, items.length);
    for (const d of items) {
      enc.writeDsClock(d.clock);
      enc.writeDsLen(d.len);
    }
  }
  return { update: changed ? enc.toUint8Array() : update, changed };
}
