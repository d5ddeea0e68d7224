/**
 * The y-websocket wire protocol, as this server reads and writes it.
 *
 * Every message is binary: a varint message type, then a type-specific body.
 *   sync (0):            varint subtype, then a varint-length byte array
 *       step 1 (0):      the sender's state vector — "send me what I lack"
 *       step 2 (1):      an update holding what the receiver lacked (the answer to a step 1)
 *       update (2):      an incremental update
 *   awareness (1):       a varint-length awareness update (presence states)
 *   query awareness (3): no body — "send me everyone's presence"
 *   clock (100):         Riffboard's clock-sync ping/pong (shared/src/protocol/clockMessages.ts)
 *   parts (101):         one part of a step 2 or update too large for one message
 *                        (shared/src/protocol/updateParts.ts); joined by the connection
 * Handshake: on connect the server sends its step 1 and the current presence; the client answers
 * with its step 2 and sends its own step 1, which the server answers with a step 2. After that
 * both sides send updates.
 *
 * Decoding is strict: any varint that runs past the end or out of range, any length prefix longer
 * than what is left, any trailing byte, or any type/subtype the server does not accept raises a
 * {@link ProtocolError} naming the close code. Byte arrays are copied out of the frame so Yjs can
 * never read past the message into a shared buffer.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE, readClockBody, readPartsBody, type CloseName, type UpdatePart } from '@riffboard/shared';

export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { readonly type: 'syncStep1'; readonly stateVector: Uint8Array }
  | { readonly type: 'syncStep2'; readonly update: Uint8Array }
  | { readonly type: 'update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'queryAwareness' }
  /** A clock-sync ping carrying the client's send time (see shared clockMessages.ts). */
  | { readonly type: 'clockPing'; readonly t0: number }
  /** A byte range of a step 2 or update sent in parts (see shared updateParts.ts). */
  | { readonly type: 'updatePart'; readonly part: UpdatePart };

/** A message that breaks the protocol; the connection that sent it is closed with `close`. */
export class ProtocolError extends Error {
  constructor(
    readonly close: CloseName,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProtocolError';
  }
}

function readVarUint(d: decoding.Decoder): number {
  try {
    return decoding.readVarUint(d);
  } catch {
    throw new ProtocolError('malformedMessage', 'bad varint');
  }
}

function readBytes(d: decoding.Decoder): Uint8Array {
  const len = readVarUint(d);
  if (len > d.arr.length - d.pos)
    throw new ProtocolError('malformedMessage', `length prefix ${len} exceeds the ${d.arr.length - d.pos} bytes left`);
  const out = d.arr.slice(d.pos, d.pos + len);
  d.pos += len;
  return out;
}

function expectEnd(d: decoding.Decoder): void {
  if (d.pos !== d.arr.length) throw new ProtocolError('malformedMessage', `${d.arr.length - d.pos} trailing bytes`);
}

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const d = decoding.createDecoder(data);
  const type = readVarUint(d);
  let msg: ClientMessage;
  switch (type) {
    case MESSAGE.sync: {
      const sub = readVarUint(d);
      const body = readBytes(d);
      if (sub === SYNC.step1) msg = { type: 'syncStep1', stateVector: body };
      else if (sub === SYNC.step2) msg = { type: 'syncStep2', update: body };
      else if (sub === SYNC.update) msg = { type: 'update', update: body };
      else throw new ProtocolError('unknownMessageType', `unknown sync subtype ${sub}`);
      break;
    }
    case MESSAGE.awareness:
      msg = { type: 'awareness', update: readBytes(d) };
      break;
    case MESSAGE.queryAwareness:
      msg = { type: 'queryAwareness' };
      break;
    case MESSAGE.clock: {
      let body: ReturnType<typeof readClockBody>;
      try {
        body = readClockBody(d);
      } catch (err) {
        throw new ProtocolError('malformedMessage', err instanceof Error ? err.message : 'bad clock message');
      }
      if (body.kind !== 'ping') throw new ProtocolError('unknownMessageType', 'clients send clock pings only');
      msg = { type: 'clockPing', t0: body.t0 };
      break;
    }
    case MESSAGE.parts: {
      let body: ReturnType<typeof readPartsBody>;
      try {
        body = readPartsBody(d);
      } catch (err) {
        throw new ProtocolError('malformedMessage', err instanceof Error ? err.message : 'bad part');
      }
      if (body.sub !== 'part') throw new ProtocolError('unknownMessageType', 'clients send parts only');
      // A copy, as for every byte array: the frame's buffer may be reused.
      msg = { type: 'updatePart', part: { ...body, chunk: body.chunk.slice() } };
      break;
    }
    default:
      throw new ProtocolError('unknownMessageType', `unknown message type ${type}`);
  }
  expectEnd(d);
  return msg;
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/**
 * A message made of varint header fields and one length-prefixed payload, built with a single
 * allocation and copy: payloads can be whole documents of several megabytes.
 */
function withPayload(header: readonly number[], payload: Uint8Array): Uint8Array {
  const head = frame((e) => {
    for (const field of header) encoding.writeVarUint(e, field);
    encoding.writeVarUint(e, payload.byteLength);
  });
  const out = new Uint8Array(head.byteLength + payload.byteLength);
  out.set(head);
  out.set(payload, head.byteLength);
  return out;
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return withPayload([MESSAGE.sync, SYNC.step1], stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return withPayload([MESSAGE.sync, SYNC.step2], update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return withPayload([MESSAGE.sync, SYNC.update], update);
}

/** y-protocols' auth message "permission denied": the stock provider logs the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return withPayload([MESSAGE.awareness], update);
}
