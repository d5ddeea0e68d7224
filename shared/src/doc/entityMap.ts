/**
 * A keyed collection of entities, each stored as its own Y.Map of fields.
 *
 * Why a map of maps: two people editing different fields of the same entity (one renames a
 * section while the other changes its BPM) must both win, which a single JSON value per entity
 * would not allow. Entities are keyed by a random id, never by position, so concurrent inserts and
 * deletes can't shift each other. Readers never trust stored values: a peer may have written
 * anything, so each area supplies a `read` that normalises raw fields into its typed entity.
 */
import * as Y from 'yjs';
import type { TransactionOrigin } from './origins.ts';

export type Fields = Record<string, unknown>;

export interface EntityMap<T extends { id: string }> {
  /** All entities, normalised; entities that can't be read are left out. */
  list(): T[];
  get(id: string): T | undefined;
  has(id: string): boolean;
  /** Creates or replaces an entity; fields not in `entity` are removed. */
  put(entity: T, origin: TransactionOrigin): void;
  /** Changes only the given fields, merging with concurrent edits of other fields. */
  update(id: string, patch: Partial<Omit<T, 'id'>>, origin: TransactionOrigin): void;
  remove(id: string, origin: TransactionOrigin): void;
  /** Calls `fn` after each transaction that changed the collection; returns an unsubscribe. */
  observe(fn: (origin: unknown) => void): () => void;
}

export function entityMap<T extends { id: string }>(
  doc: Y.Doc,
  rootName: string,
  read: (id: string, fields: Fields) => T | undefined,
): EntityMap<T> {
  const root = doc.getMap<Y.Map<unknown>>(rootName);
  const readOne = (id: string): T | undefined => {
    const m = root.get(id);
    return m instanceof Y.Map ? read(id, m.toJSON() as Fields) : undefined;
  };
  const writeFields = (m: Y.Map<unknown>, patch: Fields): void => {
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'id') continue;
      if (v === undefined) m.delete(k);
      else if (m.get(k) !== v) m.set(k, v);
    }
  };
  return {
    list: () => {
      const out: T[] = [];
      for (const id of root.keys()) {
        const e = readOne(id);
        if (e) out.push(e);
      }
      return out;
    },
    get: readOne,
    has: (id) => root.has(id),
    put: (entity, origin) => {
      doc.transact(() => {
        const m = new Y.Map<unknown>();
        root.set(entity.id, m);
        writeFields(m, entity as unknown as Fields);
      }, origin);
    },
    update: (id, patch, origin) => {
      doc.transact(() => {
        const m = root.get(id);
        if (m instanceof Y.Map) writeFields(m, patch as Fields);
      }, origin);
    },
    remove: (id, origin) => {
      doc.transact(() => root.delete(id), origin);
    },
    observe: (fn) => {
      const handler = (_events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction): void => fn(tr.origin);
      root.observeDeep(handler);
      return () => root.unobserveDeep(handler);
    },
  };
}

/** Field readers that turn untrusted stored values into typed ones. */
export const field = {
  string(f: Fields, k: string, fallback = ''): string {
    const v = f[k];
    return typeof v === 'string' ? v : fallback;
  },
  optString(f: Fields, k: string): string | undefined {
    const v = f[k];
    return typeof v === 'string' ? v : undefined;
  },
  number(f: Fields, k: string, fallback: number): number {
    const v = f[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  },
  optNumber(f: Fields, k: string): number | undefined {
    const v = f[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  },
  oneOf<const K extends string>(f: Fields, k: string, allowed: readonly K[], fallback: K): K {
    const v = f[k];
    return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as K) : fallback;
  },
};
