/**
 * Records in the doc were written by whichever tldraw version wrote them last; `boardSchema` says
 * which. Before they enter this tab's store they are migrated to this tldraw's schema, so a tab on
 * an older or newer tldraw reads them correctly instead of failing validation.
 */
import type { BoardRecord } from '@riffboard/shared';
import type { SerializedSchema, SerializedStore, TLRecord, TLStore } from 'tldraw';

export class BoardMigrationError extends Error {
  constructor(reason: string) {
    super(`This board was saved by a different version of Riffboard and can't be opened here (${reason}). Reload the page to update.`);
  }
}

function isSerializedSchema(v: unknown): v is SerializedSchema {
  return typeof v === 'object' && v !== null && typeof (v as { schemaVersion?: unknown }).schemaVersion === 'number';
}

/** True when records written under `docSchema` need no migration in this store. */
export function schemaMatches(store: TLStore, docSchema: unknown): boolean {
  if (!isSerializedSchema(docSchema)) return true; // written before schemas were recorded, or empty doc
  return JSON.stringify(sortKeys(docSchema)) === JSON.stringify(sortKeys(store.schema.serialize()));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => [k, sortKeys(x)]),
  );
}

/**
 * Doc records → this store's record shape. Throws BoardMigrationError when tldraw can't migrate
 * (typically: the doc was written by a newer tldraw with no down migration).
 */
export function migrateIntoStore(store: TLStore, records: readonly BoardRecord[], docSchema: unknown): TLRecord[] {
  // The doc holds plain JSON; the store validates every record it is given, so this cast only
  // moves the check from the compiler to tldraw's validators.
  const asRecords = records as unknown as TLRecord[];
  if (records.length === 0 || !isSerializedSchema(docSchema) || schemaMatches(store, docSchema)) return asRecords;
  const snapshot: SerializedStore<TLRecord> = Object.fromEntries(asRecords.map((r) => [r.id, r]));
  const result = store.schema.migrateStoreSnapshot({ schema: docSchema, store: snapshot });
  if (result.type === 'error') throw new BoardMigrationError(result.reason);
  return Object.values(result.value);
}

/** Store record → doc JSON. TLRecords are plain JSON objects, which is all a BoardRecord is. */
export function toBoardRecord(record: TLRecord): BoardRecord {
  return record as unknown as BoardRecord;
}
