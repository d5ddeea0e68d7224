/**
 * The early answer (SPEC S12): while a cold room is being built, a fresh client's first sync
 * request is answered straight from the stored bytes, when those bytes are known to be the whole
 * current document.
 *
 * Two sides meet here:
 * - the room being loaded owns one {@link EarlyAnswer}: the registry {@link EarlyAnswer.publish}es
 *   the stored snapshot once read (if {@link servableSnapshot} says it may be sent), and building
 *   the document waits, briefly, for the answers to be flushed so the transfer is not held up
 *   behind the build;
 * - each connection waiting for that room holds its messages in a {@link HeldMessages}: when the
 *   snapshot is offered and the first message held is a sync request with an empty state vector,
 *   that one message is answered with the stored bytes; every other message waits for the room.
 */
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '@riffboard/shared';
import type { StoredDoc } from '../persistence/DocStore.ts';
import { snapshotTagHolds } from '../persistence/snapshotTag.ts';
import { encodeSyncStep2, type ClientMessage } from '../sync/messages.ts';

/** The longest building a room waits for early answers to be flushed to their sockets. */
const EARLY_FLUSH_WAIT_MS = 250;

/**
 * The stored snapshot, if it may be sent as it is: the room's whole state (no log after it) and
 * its tag still holds at the current schema (the server wrote it, and the bytes are unchanged).
 */
export function servableSnapshot(stored: StoredDoc): Uint8Array | null {
  const { snapshot, snapshotTag, updates } = stored;
  if (snapshot === null || updates.length > 0) return null;
  return snapshotTagHolds(snapshotTag, snapshot, SCHEMA_VERSION) ? snapshot : null;
}

/** A loading room's side: who waits for its stored snapshot, and the answers sent from it. */
export class EarlyAnswer {
  private snapshot: Uint8Array | null = null;
  private waiting: HeldMessages[] = [];
  private readonly flushes: Array<Promise<void>> = [];
  private ended = false;

  /** How many clients were answered early. */
  get served(): number {
    return this.flushes.length;
  }

  /** Lets `held` be answered from the stored snapshot, now or once it is published. */
  join(held: HeldMessages): void {
    if (this.ended) return;
    if (this.snapshot) held.offer(this.snapshot, this.sent);
    else this.waiting.push(held);
  }

  /**
   * Offers `snapshot` to every connection waiting, lets one round of socket reads through (a fresh
   * client's first sync request is usually in flight while the store is read), then waits, briefly,
   * for the answers sent to be flushed before the caller blocks on building the document.
   */
  async publish(snapshot: Uint8Array): Promise<void> {
    this.snapshot = snapshot;
    for (const held of this.waiting.splice(0)) held.offer(snapshot, this.sent);
    // An immediate queued from an immediate runs after the next poll phase, i.e. after pending reads.
    await nextTurn();
    await nextTurn();
    if (this.flushes.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.flushes),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, EARLY_FLUSH_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  /** The room is built (or failed): nobody is answered early from now on. */
  end(): void {
    this.ended = true;
    this.snapshot = null;
    this.waiting = [];
  }

  private readonly sent = (flushed: Promise<void>): void => void this.flushes.push(flushed);
}

/**
 * Sends one binary message on a connection; resolves once it is flushed to the socket, or returns
 * null if the connection can no longer send.
 */
export type FlushedSend = (data: Uint8Array) => Promise<void> | null;

/** One connection's messages while its room loads, and its early answer. */
export class HeldMessages {
  private readonly messages: ClientMessage[] = [];
  private bytes = 0;
  private snapshot: Uint8Array | null = null;
  private onSent: ((flushed: Promise<void>) => void) | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly send: FlushedSend,
  ) {}

  /** Holds `msg` (`size` bytes on the wire); false once more than `maxBytes` were held. */
  hold(msg: ClientMessage, size: number): boolean {
    this.bytes += size;
    if (this.bytes > this.maxBytes) return false;
    this.messages.push(msg);
    this.answerEarly();
    return true;
  }

  /** The room's stored snapshot may answer a fresh first request; `sent` learns of the send. */
  offer(snapshot: Uint8Array, sent: (flushed: Promise<void>) => void): void {
    this.snapshot = snapshot;
    this.onSent = sent;
    this.answerEarly();
  }

  /** The room is in: the messages still to handle, in order. Nothing is answered early after. */
  release(): ClientMessage[] {
    this.snapshot = null;
    this.onSent = null;
    return this.messages.splice(0);
  }

  private answerEarly(): void {
    const { snapshot, onSent } = this;
    if (!snapshot || !onSent || !isFreshStep1(this.messages[0])) return;
    const flushed = this.send(encodeSyncStep2(snapshot));
    if (!flushed) return;
    this.messages.shift();
    this.snapshot = null;
    this.onSent = null;
    onSent(flushed);
  }
}

/** Whether `msg` is a sync request from a client that has nothing yet. */
function isFreshStep1(msg: ClientMessage | undefined): boolean {
  if (msg?.type !== 'syncStep1') return false;
  try {
    return Y.decodeStateVector(msg.stateVector).size === 0;
  } catch {
    return false; // left to the room, which closes the connection for it
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
