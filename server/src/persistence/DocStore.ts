/**
 * The storage port: where rooms and their Yjs updates live durably.
 *
 * Semantics every adapter must honour (checked by test/persistence/docStoreContract.ts):
 * - `append` is atomic and durable when its promise resolves: all the updates of one call are
 *   stored, in order, or none is. The server broadcasts an update only after this resolves.
 * - `appendMany` is the same across rooms: one atomic, durable commit of every room's updates
 *   (all rooms or none), resolving with each room's last seq in the order given. The server
 *   commits everything that arrived in one turn of the event loop, for all rooms, this way.
 * - Sequence numbers grow strictly within a room; `append` returns the last one it wrote.
 * - `compact(room, snapshot, uptoSeq, tag)` atomically stores `snapshot` as the room's base state
 *   and drops the log entries with seq ≤ `uptoSeq`; later entries stay. The snapshot must already
 *   contain everything up to `uptoSeq` (the caller guarantees that). `tag` is an opaque string the
 *   caller keeps with the snapshot (null when it has none); it is replaced with the snapshot.
 * - `load` returns the snapshot (or null) with its tag, and the remaining log in order. Bytes come
 *   back exactly as written: adapters never decode Yjs data, so a document that can't be decoded
 *   is still kept.
 * - `loadSince(room, afterSeq)` returns the log entries with seq > `afterSeq` (with their seqs, in
 *   order) and the room's last seq, read consistently; when compaction has already dropped some
 *   of those entries it also returns the snapshot (which holds them). Instances that missed
 *   fan-out messages catch up with it.
 * - `lastSeqs(ids)` returns each given room's last seq (what `loadSince` would report), 0 for a
 *   room it doesn't know, in one cheap read for all of them: instances compare it with what they
 *   hold, periodically, to notice a fan-out message lost just before a room went quiet.
 * - `linkAsset` records that a room uses an uploaded file (idempotent: true only the first time);
 *   `getAsset` answers only for files linked to that room, so one room can't read another's.
 * - `rotateLink` atomically increments one role's link generation (starting at 1) and returns it.
 * - Every adapter is also the room's BallotStore (see BallotStore.ts) and VersionStore (see
 *   VersionStore.ts), on the same database, so one data directory or `DATABASE_URL` holds
 *   everything the server keeps.
 * - Adapters hold no policy (batching, compaction thresholds, retries); that lives in CommitQueue
 *   and RoomPersistence.
 */
import type { RotatableRole } from '@riffboard/shared';
import type { BallotStore } from './BallotStore.ts';
import type { VersionStore } from './VersionStore.ts';

export interface NewRoom {
  readonly id: string;
  readonly createdAt: number;
}

export interface RoomRecord extends NewRoom {
  /** Current link generation per rotatable role; tokens of older generations are refused. */
  readonly linkGenerations: Readonly<Record<RotatableRole, number>>;
}

/** An uploaded file as one room knows it (the bytes live in the AssetStore under `hash`). */
export interface AssetRecord {
  readonly hash: string;
  readonly kind: 'image' | 'audio';
  readonly mime: string;
  readonly size: number;
  readonly createdAt: number;
}

/** One room's share of a multi-room commit ({@link DocStore.appendMany}). */
export interface RoomUpdates {
  readonly roomId: string;
  readonly updates: readonly Uint8Array[];
}

export interface StoredDoc {
  readonly snapshot: Uint8Array | null;
  /** The tag stored with the snapshot (null without a snapshot or a tag). */
  readonly snapshotTag: string | null;
  readonly updates: readonly Uint8Array[];
  /** The seq of the last stored update (0 when none was ever stored). */
  readonly lastSeq: number;
}

/** What a room stored after a given seq ({@link DocStore.loadSince}). */
export interface StoredTail {
  /** The snapshot, only when it covers entries after the requested seq; null otherwise. */
  readonly snapshot: Uint8Array | null;
  readonly updates: ReadonlyArray<{ readonly seq: number; readonly data: Uint8Array }>;
  readonly lastSeq: number;
}

export interface DocStore extends BallotStore, VersionStore {
  /**
   * Registers a room with its first update (the initial document) and the files it uses (an
   * imported room's assets), atomically: a failure leaves no room and no link.
   */
  createRoom(room: NewRoom, initialUpdate: Uint8Array, assets?: readonly AssetRecord[]): Promise<void>;
  getRoom(id: string): Promise<RoomRecord | undefined>;
  load(id: string): Promise<StoredDoc>;
  loadSince(id: string, afterSeq: number): Promise<StoredTail>;
  lastSeqs(ids: readonly string[]): Promise<Map<string, number>>;
  append(id: string, updates: readonly Uint8Array[]): Promise<number>;
  appendMany(batches: readonly RoomUpdates[]): Promise<number[]>;
  /**
   * The same commit done before returning, offered by a store whose commit is a local write (the
   * embedded one). The commit queue then commits at the end of each message callback instead of
   * once per turn, so a change reaches the other peers in the callback that received it.
   */
  appendManyNow?(batches: readonly RoomUpdates[]): number[];
  compact(id: string, snapshot: Uint8Array, uptoSeq: number, tag?: string | null): Promise<void>;
  linkAsset(roomId: string, asset: AssetRecord): Promise<boolean>;
  getAsset(roomId: string, hash: string): Promise<AssetRecord | undefined>;
  /** Resolves if the store answers now, rejects if it can't be reached (for readiness checks). */
  ping(): Promise<void>;
  /** Replaces a role's link; throws if the room does not exist. */
  rotateLink(id: string, role: RotatableRole): Promise<number>;
  close(): Promise<void>;
}
