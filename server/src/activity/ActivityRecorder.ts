/**
 * Turns what peers change into activity records (server SPEC H2–H5) and keeps when each person
 * was last in a room.
 *
 * It is the rooms' `RoomObserver`: between `applying` and the function it returns, the room is
 * applying one peer's accepted update, so every transaction in that window is that peer's and
 * nobody else's. Attribution therefore comes from the connection (its person id, derived from the
 * person key it opened with, and the name in its own presence), never from the document.
 *
 * Bursts are coalesced per person and item: a draft joins the open burst with the same key unless
 * that burst has been quiet for `quietMs` or open for `maxBurstMs`; a burst is stored once it
 * closes. Until then it is "pending" and the feed shows it from here (`pending`).
 */
import type * as Y from 'yjs';
import { ACTIVITY_ROOTS, coalesceKey, transactionToActivity, mergeDrafts, type ActivityDraft, type ActivityEntry } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { Peer, Room, RoomObserver } from '../rooms/Room.ts';
import type { ActivityStore, NewActivity } from './ActivityStore.ts';
import { docChanges, entityReader } from './docChanges.ts';
import { cleanName } from './personKey.ts';

export interface RecorderOptions {
  /** A burst closes after this long without a change to its item by its person. */
  readonly quietMs: number;
  /** …or once it has been open this long (a very long drag becomes several entries). */
  readonly maxBurstMs: number;
  readonly now?: () => number;
}

export const DEFAULT_RECORDER_OPTIONS: RecorderOptions = { quietMs: 2000, maxBurstMs: 30_000 };

interface Burst {
  draft: ActivityDraft;
  personId: string;
  name: string;
  startedAt: number;
  at: number;
}

interface Applying {
  readonly room: Room;
  readonly peer: Peer;
}

export class ActivityRecorder implements RoomObserver {
  /** Open bursts per room, by coalesce key (insertion order = order of first change). */
  private readonly open = new Map<string, Map<string, Burst>>();
  private current: Applying | null = null;
  private readonly listening = new WeakSet<Y.Doc>();
  private sweeper: NodeJS.Timeout | null = null;
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly store: ActivityStore,
    private readonly log: Logger,
    private readonly opts: RecorderOptions = DEFAULT_RECORDER_OPTIONS,
  ) {
    this.now = opts.now ?? Date.now;
  }

  applying(room: Room, peer: Peer): () => void {
    if (!peer.person) return () => {};
    this.listen(room.doc);
    this.current = { room, peer };
    return () => {
      this.current = null;
    };
  }

  left(room: Room, peer: Peer): void {
    if (!peer.person) return;
    // Whatever they changed up to now they saw; what others change from now on is news to them.
    this.queueWrite(() => this.store.markVisit(room.id, peer.person!.id, this.now()), 'activity.visit_failed');
  }

  /**
   * Records something the server did for a person outside any peer's update (a saved version, a
   * restore: W9), under the person id the server derived for that request. Stored at once; it
   * coalesces with nothing.
   */
  recordFor(roomId: string, person: { readonly id: string; readonly name: string }, draft: ActivityDraft): void {
    const at = this.now();
    const name = cleanName(person.name) || 'Someone';
    this.queueWrite(
      () => this.store.append(roomId, [{ ...draft, personId: person.id, name, startedAt: at, at }]),
      'activity.append_failed',
    );
  }

  /** Bursts not stored yet for `roomId`, newest first (seq 0). */
  pending(roomId: string): ActivityEntry[] {
    const open = this.open.get(roomId);
    if (!open) return [];
    return [...open.values()].reverse().map((b) => this.entryOf(b, 0));
  }

  /** Stores every open burst (shutdown, tests); resolves once stored. */
  async flush(): Promise<void> {
    for (const roomId of [...this.open.keys()]) this.close(roomId, () => true);
    await this.writes;
  }

  /** Stops the sweeper after storing what is open. */
  async stop(): Promise<void> {
    await this.flush();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private listen(doc: Y.Doc): void {
    if (this.listening.has(doc)) return;
    this.listening.add(doc);
    // Only typed roots report their changes.
    for (const name of ACTIVITY_ROOTS) {
      try {
        doc.getMap(name);
      } catch {
        // A root stored with another type (a document from an older schema) is not followed.
      }
    }
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      const cur = this.current;
      if (!cur || cur.room.doc !== doc || tr.origin !== 'remote') return;
      try {
        this.record(cur, docChanges(doc, tr));
      } catch (err) {
        // Attribution must never cost an edit: the update is applied whatever happens here.
        this.log.error({ event: 'activity.record_failed', room: cur.room.id, err }, 'could not record activity');
      }
    });
  }

  private record({ room, peer }: Applying, changes: ReturnType<typeof docChanges>): void {
    if (changes.length === 0) return;
    const person = peer.person!;
    const name = cleanName(room.presenceName(peer)) || person.name || 'Someone';
    const read = entityReader(room.doc);
    const at = this.now();
    let open = this.open.get(room.id);
    if (!open) this.open.set(room.id, (open = new Map()));
    for (const draft of transactionToActivity(changes, read)) {
      const key = coalesceKey(person.id, draft);
      const prev = open.get(key);
      if (prev && at - prev.at <= this.opts.quietMs && at - prev.startedAt <= this.opts.maxBurstMs) {
        const merged = mergeDrafts(prev.draft, draft);
        if (merged) Object.assign(prev, { draft: merged, name, at });
        else open.delete(key);
        continue;
      }
      if (prev) this.close(room.id, (k) => k === key);
      open.set(key, { draft, personId: person.id, name, startedAt: at, at });
    }
    this.sweeper ??= setInterval(() => this.sweep(), Math.max(50, this.opts.quietMs / 2)).unref();
  }

  private sweep(): void {
    const now = this.now();
    for (const [roomId, open] of this.open) {
      this.close(roomId, (_k, b) => now - b.at > this.opts.quietMs || now - b.startedAt > this.opts.maxBurstMs);
      if (open.size === 0) this.open.delete(roomId);
    }
    if (this.open.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  /** Stores (in order) and forgets the room's open bursts that `done` picks. */
  private close(roomId: string, done: (key: string, b: Burst) => boolean): void {
    const open = this.open.get(roomId);
    if (!open) return;
    const records: NewActivity[] = [];
    for (const [key, b] of open) {
      if (!done(key, b)) continue;
      open.delete(key);
      records.push(this.entryOf(b));
    }
    if (open.size === 0) this.open.delete(roomId);
    if (records.length > 0) this.queueWrite(() => this.store.append(roomId, records), 'activity.append_failed');
  }

  /** Writes run one after another, so records are stored in the order they closed. */
  private queueWrite(write: () => Promise<unknown>, event: string): void {
    this.writes = this.writes.then(write).then(
      () => {},
      (err: unknown) => this.log.error({ event, err }, 'could not store activity'),
    );
  }

  private entryOf(b: Burst): NewActivity;
  private entryOf(b: Burst, seq: number): ActivityEntry;
  private entryOf(b: Burst, seq?: number): NewActivity | ActivityEntry {
    return { ...b.draft, personId: b.personId, name: b.name, startedAt: b.startedAt, at: b.at, ...(seq !== undefined ? { seq } : {}) };
  }
}
