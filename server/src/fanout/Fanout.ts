/**
 * The fan-out port: best-effort delivery of a room's messages to every other server instance.
 *
 * Semantics every adapter honours (test/fanout/fanoutContract.ts):
 * - `subscribe(room, handler)` resolves once messages published to the room from then on reach
 *   `handler`, in the order each publisher sent them. Messages from this instance itself are
 *   delivered too; the layer above recognises and ignores them.
 * - `publish` never throws and never waits: delivery is best effort. While the transport is down,
 *   messages are dropped, not queued; `onResume` listeners are told when it is back, since
 *   anything published meanwhile may be lost and must be caught up from storage.
 * - Payloads are opaque bytes; adapters hold no policy (sequence checks, catch-up): that lives in
 *   RoomFanout.
 */
export type FanoutHandler = (payload: Uint8Array) => void;

export interface Fanout {
  subscribe(roomId: string, handler: FanoutHandler): Promise<void>;
  unsubscribe(roomId: string): Promise<void>;
  publish(roomId: string, payload: Uint8Array): void;
  /** `listener` runs each time the transport recovers from an outage. */
  onResume(listener: () => void): void;
  /** Whether the transport is connected now (for readiness). */
  readonly connected: boolean;
  close(): Promise<void>;
}
