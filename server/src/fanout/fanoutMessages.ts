/**
 * What instances tell each other about a room over the fan-out port. Every message names the
 * instance that sent it, so an instance recognises (and skips) its own.
 *
 * - `update`: the updates of one commit, with seqs `from`..`to`, as they were committed (not
 *   merged: each is relayed to clients as its own message, as on the instance that took it, and
 *   merging would cost CPU). Only ever published after the commit, so no instance relays state
 *   the database does not hold.
 * - `awareness`: a presence update from a client of the sender (never relayed presence).
 * - `awarenessQuery`: an instance that just loaded the room asks the others for their clients'
 *   presence, instead of waiting for the clients' next renewal.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type FanoutMessage =
  | {
      readonly type: 'update';
      readonly from: number;
      readonly to: number;
      readonly updates: readonly Uint8Array[];
      /** Sender's clock (ms) at publication, for the fan-out latency metric. */
      readonly sentAt: number;
    }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'awarenessQuery' };

const TYPES = { update: 0, awareness: 1, awarenessQuery: 2 } as const;

export function encodeFanoutMessage(instance: string, msg: FanoutMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, instance);
  encoding.writeVarUint(e, TYPES[msg.type]);
  if (msg.type === 'update') {
    encoding.writeVarUint(e, msg.from);
    encoding.writeVarUint(e, msg.to);
    encoding.writeFloat64(e, msg.sentAt);
    encoding.writeVarUint(e, msg.updates.length);
    for (const u of msg.updates) encoding.writeVarUint8Array(e, u);
  } else if (msg.type === 'awareness') encoding.writeVarUint8Array(e, msg.update);
  return encoding.toUint8Array(e);
}

/** Decodes a message; null for anything malformed or of an unknown type (from a newer version). */
export function decodeFanoutMessage(bytes: Uint8Array): { instance: string; msg: FanoutMessage } | null {
  try {
    const d = decoding.createDecoder(bytes);
    const instance = decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === TYPES.update) {
      const from = decoding.readVarUint(d);
      const to = decoding.readVarUint(d);
      const sentAt = decoding.readFloat64(d);
      const count = decoding.readVarUint(d);
      if (count !== to - from + 1) return null;
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(d));
      return { instance, msg: { type: 'update', from, to, sentAt, updates } };
    }
    if (type === TYPES.awareness) return { instance, msg: { type: 'awareness', update: decoding.readVarUint8Array(d) } };
    if (type === TYPES.awarenessQuery) return { instance, msg: { type: 'awarenessQuery' } };
    return null;
  } catch {
    return null;
  }
}
