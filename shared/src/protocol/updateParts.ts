/**
 * A document change too large for one WebSocket message, sent as numbered byte ranges of one
 * Yjs update (message type {@link MESSAGE.parts}).
 *
 *   client → server  [parts, part(0), kind, total, offset, chunk]
 *       kind:   the sync subtype the whole update would have travelled as (1 step 2, 2 update)
 *       total:  byte length of the whole update; offset: where `chunk` starts in it
 *   server → client  [parts, refused(1), total, sentence]
 *       the change of `total` bytes is over what any room accepts; nothing of it was applied
 *   server → client  [parts, received(2), received]
 *       sent for every part taken: `received` bytes of the current change so far. It keeps a
 *       slow upload from looking like a dead connection (the provider drops a socket that has
 *       been silent for 30 s) and lets the client show progress.
 *
 * Parts of one change are sent back to back, in order, with nothing else on the connection
 * between them; the receiver joins them and handles the result exactly as the one sync message
 * it replaces (the same checks, the same write-ahead). Only clients that send parts ever receive
 * a refusal, so stock y-websocket clients, which know neither message, never see one.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE } from './messageTypes.ts';

export const PARTS = { part: 0, refused: 1, received: 2 } as const;

/** The sync subtypes a change sent in parts may stand for. */
export const PART_KIND = { step2: 1, update: 2 } as const;
export type PartKind = (typeof PART_KIND)[keyof typeof PART_KIND];

/**
 * Sync messages longer than this go in parts of at most this many bytes of update each. Small
 * enough to pass any sensible `MAX_MESSAGE_BYTES`, large enough that 50 MB is ~200 messages.
 */
export const UPDATE_PART_BYTES = 256 * 1024;

export interface UpdatePart {
  readonly kind: PartKind;
  readonly total: number;
  readonly offset: number;
  readonly chunk: Uint8Array;
}

export function encodeUpdatePart(p: UpdatePart): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.parts);
  encoding.writeVarUint(e, PARTS.part);
  encoding.writeVarUint(e, p.kind);
  encoding.writeVarUint(e, p.total);
  encoding.writeVarUint(e, p.offset);
  encoding.writeVarUint8Array(e, p.chunk);
  return encoding.toUint8Array(e);
}

export function encodePartsRefused(total: number, sentence: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.parts);
  encoding.writeVarUint(e, PARTS.refused);
  encoding.writeVarUint(e, total);
  encoding.writeVarString(e, sentence);
  return encoding.toUint8Array(e);
}

export function encodePartsReceived(received: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.parts);
  encoding.writeVarUint(e, PARTS.received);
  encoding.writeVarUint(e, received);
  return encoding.toUint8Array(e);
}

export type PartsBody =
  | ({ readonly sub: 'part' } & UpdatePart)
  | { readonly sub: 'refused'; readonly total: number; readonly sentence: string }
  | { readonly sub: 'received'; readonly received: number };

/**
 * Reads the body of a parts message whose type varint was already read from `d`. Throws on
 * anything malformed: unknown subtype or kind, a length prefix past the end, a chunk that runs
 * past `total`, trailing bytes. The chunk is a view into `d`'s buffer.
 */
export function readPartsBody(d: decoding.Decoder): PartsBody {
  const sub = decoding.readVarUint(d);
  let body: PartsBody;
  if (sub === PARTS.part) {
    const kind = decoding.readVarUint(d);
    if (kind !== PART_KIND.step2 && kind !== PART_KIND.update) throw new Error(`unknown part kind ${kind}`);
    const total = decoding.readVarUint(d);
    const offset = decoding.readVarUint(d);
    const len = decoding.readVarUint(d);
    if (len > d.arr.length - d.pos) throw new Error(`part length ${len} exceeds the ${d.arr.length - d.pos} bytes left`);
    const chunk = decoding.readUint8Array(d, len);
    if (len === 0 || offset + len > total) throw new Error(`part ${offset}+${len} does not fit a change of ${total} bytes`);
    body = { sub: 'part', kind, total, offset, chunk };
  } else if (sub === PARTS.refused) {
    body = { sub: 'refused', total: decoding.readVarUint(d), sentence: decoding.readVarString(d) };
  } else if (sub === PARTS.received) {
    body = { sub: 'received', received: decoding.readVarUint(d) };
  } else throw new Error(`unknown parts subtype ${sub}`);
  if (d.pos !== d.arr.length) throw new Error(`${d.arr.length - d.pos} trailing bytes`);
  return body;
}

/** The update inside a sync step 2 or update message, or null for any other message. */
export function readSyncUpdate(message: Uint8Array): { readonly kind: PartKind; readonly update: Uint8Array } | null {
  const d = decoding.createDecoder(message);
  if (decoding.readVarUint(d) !== MESSAGE.sync) return null;
  const kind = decoding.readVarUint(d);
  if (kind !== PART_KIND.step2 && kind !== PART_KIND.update) return null;
  if (decoding.readVarUint(d) !== message.byteLength - d.pos) return null;
  return { kind, update: message.subarray(d.pos) };
}

export function encodeSyncUpdate(kind: PartKind, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/**
 * Splits an outgoing sync message (y-websocket's [sync, subtype, update]) into part messages when
 * it is a step 2 or an update longer than `partBytes`; anything else (or anything short) → null,
 * to be sent as it is.
 */
export function splitSyncMessage(message: Uint8Array, partBytes = UPDATE_PART_BYTES): Uint8Array[] | null {
  if (message.byteLength <= partBytes) return null;
  const d = decoding.createDecoder(message);
  if (decoding.readVarUint(d) !== MESSAGE.sync) return null;
  const kind = decoding.readVarUint(d);
  if (kind !== PART_KIND.step2 && kind !== PART_KIND.update) return null;
  const total = decoding.readVarUint(d);
  if (total !== message.byteLength - d.pos) return null;
  const update = message.subarray(d.pos);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < total; offset += partBytes) {
    parts.push(encodeUpdatePart({ kind, total, offset, chunk: update.subarray(offset, Math.min(total, offset + partBytes)) }));
  }
  return parts;
}
