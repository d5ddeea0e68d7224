/**
 * Write-ahead scheduling for every loaded room at once: one commit per turn of the event loop, or
 * per callback with a store that commits synchronously.
 *
 * Rooms hand their pending updates over as they arrive ({@link CommitQueue.schedule}); once the
 * turn's I/O has been handled (`setImmediate`), everything pending in every room is committed in
 * one `DocStore.appendMany` transaction, and each room is told its new last seq. A busy turn with
 * updates in fifty rooms therefore costs one commit, not fifty. While a commit is in flight, new
 * updates wait for the next one, which starts as soon as it resolves; commits never overlap, so
 * sequence numbers and generations stay in arrival order.
 *
 * A store with `appendManyNow` (SQLite, whose commit is one write to its journal) is committed at
 * the end of the callback that queued the updates (a microtask): a change then reaches the other
 * peers from the socket read that brought it, as in a server that stores nothing, instead of after
 * every other socket's read of the turn. Grouping costs little there, so nothing is lost by it.
 *
 * A failed commit fails every room that was in it: nothing of it was acknowledged to anybody, and
 * a storage failure (disk full, I/O error) is not specific to one room anyway.
 */
import type { DocStore, RoomUpdates } from './DocStore.ts';
import type { CommitObserver } from '../ops/metrics.ts';

/** A room's side of the queue (implemented by RoomPersistence). */
export interface CommitSource {
  /** Moves the room's pending updates into the commit being assembled. */
  takeBatch(): RoomUpdates;
  /** The batch taken last is durable; `lastSeq` is the room's last stored seq. */
  commitSucceeded(lastSeq: number): void;
  /** The batch taken last could not be stored. */
  commitFailed(err: unknown): void;
}

export class CommitQueue {
  /** Rooms with updates not yet handed to the store, in the order they first had one. */
  private pending = new Set<CommitSource>();
  private scheduled = false;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly store: DocStore,
    private readonly observer: CommitObserver | null = null,
  ) {}

  /**
   * Called by a room when its first pending update arrives. The commit runs after this turn, or,
   * with a store that commits synchronously, as soon as the current callback (one socket read)
   * has been handled: the same write-ahead order, without waiting for the rest of the turn.
   */
  schedule(source: CommitSource): void {
    this.pending.add(source);
    if (!this.scheduled && !this.inFlight) {
      this.scheduled = true;
      if (this.store.appendManyNow) queueMicrotask(this.run);
      else setImmediate(this.run);
    }
  }

  /** Resolves once nothing is pending or in flight (each commit's outcome goes to its rooms). */
  async whenIdle(): Promise<void> {
    while (this.inFlight || this.pending.size > 0) {
      if (this.inFlight) await this.inFlight;
      else this.run();
    }
  }

  private readonly run = (): void => {
    this.scheduled = false;
    if (this.inFlight || this.pending.size === 0) return;
    const sources = [...this.pending];
    this.pending = new Set();
    const batches = sources.map((s) => s.takeBatch());
    if (this.store.appendManyNow) this.commitNow(sources, batches);
    else this.inFlight = this.commit(sources, batches);
  };

  private commitNow(sources: readonly CommitSource[], batches: readonly RoomUpdates[]): void {
    let seqs: number[] | null = null;
    let error: unknown;
    const started = performance.now();
    try {
      seqs = this.store.appendManyNow!(batches);
      this.observer?.committed(countUpdates(batches), (performance.now() - started) / 1000);
    } catch (err) {
      error = err;
      this.observer?.failed();
    }
    this.settle(sources, seqs, error);
  }

  private async commit(sources: readonly CommitSource[], batches: readonly RoomUpdates[]): Promise<void> {
    let seqs: number[] | null = null;
    let error: unknown;
    const started = performance.now();
    try {
      seqs = await this.store.appendMany(batches);
      this.observer?.committed(countUpdates(batches), (performance.now() - started) / 1000);
    } catch (err) {
      error = err;
      this.observer?.failed();
    }
    // Released before the rooms hear about it, so what they do in response (more updates) can
    // schedule the next commit.
    this.inFlight = null;
    this.settle(sources, seqs, error);
  }

  /** Tells each room how its batch went, then commits whatever arrived meanwhile. */
  private settle(sources: readonly CommitSource[], seqs: number[] | null, error: unknown): void {
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      if (seqs) source.commitSucceeded(seqs[i]!);
      else source.commitFailed(error);
    }
    if (this.pending.size > 0 && !this.scheduled) this.run();
  }
}

function countUpdates(batches: readonly RoomUpdates[]): number {
  let n = 0;
  for (const b of batches) n += b.updates.length;
  return n;
}
