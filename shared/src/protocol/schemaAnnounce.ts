/**
 * The server's answer to a client that announced its document schema (server SPEC S14, S17):
 *
 *   server → client  [schema, version]    the schema the server and its rooms are on
 *
 * Sent first on the connection, before any sync message, and only to a client that announced a
 * schema itself (a stock provider, which does not know the type, never receives one). Riffboard's
 * client sends no write (sync step 2 or update) before it has read this with its own version: a
 * server that never says it — one from before this rule — is treated as another release.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE } from './messageTypes.ts';

export function encodeSchemaAnnounce(version: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.schema);
  encoding.writeVarUint(e, version);
  return encoding.toUint8Array(e);
}

/** Reads the body of a schema message whose type varint was already read from `d`; throws on trailing bytes. */
export function readSchemaAnnounce(d: decoding.Decoder): number {
  const version = decoding.readVarUint(d);
  if (d.pos !== d.arr.length) throw new Error('schema message has trailing bytes');
  return version;
}

/** What a client on schema `ours` makes of the server's announce (`null`: the server sent none). */
export function schemaVerdict(announced: number | null, ours: number): 'current' | 'clientOutdated' | 'serverOutdated' {
  if (announced === ours) return 'current';
  return announced !== null && announced > ours ? 'clientOutdated' : 'serverOutdated';
}
