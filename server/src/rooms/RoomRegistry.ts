/**
 * Which rooms are in memory, and their life cycle: load on first use, unload after the last user.
 *
 * - `acquire` loads a room once, however many connections ask at the same time; every caller
 *   waits for the same load, so no connection is answered before the stored document is in.
 *   One shortcut (SPEC S12, `earlyAnswer.ts`): a connection that hands in its held messages may
 *   have a fresh first request answered from the stored snapshot while the room is built.
 * - `release` after the last holder leaves waits `unloadDelayMs` (reconnects are common), then
 *   flushes, compacts, and drops the room — unless somebody acquired it meanwhile, in which case
 *   the same in-memory room keeps serving: a join during the flush never sees a half-unloaded room.
 * - A room whose stored bytes can't be decoded is reported and left untouched in storage; every
 *   attempt to open it fails with `RoomUnavailableError` until an operator repairs it.
 * - A failed commit poisons the room: its peers are closed (storage unavailable) and the
 *   in-memory state dropped, since what was not committed was never sent to anybody; the clients
 *   keep their edits and send them again when they reconnect. A store failure while opening a
 *   room is a {@link StorageError}.
 */
import * as Y from 'yjs';
import { CLOSE, migrateDoc, readSchemaVersion } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import { CommitQueue } from '../persistence/CommitQueue.ts';
import { RoomPersistence, type CompactionPolicy } from '../persistence/RoomPersistence.ts';
import { snapshotTag } from '../persistence/snapshotTag.ts';
import type { AwarenessLimits } from '../sync/awarenessGuard.ts';
import { Room, type RoomObserver } from './Room.ts';
import { EarlyAnswer, servableSnapshot, type HeldMessages } from './earlyAnswer.ts';
import type { Fanout } from '../fanout/Fanout.ts';
import { RoomFanout } from '../fanout/RoomFanout.ts';
import type { CommitObserver, FanoutObserver } from '../ops/metrics.ts';

/** Cross-instance fan-out: the port, and this instance's name on it. */
export interface RegistryFanout {
  readonly port: Fanout;
  readonly instance: string;
  /** How often every loaded room's seq is compared with the store's (SPEC M9); 0 never. */
  readonly checkIntervalMs?: number;
}

export class RoomNotFoundError extends Error {
  constructor(readonly roomId: string) {
    super(`no room ${roomId}`);
  }
}

export class RoomUnavailableError extends Error {
  constructor(
    readonly roomId: string,
    cause: unknown,
  ) {
    super(`room ${roomId} could not be loaded`, { cause });
  }
}

/** The store failed while a room was being opened (the database is unreachable, most likely). */
export class StorageError extends Error {
  constructor(
    readonly roomId: string,
    cause: unknown,
  ) {
    super(`storage failed while opening room ${roomId}`, { cause });
  }
}

export interface RegistryOptions {
  readonly unloadDelayMs: number;
  readonly compaction: CompactionPolicy;
  readonly awareness: AwarenessLimits;
  /** Largest a room may grow in storage (SPEC B3). */
  readonly maxRoomBytes: number;
  /** Hears what each peer changes (activity attribution); none in tests that don't need it. */
  readonly observer?: RoomObserver;
}

interface Entry {
  readonly loading: Promise<Room>;
  /** Set while the room loads; null once it is built (or failed). */
  early: EarlyAnswer | null;
  room: Room | null;
  persistence: RoomPersistence | null;
  fanout: RoomFanout | null;
  holders: number;
  unloadTimer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
}

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  /** One commit per event-loop turn for all rooms. */
  private readonly commits: CommitQueue;
  private readonly seqCheckTimer: NodeJS.Timeout | null = null;
  private checkingSeqs = false;
  /** Hears every room this instance opens, once it is ready (versions watch it, RV10, RV11). */
  onRoomOpened: ((room: Room) => void) | null = null;

  constructor(
    private readonly store: DocStore,
    private readonly opts: RegistryOptions,
    private readonly log: Logger,
    private readonly fanout: RegistryFanout | null = null,
    private readonly metrics: (CommitObserver & FanoutObserver) | null = null,
  ) {
    this.commits = new CommitQueue(store, metrics);
    // Messages published while the transport was down are lost: every room reads what it missed.
    fanout?.port.onResume(() => {
      this.log.info({ event: 'fanout.resumed', rooms: this.entries.size }, 'fan-out is back; catching up every room');
      for (const entry of this.entries.values()) entry.fanout?.resumed();
    });
    if (fanout?.checkIntervalMs) {
      this.seqCheckTimer = setInterval(() => void this.checkSeqs(), fanout.checkIntervalMs);
      this.seqCheckTimer.unref();
    }
  }

  /**
   * A fan-out message lost without an outage this instance noticed (another instance's link to
   * Redis dropped it), and then silence, leaves no hole in the seqs to notice here: only the
   * store knows. One read for all loaded rooms; a room behind it catches up (SPEC M9).
   */
  private async checkSeqs(): Promise<void> {
    if (this.checkingSeqs) return;
    const rooms = [...this.entries.entries()].filter(([, e]) => e.fanout);
    if (rooms.length === 0) return;
    this.checkingSeqs = true;
    try {
      const seqs = await this.store.lastSeqs(rooms.map(([id]) => id));
      for (const [id, entry] of rooms) entry.fanout?.storeIsAt(seqs.get(id) ?? 0);
    } catch (err) {
      // The store is down: commits fail and say so; this check just tries again next time.
      this.log.debug({ event: 'fanout.seq_check_failed', err }, 'could not compare seqs with the store');
    } finally {
      this.checkingSeqs = false;
    }
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  isLoaded(id: string): boolean {
    return this.entries.has(id);
  }

  /** The room if it is loaded and ready, without loading it. */
  loaded(id: string): Room | undefined {
    return this.entries.get(id)?.room ?? undefined;
  }

  /**
   * Loads (or joins the load of) a room and holds it until {@link release}. `held`, if given, may
   * be answered from the stored snapshot before the room is built (S12).
   */
  async acquire(id: string, held?: HeldMessages): Promise<Room> {
    let entry = this.entries.get(id);
    if (!entry) {
      const early = new EarlyAnswer();
      const fresh: Entry = {
        loading: this.load(id, early, (err) => this.poison(id, fresh, err)).then(
          ({ room, persistence, fanout }) => {
            fresh.room = room;
            fresh.persistence = persistence;
            fresh.fanout = fanout;
            this.onRoomOpened?.(room);
            early.end();
            fresh.early = null;
            return room;
          },
          (err: unknown) => {
            early.end();
            fresh.early = null;
            throw err;
          },
        ),
        early,
        room: null,
        persistence: null,
        fanout: null,
        holders: 0,
        unloadTimer: null,
        unloading: null,
      };
      fresh.loading.catch(() => {
        if (this.entries.get(id) === fresh) this.entries.delete(id);
      });
      this.entries.set(id, fresh);
      entry = fresh;
    }
    entry.holders++;
    if (held) entry.early?.join(held);
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    try {
      return await entry.loading;
    } catch (err) {
      entry.holders--;
      throw err;
    }
  }

  release(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.holders = Math.max(0, entry.holders - 1);
    if (entry.holders === 0 && !entry.unloadTimer && !entry.unloading) {
      entry.unloadTimer = setTimeout(() => {
        entry.unloadTimer = null;
        void this.unload(id, entry);
      }, this.opts.unloadDelayMs);
    }
  }

  private async load(
    id: string,
    early: EarlyAnswer,
    onFailure: (err: unknown) => void,
  ): Promise<{ room: Room; persistence: RoomPersistence; fanout: RoomFanout | null }> {
    const started = performance.now();
    let exists: boolean;
    try {
      exists = (await this.store.getRoom(id)) !== undefined;
    } catch (err) {
      throw new StorageError(id, err);
    }
    if (!exists) throw new RoomNotFoundError(id);
    // Subscribed before the store is read, so nothing committed elsewhere falls between the two;
    // what arrives meanwhile waits in `inbox`.
    const inbox: Uint8Array[] = [];
    let receive = (payload: Uint8Array): void => void inbox.push(payload);
    if (this.fanout) {
      const subscribed = this.fanout.port.subscribe(id, (payload) => receive(payload));
      // While the transport is down, loading goes on; the subscription completes on reconnect,
      // which triggers a catch-up from the store.
      if (this.fanout.port.connected) await subscribed;
      else subscribed.catch(() => {});
    }
    try {
      const loaded = await this.build(id, early, onFailure, started);
      if (this.fanout) {
        const rf = new RoomFanout(loaded.room, this.store, this.fanout.port, this.fanout.instance, loaded.lastSeq, this.log, this.metrics);
        loaded.persistence.coveredSeq = () => rf.coveredSeq();
        loaded.persistence.onBatchCommitted = (from, to, updates) => rf.committed(from, to, updates);
        receive = rf.receive;
        for (const payload of inbox.splice(0)) rf.receive(payload);
        rf.start();
        return { room: loaded.room, persistence: loaded.persistence, fanout: rf };
      }
      return { room: loaded.room, persistence: loaded.persistence, fanout: null };
    } catch (err) {
      if (this.fanout) void this.fanout.port.unsubscribe(id).catch(() => {});
      throw err;
    }
  }

  private async build(
    id: string,
    early: EarlyAnswer,
    onFailure: (err: unknown) => void,
    started: number,
  ): Promise<{ room: Room; persistence: RoomPersistence; lastSeq: number }> {
    let stored: Awaited<ReturnType<DocStore['load']>>;
    try {
      stored = await this.store.load(id);
    } catch (err) {
      throw new StorageError(id, err);
    }
    const servable = servableSnapshot(stored);
    if (servable) await early.publish(servable);
    const room = new Room(id, this.opts.awareness, this.log, this.opts.maxRoomBytes);
    room.observer = this.opts.observer ?? null;
    try {
      room.doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(room.doc, u);
      }, 'persistence');
    } catch (err) {
      room.destroy();
      this.log.error({ event: 'room.corrupt', room: id, err }, 'stored room could not be decoded; left untouched');
      throw new RoomUnavailableError(id, err);
    }
    if (room.doc.store.pendingStructs || room.doc.store.pendingDs) {
      this.log.warn({ event: 'room.pending_on_load', room: id }, 'stored room has updates with missing dependencies');
    }
    const logBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0);
    const snapshot = (): { bytes: Uint8Array; tag: string } => {
      const bytes = Y.encodeStateAsUpdate(room.doc);
      return { bytes, tag: snapshotTag(bytes, readSchemaVersion(room.doc)) };
    };
    const persistence = new RoomPersistence(id, this.store, this.commits, this.opts.compaction, snapshot, {
      lastSeq: stored.lastSeq,
      logLength: stored.updates.length,
      logBytes,
      snapshotBytes: stored.snapshot?.byteLength ?? 0,
    });
    persistence.onFailure = onFailure;
    persistence.onCompactionError = (err) => this.log.error({ event: 'room.compaction_failed', room: id, err }, 'compaction failed');
    room.attachPersistence(persistence);
    // A compacted room's snapshot is its whole state: fresh clients get it byte for byte.
    if (stored.snapshot && stored.updates.length === 0) room.setLoadedSnapshot(stored.snapshot);
    const migration = migrateDoc(room.doc);
    if (migration.kind !== 'current') this.log.info({ event: 'room.migration', room: id, ...migration }, 'schema migration');
    this.log.info(
      {
        event: 'room.loaded',
        room: id,
        ms: Math.round(performance.now() - started),
        bytes: logBytes + (stored.snapshot?.byteLength ?? 0),
        logLength: stored.updates.length,
        servedEarly: early.served,
      },
      'room loaded',
    );
    return { room, persistence, lastSeq: stored.lastSeq };
  }

  private poison(id: string, entry: Entry, err: unknown): void {
    this.log.error({ event: 'room.commit_failed', room: id, err }, 'commit failed; closing the room');
    entry.fanout?.close();
    if (this.entries.get(id) === entry) this.entries.delete(id);
    // What failed to commit was never shown to anybody; the tabs keep it and resend it later.
    entry.room?.closeAll(CLOSE.storageUnavailable);
    entry.room?.destroy();
  }

  private async unload(id: string, entry: Entry): Promise<void> {
    if (entry.holders > 0 || this.entries.get(id) !== entry) return;
    entry.unloading = (async () => {
      try {
        await entry.persistence?.whenFlushed();
        await entry.persistence?.compact();
      } catch (err) {
        this.log.error({ event: 'room.unload_flush_failed', room: id, err }, 'flush on unload failed');
      }
    })();
    await entry.unloading;
    entry.unloading = null;
    // Somebody joined during the flush: keep serving the same room.
    if (entry.holders > 0 || this.entries.get(id) !== entry) return;
    // Unsubscribed before the entry goes, so a reload's new subscription is never undone.
    entry.fanout?.close();
    this.entries.delete(id);
    entry.room?.destroy();
    this.log.info({ event: 'room.unloaded', room: id }, 'room unloaded');
  }

  /** Flushes and compacts every room and closes its peers (graceful shutdown). */
  async shutdown(): Promise<void> {
    if (this.seqCheckTimer) clearInterval(this.seqCheckTimer);
    const all = [...this.entries.entries()];
    await Promise.all(
      all.map(async ([id, entry]) => {
        if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
        try {
          await entry.loading;
        } catch {
          return;
        }
        entry.room?.closeAll(CLOSE.goingAway);
        await entry.persistence?.whenFlushed();
        await entry.persistence?.compact();
        entry.fanout?.close();
        entry.room?.destroy();
        this.entries.delete(id);
      }),
    );
  }
}
