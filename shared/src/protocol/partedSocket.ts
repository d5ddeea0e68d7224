/**
 * A WebSocket class that sends long sync step 2s and updates in parts (updateParts.ts) instead of
 * one frame the server would refuse. Given to the y-websocket provider as its `WebSocketPolyfill`,
 * it covers every path the provider writes the document on (its answer to the server's step 1,
 * and each update) without changing the provider. The parts of one message are sent in one
 * synchronous loop, so nothing the provider sends can land between them.
 */
import { encodeSyncUpdate, readSyncUpdate, splitSyncMessage, UPDATE_PART_BYTES } from './updateParts.ts';

/** What this needs of a WebSocket class: browsers' and Node `ws`'s both fit. */
interface Sending {
  send(data: never): void;
}
// A mixin's base constructor must take `any[]` (TypeScript rule for mixin classes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SocketClass = new (...args: any[]) => Sending;

function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

export interface PartedSendOptions {
  /** Largest update bytes per message (default {@link UPDATE_PART_BYTES}). */
  readonly partBytes?: number;
  /** Rewrites each outgoing update (step 2 or update) before it is sent, e.g. to leave parked changes out. */
  readonly filterUpdate?: (update: Uint8Array) => Uint8Array;
  /** Told of each update that goes out in parts, before its first part is sent. */
  readonly sendingInParts?: (update: Uint8Array) => void;
}

export function sendingInParts<T extends SocketClass>(Base: T, options: PartedSendOptions = {}): T {
  const partBytes = options.partBytes ?? UPDATE_PART_BYTES;
  return class PartedSocket extends Base {
    override send(data: never): void {
      let bytes = asBytes(data);
      const sync = bytes ? readSyncUpdate(bytes) : null;
      if (!bytes || !sync) return super.send(data);
      if (options.filterUpdate) {
        const filtered = options.filterUpdate(sync.update);
        if (filtered !== sync.update) bytes = encodeSyncUpdate(sync.kind, filtered);
      }
      const parts = splitSyncMessage(bytes, partBytes);
      if (!parts) return super.send(bytes as never);
      options.sendingInParts?.(readSyncUpdate(bytes)?.update ?? sync.update);
      for (const p of parts) super.send(p as never);
    }
  };
}
