/**
 * The version storage port: named and automatic versions of a room (RV1–RV4 in
 * shared/src/versions/SPEC.md), each a snapshot of the whole room document.
 *
 * Versions live in the room's database beside, never inside, the room document: they cost the
 * live room nothing, compaction never touches them, and every instance sharing the database lists
 * the same ones. Semantics every adapter honours (test/persistence/versionStoreContract.ts):
 * - `addVersion` stores a version whole (summary and snapshot, atomically) and returns it; ids are
 *   the caller's (unique per room).
 * - `listVersions` returns a room's versions newest first (by `createdAt`, then insertion), without
 *   snapshots; `getVersion` returns one with its snapshot bytes exactly as stored, or undefined.
 * - Retention: `addVersion` of an automatic kind then deletes that room's automatic versions beyond
 *   the newest `keepAutomatic`, in the same transaction; named versions are never pruned.
 *   `countNamed` lets the caller refuse a named version past its limit before storing it.
 * Adapters check nothing about names or kinds; VersionKeeper does.
 */
import { isVersionKind, type VersionSummary } from '@riffboard/shared';

export interface NewVersion extends VersionSummary {
  readonly snapshot: Uint8Array;
}

export interface StoredVersion extends VersionSummary {
  readonly snapshot: Uint8Array;
}

export interface VersionStore {
  addVersion(roomId: string, version: NewVersion, keepAutomatic: number): Promise<void>;
  listVersions(roomId: string): Promise<VersionSummary[]>;
  getVersion(roomId: string, versionId: string): Promise<StoredVersion | undefined>;
  countNamed(roomId: string): Promise<number>;
}

/** The stored row of a version, as adapters read it back. */
export interface VersionRow {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly author_name: string;
  readonly author_id: string | null;
  readonly created_at: number | string;
  readonly bytes: number | string;
}

/** Turns a stored row into a summary; an unknown kind (a newer release's) reads as automatic. */
export function versionFromRow(row: VersionRow): VersionSummary {
  return {
    id: row.id,
    name: row.name,
    kind: isVersionKind(row.kind) ? row.kind : 'periodic',
    author: { name: row.author_name, personId: row.author_id },
    createdAt: Number(row.created_at),
    bytes: Number(row.bytes),
  };
}
