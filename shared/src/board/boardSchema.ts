/**
 * The moodboard's tldraw record schema, and the check every board record must pass.
 *
 * A record in the doc is JSON that any editor can write. tldraw's store throws on the first record
 * that fails its validators, which would take the whole canvas down for everybody who loads the
 * room, so a record is checked before it is let in: by the server before it accepts an update
 * (server SPEC B1) and by each tab before it puts records into its store (the tab sets bad ones
 * aside). Both use this schema: tldraw's default shapes and bindings plus Riffboard's reference
 * card, built from `@tldraw/tlschema`, which needs no DOM.
 *
 * Records written under an older tldraw schema (the room's `boardSchema` stamp) are migrated up
 * before they are validated, as tldraw would on load. One written under a schema this code can't
 * migrate from (a newer tldraw) can't be checked, so it fails.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLRecord } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import { REFERENCE_CARD_SHAPE, isBoardRecord, type BoardRecord } from './boardDoc.ts';

/** The reference card's props and their validators (the client's shape util uses these). */
export const referenceCardProps = { w: T.number, h: T.number, referenceId: T.string };

/** The tldraw schema of the board: default shapes and bindings plus the reference card. */
export const boardSchema = createTLSchema({
  shapes: { ...defaultShapeSchemas, [REFERENCE_CARD_SHAPE]: { props: referenceCardProps } },
  bindings: defaultBindingSchemas,
});

/** The schema the check runs against; a store's schema in the client, {@link boardSchema} on the server. */
export type BoardRecordSchema = Pick<typeof boardSchema, 'types' | 'migratePersistedRecord' | 'serialize'>;

export type BoardRecordVerdict = { readonly ok: true; readonly record: TLRecord } | { readonly ok: false; readonly reason: string };

type SerializedSchema = Parameters<BoardRecordSchema['migratePersistedRecord']>[1];

function isSerializedSchema(v: unknown): v is SerializedSchema {
  return typeof v === 'object' && v !== null && typeof (v as { schemaVersion?: unknown }).schemaVersion === 'number';
}

/**
 * Whether `stamp` (the room's `boardSchema`) is exactly `schema`, in which case records need no
 * migration. Remembers the last answer per stamp object: a Y.Map hands back the same object for
 * the same stored value, so the common case costs one comparison.
 */
const sameAsCache = new WeakMap<object, WeakMap<object, boolean>>();
export function stampMatches(schema: BoardRecordSchema, stamp: unknown): boolean {
  if (!isSerializedSchema(stamp)) return true; // no stamp yet: records are written at this schema
  let perSchema = sameAsCache.get(schema);
  if (!perSchema) {
    perSchema = new WeakMap();
    sameAsCache.set(schema, perSchema);
  }
  const known = perSchema.get(stamp);
  if (known !== undefined) return known;
  const same = canonical(stamp) === canonical(schema.serialize());
  perSchema.set(stamp, same);
  return same;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/**
 * Checks one board entry: `value` stored under `key`, written under the room's schema `stamp`.
 * Returns the record as this schema reads it (migrated if the stamp is older), or a sentence
 * saying what is wrong with it.
 */
export function checkBoardRecord(key: string, value: unknown, stamp: unknown, schema: BoardRecordSchema = boardSchema): BoardRecordVerdict {
  if (!isBoardRecord(value)) return { ok: false, reason: `board entry ${key} is not a tldraw record` };
  if (value.id !== key) return { ok: false, reason: `board entry ${key} holds a record with another id (${value.id})` };
  const type = schema.types[value.typeName as keyof typeof schema.types] as
    { readonly scope: string; validate(r: unknown): TLRecord } | undefined;
  if (!type) return { ok: false, reason: `board entry ${key} has an unknown record type (${value.typeName})` };
  // Session and presence records (camera, pointer, instance state) are per person and never belong in the doc.
  if (type.scope !== 'document') {
    return { ok: false, reason: `board entry ${key} has a record type that is not part of a board (${value.typeName})` };
  }
  let record: BoardRecord = value;
  if (!stampMatches(schema, stamp) && isSerializedSchema(stamp)) {
    const migrated = schema.migratePersistedRecord(value as unknown as TLRecord, stamp, 'up');
    if (migrated.type === 'error')
      return { ok: false, reason: `board entry ${key} was written by a tldraw version this one can't read (${migrated.reason})` };
    record = migrated.value as unknown as BoardRecord;
  }
  try {
    return { ok: true, record: type.validate(record) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
