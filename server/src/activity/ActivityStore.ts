/**
 * The activity storage port: the server-private record of who changed what in each room, and when
 * each person was last there (server SPEC H1–H6). Never part of the room doc, so no client can
 * write or rewrite it.
 *
 * Semantics every adapter honours (checked by test/activity/activityStoreContract.ts):
 * - `append` stores records in the given order and gives each a `seq` that is larger than every
 *   seq stored before it (across rooms); entries come back exactly as appended.
 * - `list` returns a room's entries newest first (highest seq first), only those with
 *   `seq < before` when `before` is given, at most `limit`.
 * - `listSince` returns a room's entries whose last change (`at`) is after `since`, newest first,
 *   at most `limit`, leaving out the person `except` when given.
 * - `markVisit` keeps the latest time per (room, person): an older time never moves it back.
 *   `lastVisit` is undefined for a person never seen in the room.
 * - Rooms are isolated.
 */
import type { ActivityEntry } from '@riffboard/shared';

/** A record to store: everything but the seq the store assigns. */
export type NewActivity = Omit<ActivityEntry, 'seq'>;

export interface ActivityStore {
  append(roomId: string, records: readonly NewActivity[]): Promise<number[]>;
  list(roomId: string, opts: { readonly before?: number; readonly limit: number }): Promise<ActivityEntry[]>;
  listSince(roomId: string, since: number, limit: number, except?: string): Promise<ActivityEntry[]>;
  markVisit(roomId: string, personId: string, at: number): Promise<void>;
  lastVisit(roomId: string, personId: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** What of an entry goes in the `detail` column (JSON). */
export function detailOf(r: NewActivity): string {
  return JSON.stringify({
    fields: r.fields,
    ...(r.parentId ? { parentId: r.parentId } : {}),
    ...(r.parentLabel ? { parentLabel: r.parentLabel } : {}),
  });
}

export interface ActivityRow {
  seq: number | string;
  person_id: string;
  name: string;
  started_at: number | string;
  at: number | string;
  area: string;
  verb: string;
  item_id: string;
  kind: string;
  label: string;
  detail: string;
}

/** A stored row as an entry; a detail column that can't be read gives no fields rather than failing the feed. */
export function entryOf(row: ActivityRow): ActivityEntry {
  let detail: { fields?: unknown; parentId?: unknown; parentLabel?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(row.detail);
    if (typeof parsed === 'object' && parsed !== null) detail = parsed as typeof detail;
  } catch {
    // Left empty.
  }
  return {
    seq: Number(row.seq),
    personId: row.person_id,
    name: row.name,
    startedAt: Number(row.started_at),
    at: Number(row.at),
    area: row.area as ActivityEntry['area'],
    verb: row.verb as ActivityEntry['verb'],
    itemId: row.item_id,
    kind: row.kind,
    label: row.label,
    fields: Array.isArray(detail.fields) ? (detail.fields as ActivityEntry['fields']) : [],
    ...(typeof detail.parentId === 'string' ? { parentId: detail.parentId } : {}),
    ...(typeof detail.parentLabel === 'string' ? { parentLabel: detail.parentLabel } : {}),
  };
}
