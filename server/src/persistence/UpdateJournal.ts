/**
 * The embedded store's commit log: a file of document updates appended with one `write` per commit,
 * moved into SQLite in batches (see SqliteDocStore).
 *
 * Why: a SQLite commit of one small update costs about ten system calls (WAL frames, shared-memory
 * locks) and measured ~90 µs of CPU in the running server, once per update at the rates a band
 * produces; one `write` costs one. Durability is the same as SQLite's WAL with
 * `synchronous=NORMAL`: once `write` returns the update is in the operating system's page cache,
 * which survives the process being killed (kill -9, a crash); only an OS crash or power loss can
 * drop the last ones. The write-ahead rule (server SPEC S2) therefore holds: `append` returns
 * before anything reflecting the update is sent.
 *
 * Format, per record, little-endian: u32 length of the rest, f64 seq, u16 room id length, the room
 * id (UTF-8), the update. Records are read back in order until the first one that is cut short or
 * out of order — only a torn write at an OS crash leaves one, and such a tail was never committed.
 */
import fs from 'node:fs';

export interface JournalRecord {
  readonly seq: number;
  readonly roomId: string;
  readonly data: Uint8Array;
}

/** What reading the journal at open found. */
export interface JournalRecovery {
  readonly records: readonly JournalRecord[];
  /** Bytes after the last whole record (a torn write), ignored. */
  readonly ignoredBytes: number;
}

const HEADER = 4 + 8 + 2;
/** Room ids are short; anything longer is not a record this code wrote. */
const MAX_ROOM_ID_BYTES = 256;

export function encodeRecords(records: readonly JournalRecord[]): Buffer {
  const ids = records.map((r) => Buffer.from(r.roomId, 'utf8'));
  let total = 0;
  for (let i = 0; i < records.length; i++) total += HEADER + ids[i]!.byteLength + records[i]!.data.byteLength;
  const buf = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const id = ids[i]!;
    buf.writeUInt32LE(8 + 2 + id.byteLength + r.data.byteLength, at);
    buf.writeDoubleLE(r.seq, at + 4);
    buf.writeUInt16LE(id.byteLength, at + 12);
    id.copy(buf, at + HEADER);
    buf.set(r.data, at + HEADER + id.byteLength);
    at += HEADER + id.byteLength + r.data.byteLength;
  }
  return buf;
}

/** Every whole record in `bytes`, in order, and how many bytes after them were not one. */
export function decodeRecords(bytes: Buffer): JournalRecovery {
  const records: JournalRecord[] = [];
  let at = 0;
  let lastSeq = 0;
  while (at + HEADER <= bytes.byteLength) {
    const rest = bytes.readUInt32LE(at);
    const seq = bytes.readDoubleLE(at + 4);
    const idLength = bytes.readUInt16LE(at + 12);
    const end = at + 4 + rest;
    if (rest < 10 + idLength || end > bytes.byteLength || idLength === 0 || idLength > MAX_ROOM_ID_BYTES) break;
    if (!Number.isSafeInteger(seq) || seq <= lastSeq) break;
    const roomId = bytes.toString('utf8', at + HEADER, at + HEADER + idLength);
    // A copy: the records outlive the file's buffer only as long as recovery, but a view would pin it.
    const data = new Uint8Array(bytes.subarray(at + HEADER + idLength, end));
    records.push({ seq, roomId, data });
    lastSeq = seq;
    at = end;
  }
  return { records, ignoredBytes: bytes.byteLength - at };
}

export class UpdateJournal {
  private size: number;

  private constructor(
    private readonly fd: number,
    readonly recovered: JournalRecovery,
  ) {
    this.size = fs.fstatSync(fd).size;
  }

  /** Opens (creating if needed) the journal at `file` and reads what it holds. */
  static open(file: string): UpdateJournal {
    const existing = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    // Append mode: every write lands at the end, also after `clear` truncated the file.
    const fd = fs.openSync(file, 'a');
    return new UpdateJournal(fd, decodeRecords(existing));
  }

  /** Whether nothing has been appended since the last {@link clear}. */
  get isEmpty(): boolean {
    return this.size === 0;
  }

  /**
   * Appends the records with one write; returns once the operating system has them. On failure
   * (disk full) the file is cut back to where it was, so a half-written record never sits in front
   * of later ones, and the error is thrown.
   */
  append(records: readonly JournalRecord[]): void {
    if (records.length === 0) return;
    const buf = encodeRecords(records);
    try {
      let written = 0;
      while (written < buf.byteLength) written += fs.writeSync(this.fd, buf, written, buf.byteLength - written);
    } catch (err) {
      fs.ftruncateSync(this.fd, this.size);
      throw err;
    }
    this.size += buf.byteLength;
  }

  /** Empties the journal: everything in it is stored elsewhere now. */
  clear(): void {
    if (this.size === 0) return;
    fs.ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
