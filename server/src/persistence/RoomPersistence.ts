/**
 * Write-ahead policy for one loaded room, above the DocStore port.
 *
 * Invariant: nothing the room sends out reflects an update before that update is committed.
 * Updates are applied to the in-memory doc at once (so the next message sees them) and queued
 * here; the shared {@link CommitQueue} commits everything that arrived in the same turn of the
 * event loop, in every room, in one transaction. Each batch has a generation number; the room tags
 * outgoing document messages with the generation they depend on and releases them when
 * {@link onCommitted} reports it. Awareness is not gated.
 *
 * Compaction replaces the log with a snapshot once it grows past the configured thresholds, in the
 * background after a commit, and once more when the room unloads. Storage failures are reported
 * through {@link onFailure}; the room then drops its in-memory state, since what was not committed
 * was never acknowledged to anybody.
 */
import type { CommitQueue, CommitSource } from './CommitQueue.ts';
import type { DocStore, RoomUpdates } from './DocStore.ts';

export interface CompactionPolicy {
  readonly afterUpdates: number;
  readonly afterBytes: number;
}

/** A snapshot of the room's document, with the tag to store alongside it (see snapshotTag.ts). */
export interface Snapshot {
  readonly bytes: Uint8Array;
  readonly tag: string | null;
}

export class RoomPersistence implements CommitSource {
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  /** Generation of the batch being filled. */
  private openGen = 1;
  private committedGen = 0;
  /** Updates and bytes of the batch handed to the queue and not yet committed (0 when none). */
  private inFlightUpdates = 0;
  private inFlightBytes = 0;
  private lastSeq: number;
  private compactedSeq: number;
  private sinceCompaction = { updates: 0, bytes: 0 };
  /** Size of the stored snapshot (0 without one). */
  private snapshotBytes: number;
  private compacting: Promise<void> | null = null;
  private failed = false;
  /** Callers of {@link whenFlushed}, woken after each commit of this room to check again. */
  private flushWaiters: Array<() => void> = [];

  /** The updates with seqs `from`..`to` are committed (for fan-out to other instances). */
  onBatchCommitted: ((from: number, to: number, updates: readonly Uint8Array[]) => void) | null = null;
  /**
   * The seq up to which the document is known to hold every stored update. Alone on a store,
   * that is the last seq this instance committed; with other instances appending too, fan-out
   * knows (see RoomFanout.coveredSeq). Compaction never covers more.
   */
  coveredSeq: () => number = () => this.lastSeq;
  /** The batch handed to the queue and not yet committed. */
  private inFlightBatch: readonly Uint8Array[] = [];
  /** Called after each commit with the highest committed generation. */
  onCommitted: (gen: number) => void = () => {};
  /** A commit failed: the room must stop serving. */
  onFailure: (err: unknown) => void = () => {};
  /** A compaction failed: the log is intact, so this is only reported. */
  onCompactionError: (err: unknown) => void = () => {};

  constructor(
    private readonly roomId: string,
    private readonly store: DocStore,
    private readonly queue: CommitQueue,
    private readonly policy: CompactionPolicy,
    private readonly snapshot: () => Snapshot,
    stored: { lastSeq: number; logLength: number; logBytes: number; snapshotBytes: number },
  ) {
    this.snapshotBytes = stored.snapshotBytes;
    this.lastSeq = stored.lastSeq;
    this.compactedSeq = stored.logLength === 0 ? stored.lastSeq : 0;
    this.sinceCompaction = { updates: stored.logLength, bytes: stored.logBytes };
  }

  /** Queues an update for the next commit; returns the generation it will be committed in. */
  enqueue(update: Uint8Array): number {
    if (this.batch.length === 0 && !this.failed) this.queue.schedule(this);
    this.batch.push(update);
    this.batchBytes += update.byteLength;
    return this.openGen;
  }

  /**
   * What the room takes in storage once everything queued is committed: its snapshot plus the
   * log since. An upper bound of the document's encoded size between compactions (overwritten
   * values stay in the log until the next snapshot drops them).
   */
  get storedBytes(): number {
    return this.snapshotBytes + this.sinceCompaction.bytes + this.inFlightBytes + this.batchBytes;
  }

  /** The generation a document message sent now depends on, or 0 when everything is committed. */
  pendingGen(): number {
    if (this.batch.length > 0) return this.openGen;
    if (this.inFlightUpdates > 0) return this.openGen - 1;
    return 0;
  }

  isCommitted(gen: number): boolean {
    return gen <= this.committedGen;
  }

  takeBatch(): RoomUpdates {
    const updates = this.batch;
    this.inFlightUpdates = updates.length;
    this.inFlightBytes = this.batchBytes;
    this.inFlightBatch = updates;
    this.openGen++;
    this.batch = [];
    this.batchBytes = 0;
    return { roomId: this.roomId, updates };
  }

  commitSucceeded(lastSeq: number): void {
    const gen = this.openGen - 1;
    this.lastSeq = lastSeq;
    this.committedGen = gen;
    this.sinceCompaction.updates += this.inFlightUpdates;
    this.sinceCompaction.bytes += this.inFlightBytes;
    const batch = this.inFlightBatch;
    this.inFlightBatch = [];
    this.inFlightUpdates = 0;
    this.inFlightBytes = 0;
    // Other instances first: publishing is one write to Redis, while delivering here is a send per
    // local peer, which would otherwise delay every remote client by all of them.
    if (batch.length > 0) this.onBatchCommitted?.(lastSeq - batch.length + 1, lastSeq, batch);
    this.onCommitted(gen);
    this.wakeFlushWaiters();
    if (this.sinceCompaction.updates >= this.policy.afterUpdates || this.sinceCompaction.bytes >= this.policy.afterBytes) {
      void this.compact();
    }
  }

  commitFailed(err: unknown): void {
    this.failed = true;
    this.inFlightBatch = [];
    this.inFlightUpdates = 0;
    this.inFlightBytes = 0;
    this.onFailure(err);
    this.wakeFlushWaiters();
  }

  private wakeFlushWaiters(): void {
    if (this.flushWaiters.length === 0) return;
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once every queued update is committed (or storage has failed). */
  async whenFlushed(): Promise<void> {
    while (!this.failed && (this.batch.length > 0 || this.inFlightUpdates > 0)) {
      await new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    }
  }

  /** Writes a snapshot of the doc and drops the log it covers, unless nothing changed since the last one. */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.failed || this.coveredSeq() === this.compactedSeq) return;
    this.compacting = (async () => {
      // Every committed update is already in the doc (applied before commit), and so is every
      // update up to coveredSeq, so the snapshot taken now covers at least that.
      const upto = this.coveredSeq();
      const snap = this.snapshot();
      try {
        await this.store.compact(this.roomId, snap.bytes, upto, snap.tag);
        this.compactedSeq = upto;
        this.snapshotBytes = snap.bytes.byteLength;
        this.sinceCompaction = { updates: 0, bytes: 0 };
      } catch (err) {
        // The log is intact, so the room is still safe; report and try again later.
        this.onCompactionError(err);
      } finally {
        this.compacting = null;
      }
    })();
    return this.compacting;
  }

  get hasFailed(): boolean {
    return this.failed;
  }
}
