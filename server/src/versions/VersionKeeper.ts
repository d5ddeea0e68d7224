/**
 * Named and automatic versions of rooms, above the VersionStore port (rules RV1–RV11 in
 * shared/src/versions/SPEC.md).
 *
 * - Saving takes a snapshot of the live room document (loading the room if nobody has it open
 *   here) and stores it outside the document.
 * - Restoring stores an automatic "before restore" version of the live room first, then applies
 *   the pure {@link restoreContent} to the live doc as one server change through the room, so it
 *   is committed before it is broadcast and reaches every open tab live; the same change writes
 *   the restore notice (who, which, the undo version). Restoring that automatic version undoes it.
 * - Automatic versions: before an accepted change that removes {@link MASS_DELETE_THRESHOLD} or
 *   more entries of the content roots, and at most one per `periodicMs` while a room is edited.
 *   Both are taken synchronously (the snapshot is the doc as it is at that moment) and stored in
 *   the background; a failed store is logged and costs the edit nothing.
 */
import crypto from 'node:crypto';
import * as Y from 'yjs';
import {
  MASS_DELETE_THRESHOLD,
  RESTORED_ROOTS,
  VERSION_LIMITS,
  beforeMassDeleteName,
  beforeRestoreName,
  migrateDoc,
  readLock,
  restoreContent,
  writeRestoreNotice,
  type ActivityDraft,
  type VersionAuthor,
  type VersionKind,
  type VersionSummary,
} from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { StoredVersion, VersionStore } from '../persistence/VersionStore.ts';
import type { Peer, Room } from '../rooms/Room.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry } from '../rooms/RoomRegistry.ts';

export interface VersionPolicy {
  /** At most one periodic version per room this often while it is being edited (RV11). */
  readonly periodicMs: number;
  /** Automatic versions a room keeps (RV4). */
  readonly keepAutomatic: number;
}

/** A refused version request: an API error code and a sentence for the person. */
export class VersionError extends Error {
  constructor(
    readonly code: 'version_not_found' | 'version_too_new' | 'too_many_versions' | 'room_not_found' | 'room_unavailable' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

/** Who a server-side automatic version is attributed to. */
const SERVER_AUTHOR: VersionAuthor = { name: 'Riffboard', personId: null };

export class VersionKeeper {
  /** Per room: when this instance last took a periodic version (epoch ms), once known. */
  private readonly lastPeriodic = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  /**
   * Hears a named version saved and a restore made by a person the server identified (the feed
   * records them, activity W9); set by the composition root.
   */
  onPersonAction: ((roomId: string, author: VersionAuthor & { readonly personId: string }, draft: ActivityDraft) => void) | null = null;

  constructor(
    private readonly store: VersionStore,
    private readonly registry: RoomRegistry,
    private readonly policy: VersionPolicy,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    registry.onRoomOpened = (room) => this.watch(room);
  }

  list(roomId: string): Promise<VersionSummary[]> {
    return this.store.listVersions(roomId);
  }

  async get(roomId: string, versionId: string): Promise<StoredVersion> {
    const v = await this.store.getVersion(roomId, versionId);
    if (!v) throw new VersionError('version_not_found', 'There is no such version in this room; it may have been pruned.');
    return v;
  }

  /** Saves the live room as a named version (RV3). */
  async saveNamed(roomId: string, name: string, author: VersionAuthor): Promise<VersionSummary> {
    if ((await this.store.countNamed(roomId)) >= VERSION_LIMITS.namedPerRoom)
      throw new VersionError(
        'too_many_versions',
        `This room already keeps ${VERSION_LIMITS.namedPerRoom} saved versions, the most it can; restore or export instead of saving another.`,
      );
    const saved = await this.withRoom(roomId, (room) => this.store1(roomId, 'named', name, author, Y.encodeStateAsUpdate(room.doc)));
    this.tellActivity(roomId, author, {
      area: 'versions',
      verb: 'added',
      itemId: saved.id,
      kind: 'version',
      label: saved.name,
      fields: [],
    });
    return saved;
  }

  private tellActivity(roomId: string, author: VersionAuthor, draft: ActivityDraft): void {
    const personId = author.personId;
    if (personId === null || !this.onPersonAction) return;
    try {
      this.onPersonAction(roomId, { ...author, personId }, draft);
    } catch (err) {
      // The feed must never cost a save or a restore.
      this.log.error({ event: 'versions.activity_failed', room: roomId, err }, 'could not record version activity');
    }
  }

  /**
   * Restores a version as one change to the live room (RV6), after storing the live state as a
   * "before restore" version. Returns both.
   */
  async restore(
    roomId: string,
    versionId: string,
    author: VersionAuthor,
    role: 'editor' | 'facilitator',
  ): Promise<{ restored: VersionSummary; undo: VersionSummary }> {
    const version = await this.get(roomId, versionId);
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, version.snapshot);
    // A version saved before a schema change is brought to today's schema first, as a stored
    // room is on load, so the restore writes the content in the shape every tab reads now.
    if (migrateDoc(snapshot).kind === 'newer') {
      snapshot.destroy();
      throw new VersionError(
        'version_too_new',
        'This version was saved by a newer Riffboard; it can be restored once this server is updated.',
      );
    }
    try {
      return await this.withRoom(roomId, async (room) => {
        const lock = readLock(room.doc);
        if (lock.locked && role !== 'facilitator')
          throw new VersionError(
            'forbidden',
            `${lock.by || 'The facilitator'} locked the board; only the facilitator can restore a version while it is locked.`,
          );
        const undo = await this.store1(roomId, 'before-restore', beforeRestoreName(version), author, Y.encodeStateAsUpdate(room.doc));
        // Between storing the undo version and here, others may have edited: the restore is
        // computed against the doc as it is now, in one synchronous change.
        room.applyServerChange(author, (doc) => {
          restoreContent(doc, snapshot, 'server');
          writeRestoreNotice(
            doc,
            {
              versionId: version.id,
              versionName: version.name,
              versionKind: version.kind,
              by: author.name,
              byPersonId: author.personId,
              at: this.now(),
              undoVersionId: undo.id,
            },
            'server',
          );
        });
        this.log.info({ event: 'versions.restored', room: roomId, version: version.id, undo: undo.id }, 'version restored');
        this.tellActivity(roomId, author, {
          area: 'versions',
          verb: 'changed',
          itemId: version.id,
          kind: 'restore',
          label: version.name,
          fields: [],
        });
        const { snapshot: _bytes, ...restored } = version;
        return { restored, undo };
      });
    } finally {
      snapshot.destroy();
    }
  }

  /** Waits for automatic versions still being stored (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async store1(
    roomId: string,
    kind: VersionKind,
    name: string,
    author: VersionAuthor,
    snapshot: Uint8Array,
  ): Promise<VersionSummary> {
    const summary: VersionSummary = {
      id: crypto.randomUUID(),
      name,
      kind,
      author,
      createdAt: this.now(),
      bytes: snapshot.byteLength,
    };
    await this.store.addVersion(roomId, { ...summary, snapshot }, this.policy.keepAutomatic);
    return summary;
  }

  /** Stores an automatic version in the background; failures are logged, never thrown at the edit. */
  private background(roomId: string, kind: VersionKind, name: string, snapshot: Uint8Array): void {
    const p = this.store1(roomId, kind, name, SERVER_AUTHOR, snapshot).then(
      (v) => this.log.info({ event: 'versions.automatic', room: roomId, kind, version: v.id }, 'automatic version stored'),
      (err: unknown) =>
        this.log.warn({ event: 'versions.automatic_failed', room: roomId, kind, err }, 'could not store an automatic version'),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async withRoom<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    let room: Room;
    try {
      room = await this.registry.acquire(roomId);
    } catch (err) {
      if (err instanceof RoomNotFoundError) throw new VersionError('room_not_found', 'There is no room at this address.');
      if (err instanceof RoomUnavailableError) throw new VersionError('room_unavailable', 'This room can’t be opened right now.');
      throw err;
    }
    try {
      return await fn(room);
    } finally {
      this.registry.release(roomId);
    }
  }

  /** Takes automatic versions of a room this instance has open (RV10, RV11). */
  private watch(room: Room): void {
    const contentRoots = new Set(RESTORED_ROOTS);
    room.onBeforeChange = (removed: ReadonlyArray<{ root: string; key: string | null; nested: boolean }>, _peer: Peer) => {
      const entries = new Set<string>();
      for (const r of removed) if (!r.nested && r.key !== null && contentRoots.has(r.root)) entries.add(`${r.root}\u0000${r.key}`);
      if (entries.size < MASS_DELETE_THRESHOLD) return;
      this.background(room.id, 'before-mass-delete', beforeMassDeleteName(entries.size), Y.encodeStateAsUpdate(room.doc));
    };
    if (!this.lastPeriodic.has(room.id)) {
      // The interval counts from the newest stored periodic version, or from when this instance
      // opened a room that has none: a fresh room's first edits are not worth a version of their own.
      this.lastPeriodic.set(room.id, this.now());
      void this.store.listVersions(room.id).then(
        (list) => {
          const newest = list.find((v) => v.kind === 'periodic');
          if (newest) this.lastPeriodic.set(room.id, newest.createdAt);
        },
        (err: unknown) => this.log.warn({ event: 'versions.list_failed', room: room.id, err }, 'could not read the room’s versions'),
      );
    }
    room.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') return;
      const last = this.lastPeriodic.get(room.id) ?? 0;
      const now = this.now();
      if (now - last < this.policy.periodicMs) return;
      this.lastPeriodic.set(room.id, now);
      this.background(room.id, 'periodic', 'Automatic version', Y.encodeStateAsUpdate(room.doc));
    });
  }
}
