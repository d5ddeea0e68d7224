/**
 * Paces what one connection may have handled (SPEC B4): two token buckets, messages and bytes,
 * each with a sustained rate and a burst.
 *
 * A message that takes a budget below zero is still handled (it is here), and then the socket is
 * not read until the budget is back at zero: the sender's TCP window closes and its own buffer
 * holds the rest, so an honest burst (a paste, a long undo) arrives later but whole, without a
 * reconnect, and a flood gets no more than its budget into the room. Messages `ws` had already
 * read when reading stopped wait their turn here. That is at most the rest of one socket read,
 * which may complete one largest message; a connection that gets more than that in is not being
 * held back by TCP, and only then is it reported as abuse.
 */
import { TokenBucket } from '../sync/tokenBucket.ts';

/** Per-connection budgets (SPEC B4). */
export interface RateLimits {
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
}

/** The socket as the pacer needs it (`ws`'s WebSocket has both). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

const SLACK_BYTES = 1024 * 1024;

export class ReadPacer {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private resumeTimer: NodeJS.Timeout | null = null;
  private readonly waiting: Array<{ bytes: Uint8Array; receivedAt: number }> = [];
  private waitingBytes = 0;
  private stopped = false;

  constructor(
    limits: RateLimits,
    private readonly maxMessageBytes: number,
    private readonly socket: Pausable,
    private readonly handle: (bytes: Uint8Array, receivedAt: number) => void,
    private readonly onAbuse: (detail: string) => void,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst);
  }

  /** A message as `ws` delivered it: handled now, or once the budget allows. */
  receive(bytes: Uint8Array, receivedAt: number): void {
    if (this.stopped) return;
    if (this.resumeTimer === null) return this.admit(bytes, receivedAt);
    this.waiting.push({ bytes, receivedAt });
    this.waitingBytes += bytes.byteLength;
    if (this.waitingBytes > this.maxMessageBytes + SLACK_BYTES) {
      this.stop();
      this.onAbuse(`${this.waitingBytes} bytes arrived while reading was paused`);
    }
  }

  /** Drops what waits and stops the timer (the connection is closing). */
  stop(): void {
    this.stopped = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
    this.waiting.length = 0;
  }

  private admit(bytes: Uint8Array, receivedAt: number): void {
    const wait = Math.max(this.messages.take(1), this.bytes.take(bytes.byteLength));
    this.handle(bytes, receivedAt);
    if (wait > 0 && !this.stopped) {
      this.socket.pause();
      this.resumeTimer = setTimeout(this.resumeReading, Math.ceil(wait));
    }
  }

  private readonly resumeReading = (): void => {
    this.resumeTimer = null;
    while (!this.stopped && this.resumeTimer === null) {
      const next = this.waiting.shift();
      if (!next) break;
      this.waitingBytes -= next.bytes.byteLength;
      this.admit(next.bytes, next.receivedAt);
    }
    if (!this.stopped && this.resumeTimer === null) this.socket.resume();
  };
}
