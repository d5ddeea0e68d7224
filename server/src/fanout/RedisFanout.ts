/**
 * Fan-out over Redis pub/sub through `ioredis`: one channel per room, one connection to publish
 * and one to subscribe (a subscribed Redis connection can do nothing else).
 *
 * Why ioredis: a maintained, widely used client with automatic reconnection that re-subscribes
 * its channels by itself, and binary (Buffer) payloads both ways.
 * Outages: the publishing connection does not queue commands while disconnected, so `publish`
 * drops messages instead of building up memory; when the subscriber is ready again after a
 * disconnection, `onResume` listeners run (pub/sub loses what was published meanwhile).
 */
import { Redis } from 'ioredis';
import type { Fanout, FanoutHandler } from './Fanout.ts';

const CHANNEL_PREFIX = 'riffboard:room:';

export interface RedisFanoutOptions {
  /** Hears about connection errors (they are retried, never thrown). */
  onError?: (err: Error) => void;
}

export class RedisFanout implements Fanout {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, FanoutHandler>();
  private readonly resumeListeners: Array<() => void> = [];
  private wasDown = false;

  private constructor(url: string, opts: RedisFanoutOptions) {
    const common = { maxRetriesPerRequest: null, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) };
    this.pub = new Redis(url, { ...common, enableOfflineQueue: false, lazyConnect: true });
    this.sub = new Redis(url, { ...common, lazyConnect: true });
    for (const conn of [this.pub, this.sub]) conn.on('error', (err: Error) => opts.onError?.(err));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString('utf8').slice(CHANNEL_PREFIX.length));
      handler?.(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    });
    this.sub.on('close', () => (this.wasDown = true));
    this.sub.on('ready', () => {
      if (!this.wasDown) return;
      this.wasDown = false;
      for (const l of this.resumeListeners) l();
    });
  }

  /** Connects both connections; rejects if Redis can't be reached at start. */
  static async open(url: string, opts: RedisFanoutOptions = {}): Promise<RedisFanout> {
    const f = new RedisFanout(url, opts);
    await Promise.all([f.pub.connect(), f.sub.connect()]);
    return f;
  }

  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  async subscribe(roomId: string, handler: FanoutHandler): Promise<void> {
    this.handlers.set(roomId, handler);
    await this.sub.subscribe(CHANNEL_PREFIX + roomId);
  }

  async unsubscribe(roomId: string): Promise<void> {
    this.handlers.delete(roomId);
    await this.sub.unsubscribe(CHANNEL_PREFIX + roomId);
  }

  publish(roomId: string, payload: Uint8Array): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(CHANNEL_PREFIX + roomId, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)).catch(() => {});
  }

  onResume(listener: () => void): void {
    this.resumeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
