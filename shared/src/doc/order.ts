/**
 * Order keys for lists that several people reorder at once (tempo sections, backlog cards).
 *
 * Each item carries a fractional-index string; moving an item rewrites only its own key, so two
 * concurrent moves can never duplicate or drop an item (as delete+insert in a Y.Array can).
 * Equal keys (two people inserting at the same spot) are broken by id, so every replica sorts the
 * same way. Keys come from the `fractional-indexing` library rather than hand-written base-62 math.
 */
import { generateKeyBetween } from 'fractional-indexing';

export interface Ordered {
  readonly id: string;
  readonly order: string;
}

export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortOrdered<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort(compareOrdered);
}

/** A key that sorts between `before` and `after` (either may be absent for the ends). */
export function keyBetween(before: string | undefined, after: string | undefined): string {
  // Keys written by a malformed peer, or an equal pair (concurrent inserts), can't bracket a new key;
  // fall back to placing after `before`, which still sorts deterministically with the id tie-break.
  if (before !== undefined && after !== undefined && before >= after) return generateKeyBetween(before, null);
  return generateKeyBetween(before ?? null, after ?? null);
}

/** The key that puts an item at `index` of `sorted` (the list without the moved item). */
export function keyForIndex(sorted: readonly Ordered[], index: number): string {
  const i = Math.max(0, Math.min(index, sorted.length));
  return keyBetween(sorted[i - 1]?.order, sorted[i]?.order);
}

/** Whether a stored order key is usable; anything else sorts as if it were empty. */
export function isOrderKey(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 256;
}
