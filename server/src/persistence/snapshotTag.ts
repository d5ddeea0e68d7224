/**
 * The tag the server stores with every snapshot it writes: which schema version the encoded
 * document was at, and a CRC-32 of the bytes.
 *
 * The server only writes snapshots of documents it has loaded (decoded, migrated) and encoded
 * itself, so a snapshot whose tag still holds — the bytes are unchanged and the schema is the
 * current one — is a whole, decodable, current document. Such a snapshot can be sent to a fresh
 * client as it is, before the document is built in memory (SPEC S12). Anything else (no tag,
 * bytes changed on disk, an older or newer schema, a log after the snapshot) goes the long way:
 * decode, check, migrate, then answer (S4, S6, S10).
 */
import { crc32 } from 'node:zlib';

const FORMAT = 'v1';

export function snapshotTag(bytes: Uint8Array, schemaVersion: number): string {
  return `${FORMAT};schema=${schemaVersion};crc32=${crc32(bytes)}`;
}

/** Whether `tag` was written for exactly these bytes, encoding a document at `schemaVersion`. */
export function snapshotTagHolds(tag: string | null, bytes: Uint8Array, schemaVersion: number): boolean {
  return tag !== null && tag === snapshotTag(bytes, schemaVersion);
}
