/**
 * One loaded room's side of cross-instance fan-out (policy above the {@link Fanout} port).
 *
 * Protocol (SPEC M2–M4):
 * - After each local commit, the committed updates go out together, with their seqs (gap-free per
 *   room, assigned by the store). Never before the commit (write-ahead), and never per-peer sync
 *   replies: a peer on another instance gets its sync answers from its own instance.
 * - A received update is applied with origin `fanout` (so it is neither stored again nor sent
 *   back out) and relayed to this instance's peers; its seqs are recorded in a {@link SeqTracker}.
 * - A hole in the seqs that is still there {@link GAP_WAIT_MS} later (messages from different
 *   instances can cross), or a fan-out transport that comes back from an outage, makes the room
 *   read what it misses from the store (`loadSince`). Pub/sub may lose messages; the store never.
 * - The store's last seq for the room, read periodically for every loaded room (SPEC M9), past
 *   what this document holds for {@link GAP_WAIT_MS} also makes the room catch up: a message lost
 *   before a room goes quiet leaves no hole to notice otherwise.
 * - Compaction covers only {@link coveredSeq}: every seq up to it is in this document, so no
 *   update committed by another instance is dropped with the log.
 * - Presence from this instance's clients is published; presence received is applied and relayed
 *   locally only. A room that just loaded asks the others for theirs.
 */
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import type { Room } from '../rooms/Room.ts';
import type { Fanout } from './Fanout.ts';
import { decodeFanoutMessage, encodeFanoutMessage, type FanoutMessage } from './fanoutMessages.ts';
import { SeqTracker } from './SeqTracker.ts';
import type { FanoutObserver } from '../ops/metrics.ts';

/** How long a hole in the seqs may last before the store is read (messages may just be crossing). */
export const GAP_WAIT_MS = 500;
/** After a failed catch-up (store down), how long before trying again. */
const CATCH_UP_RETRY_MS = 1000;

export class RoomFanout {
  private readonly tracker: SeqTracker;
  private gapTimer: NodeJS.Timeout | null = null;
  private behindTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private closed = false;

  constructor(
    private readonly room: Room,
    private readonly store: DocStore,
    private readonly fanout: Fanout,
    private readonly instance: string,
    loadedSeq: number,
    private readonly log: Logger,
    private readonly observer: FanoutObserver | null = null,
  ) {
    this.tracker = new SeqTracker(loadedSeq);
    room.onLocalAwareness = (update) => this.send({ type: 'awareness', update });
  }

  /** Every seq up to this one is in the room's document. */
  coveredSeq(): number {
    return this.tracker.contiguous;
  }

  /** Asks the other instances for their clients' presence (once the room is loaded). */
  start(): void {
    this.send({ type: 'awarenessQuery' });
  }

  /** A local commit of `updates` got seqs `from`..`to`: record it and tell the other instances. */
  committed(from: number, to: number, updates: readonly Uint8Array[]): void {
    if (this.closed || updates.length === 0) return;
    this.tracker.add(from, to);
    this.send({ type: 'update', from, to, updates, sentAt: Date.now() });
    if (this.tracker.hasGap) this.scheduleGapCheck();
  }

  /** Handles one payload from the fan-out port. */
  readonly receive = (payload: Uint8Array): void => {
    if (this.closed) return;
    const decoded = decodeFanoutMessage(payload);
    if (!decoded || decoded.instance === this.instance) return;
    const { msg } = decoded;
    switch (msg.type) {
      case 'update':
        if (msg.to <= this.tracker.contiguous) return;
        for (const update of msg.updates) this.room.applyFanoutUpdate(update);
        this.observer?.delivered((Date.now() - msg.sentAt) / 1000);
        this.tracker.add(msg.from, msg.to);
        if (this.tracker.hasGap) this.scheduleGapCheck();
        return;
      case 'awareness':
        this.room.applyFanoutAwareness(msg.update);
        return;
      case 'awarenessQuery': {
        const update = this.room.localAwarenessUpdate();
        if (update) this.send({ type: 'awareness', update });
        return;
      }
    }
  };

  /**
   * The store holds seqs up to `seq`. Past what this document holds, the updates may still be on
   * their way (published after the commit): catch up only if they haven't come {@link GAP_WAIT_MS} later.
   */
  storeIsAt(seq: number): void {
    if (this.closed || seq <= this.tracker.contiguous || this.behindTimer) return;
    this.behindTimer = setTimeout(() => {
      this.behindTimer = null;
      if (!this.closed && this.tracker.contiguous < seq) void this.catchUp();
    }, GAP_WAIT_MS);
    this.behindTimer.unref();
  }

  /** The transport was down: anything may have been missed, both ways. */
  resumed(): void {
    const update = this.room.localAwarenessUpdate();
    if (update) this.send({ type: 'awareness', update });
    void this.catchUp();
  }

  private send(msg: FanoutMessage): void {
    if (!this.closed) this.fanout.publish(this.room.id, encodeFanoutMessage(this.instance, msg));
  }

  private scheduleGapCheck(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      // Timers run before the loop reads its sockets: on a busy loop the missing message may be
      // sitting there unread. setImmediate runs after those reads.
      setImmediate(() => {
        this.gapTimer = null;
        if (this.tracker.hasGap) void this.catchUp();
      });
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /** Reads from the store everything after {@link coveredSeq} and applies it. One at a time. */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        try {
          const tail = await this.store.loadSince(this.room.id, this.tracker.contiguous);
          if (this.closed) return;
          const parts = [...(tail.snapshot ? [tail.snapshot] : []), ...tail.updates.map((u) => u.data)];
          if (parts.length > 0) this.room.applyFanoutUpdate(parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
          this.tracker.advanceTo(tail.lastSeq);
          this.log.info(
            { event: 'fanout.caught_up', room: this.room.id, updates: tail.updates.length, seq: tail.lastSeq },
            'caught up from the store',
          );
        } catch (err) {
          this.log.warn({ event: 'fanout.catch_up_failed', room: this.room.id, err }, 'could not read missed updates; will retry');
          const retry = setTimeout(() => void this.catchUp(), CATCH_UP_RETRY_MS);
          retry.unref();
          break;
        }
      } while (this.catchUpAgain && !this.closed);
    })().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.behindTimer) clearTimeout(this.behindTimer);
    this.room.onLocalAwareness = null;
    void this.fanout.unsubscribe(this.room.id).catch(() => {});
  }
}
