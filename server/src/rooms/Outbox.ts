/**
 * A room's document messages waiting for the commit they depend on (write-ahead, SPEC S2).
 *
 * Each entry carries the generation of the batch it reflects; the room drains the outbox in order
 * as commits complete, so no peer ever receives state the database does not hold, and each peer
 * receives its messages in the order they were queued. An entry is a message for one peer, or a
 * broadcast to the peers that had joined when it was queued (join number ≤ `upToJoin`) except its
 * author: one entry per broadcast, however many peers it goes to. Peers that join later get the
 * update in their sync reply instead.
 */
export interface OutboxEntry<P> {
  readonly gen: number;
  readonly data: Uint8Array;
  readonly to: P | null;
  readonly except: P | null;
  readonly upToJoin: number;
}

export class Outbox<P> {
  private entries: Array<OutboxEntry<P>> = [];

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  push(entry: OutboxEntry<P>): void {
    this.entries.push(entry);
  }

  /**
   * Hands `deliver` every entry that may leave now, in order: those of committed generations, or
   * all of them once nothing is pending.
   */
  drain(committedGen: number, allCommitted: boolean, deliver: (entry: OutboxEntry<P>) => void): void {
    const entries = this.entries;
    let i = 0;
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      if (!allCommitted && e.gen > committedGen) break;
      deliver(e);
    }
    if (i === entries.length) this.entries = [];
    else if (i > 0) this.entries = entries.slice(i);
  }

  /** Forgets the messages addressed to a peer that left (broadcasts skip absent peers anyway). */
  dropFor(peer: P): void {
    this.entries = this.entries.filter((e) => e.to !== peer);
  }

  clear(): void {
    this.entries = [];
  }
}
