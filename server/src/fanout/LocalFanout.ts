/**
 * Fan-out within one process: a bus that several server instances in one test process share.
 * `disconnect()`/`reconnect()` simulate an outage (messages published meanwhile are lost).
 */
import type { Fanout, FanoutHandler } from './Fanout.ts';

export class LocalBus {
  readonly members = new Set<LocalFanout>();
}

export class LocalFanout implements Fanout {
  private readonly handlers = new Map<string, FanoutHandler>();
  private readonly resumeListeners: Array<() => void> = [];
  connected = true;

  constructor(private readonly bus: LocalBus) {
    bus.members.add(this);
  }

  async subscribe(roomId: string, handler: FanoutHandler): Promise<void> {
    this.handlers.set(roomId, handler);
  }

  async unsubscribe(roomId: string): Promise<void> {
    this.handlers.delete(roomId);
  }

  publish(roomId: string, payload: Uint8Array): void {
    if (!this.connected) return;
    // Delivered asynchronously, as over a network, each member receiving its own copy.
    for (const member of this.bus.members) {
      if (!member.connected) continue;
      const copy = payload.slice();
      queueMicrotask(() => member.handlers.get(roomId)?.(copy));
    }
  }

  onResume(listener: () => void): void {
    this.resumeListeners.push(listener);
  }

  disconnect(): void {
    this.connected = false;
  }

  reconnect(): void {
    this.connected = true;
    for (const l of this.resumeListeners) l();
  }

  async close(): Promise<void> {
    this.bus.members.delete(this);
    this.handlers.clear();
  }
}
