/**
 * Which of the doc's board records this tab can show. tldraw's store throws on the first record
 * that fails its validators, which would take the whole canvas down, so records are migrated to
 * this tldraw's schema and validated one by one first: the valid ones go into the store, the
 * others are set aside (left in the doc, not shown) and the person is told. The server refuses
 * such records (SPEC B1), so they only come from rooms written before it did, or from a peer on a
 * tldraw this one can't read.
 */
import type { TLRecord, TLStore } from 'tldraw';
import type { BoardRecord } from '@riffboard/shared';
import { checkBoardRecord } from '@riffboard/shared/board';
import { BoardMigrationError, migrateIntoStore } from './boardMigration.ts';

export interface SetAside {
  readonly id: string;
  readonly reason: string;
}

export interface Readable {
  readonly records: TLRecord[];
  readonly setAside: SetAside[];
}

/**
 * Throws {@link BoardMigrationError} when the doc's schema is one this tldraw can't migrate from
 * at all (a newer tldraw): then no record can be read, and none is set aside one by one.
 */
export function readableRecords(store: TLStore, records: readonly BoardRecord[], docSchema: unknown): Readable {
  if (records.length === 0) return { records: [], setAside: [] };
  if (isSchema(docSchema)) {
    const since = store.schema.getMigrationsSince(docSchema as Parameters<TLStore['schema']['getMigrationsSince']>[0]);
    if (!since.ok) throw new BoardMigrationError(String(since.error));
  }
  // The whole batch at once when tldraw can migrate it (store-level migrations need that);
  // record by record, from the doc's schema, when one record spoils the batch.
  let migrated: readonly BoardRecord[] | null = null;
  try {
    migrated = migrateIntoStore(store, records, docSchema) as unknown as BoardRecord[];
  } catch {
    migrated = null;
  }
  const out: TLRecord[] = [];
  const setAside: SetAside[] = [];
  const source = migrated ?? records;
  const stamp = migrated ? undefined : docSchema;
  for (const r of source) {
    const verdict = checkBoardRecord(r.id, r, stamp, store.schema);
    if (verdict.ok) out.push(verdict.record);
    else setAside.push({ id: r.id, reason: verdict.reason });
  }
  return { records: out, setAside };
}

function isSchema(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { schemaVersion?: unknown }).schemaVersion === 'number';
}
