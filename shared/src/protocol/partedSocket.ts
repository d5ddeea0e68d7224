/**
 * A WebSocket class that sends long sync step 2s and updates in parts (updateParts.ts) instead of
 * one frame the server would refuse. Given to the y-websocket provider as its `WebSocketPolyfill`,
 * it covers every path the provider writes the document on (its answer to the server's step 1,
 * and each update) without changing the provider. The parts of one message are sent in one
 * synchronous loop, so nothing the provider sends can land between them.
 */
import { splitSyncMessage, UPDATE_PART_BYTES } from './updateParts.ts';

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

export function sendingInParts<T extends SocketClass>(Base: T, partBytes = UPDATE_PART_BYTES): T {
  return class PartedSocket extends Base {
    override send(data: never): void {
      const bytes = asBytes(data);
      const parts = bytes ? splitSyncMessage(bytes, partBytes) : null;
      if (!parts) return super.send(data);
      for (const p of parts) super.send(p as never);
    }
  };
}
