/**
 * The clock exchange on the sync connection: NTP's four timestamps over one round trip.
 *
 *   client → server  [clock, ping, t0]            t0: client send time
 *   server → client  [clock, pong, t0, t1, t2]    t1: server receive time, t2: server send time
 * and the client notes t3 when the pong arrives. All times are float64 milliseconds on each side's
 * own clock. Pure encode/decode so the client, the server and tests share one implementation.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE } from './messageTypes.ts';

export const CLOCK = { ping: 0, pong: 1 } as const;

export interface ClockPong {
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
}

export function encodeClockPing(t0: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.clock);
  encoding.writeVarUint(e, CLOCK.ping);
  encoding.writeFloat64(e, t0);
  return encoding.toUint8Array(e);
}

export function encodeClockPong(p: ClockPong): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.clock);
  encoding.writeVarUint(e, CLOCK.pong);
  encoding.writeFloat64(e, p.t0);
  encoding.writeFloat64(e, p.t1);
  encoding.writeFloat64(e, p.t2);
  return encoding.toUint8Array(e);
}

const finite = (n: number): number => {
  if (!Number.isFinite(n)) throw new Error('clock time is not a finite number');
  return n;
};

/**
 * Reads the body of a clock message whose type varint was already read from `d`.
 * Throws on anything malformed (wrong subtype, short body, non-finite times, trailing bytes).
 */
export function readClockBody(
  d: decoding.Decoder,
): { readonly kind: 'ping'; readonly t0: number } | ({ readonly kind: 'pong' } & ClockPong) {
  const sub = decoding.readVarUint(d);
  const need = sub === CLOCK.ping ? 8 : sub === CLOCK.pong ? 24 : -1;
  if (need < 0) throw new Error(`unknown clock subtype ${sub}`);
  if (d.arr.length - d.pos !== need) throw new Error('clock message has the wrong length');
  if (sub === CLOCK.ping) return { kind: 'ping', t0: finite(decoding.readFloat64(d)) };
  return { kind: 'pong', t0: finite(decoding.readFloat64(d)), t1: finite(decoding.readFloat64(d)), t2: finite(decoding.readFloat64(d)) };
}
