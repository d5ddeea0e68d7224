/**
 * DocStore on SQLite through `libsql` (a better-sqlite3-compatible, synchronous driver).
 *
 * Why libsql: an embedded database needs no service; its API is better-sqlite3's (prepared
 * statements, real transactions) and its native binary ships as a registry package, so a fresh
 * machine installs it in seconds instead of compiling SQLite from source.
 * WAL with synchronous=NORMAL: a commit is durable against a process crash (kill -9) as soon as it
 * returns; only an OS crash or power loss can drop the last commits, which is the trade every
 * embedded store makes for write speed. Calls are synchronous, so "resolved" means "committed".
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import type { DocStore, RoomRecord, StoredDoc } from './DocStore.ts';

type Db = InstanceType<typeof Database>;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS snapshots (room_id TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, data BLOB NOT NULL);
  CREATE INDEX IF NOT EXISTS updates_room_seq ON updates (room_id, seq);
`;

/** Blobs come back as Buffer or ArrayBuffer depending on the path; callers get plain Uint8Arrays. */
function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new TypeError('expected a BLOB column');
}

export class SqliteDocStore implements DocStore {
  private readonly db: Db;
  private readonly stmts;

  /** Opens (creating if needed) `riffboard.db` in `dataDir`. */
  static open(dataDir: string): SqliteDocStore {
    fs.mkdirSync(dataDir, { recursive: true });
    return new SqliteDocStore(new Database(path.join(dataDir, 'riffboard.db')));
  }

  private constructor(db: Db) {
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.stmts = {
      insertRoom: db.prepare('INSERT INTO rooms (id, created_at) VALUES (?, ?)'),
      getRoom: db.prepare('SELECT id, created_at FROM rooms WHERE id = ?'),
      getSnapshot: db.prepare('SELECT data FROM snapshots WHERE room_id = ?'),
      getUpdates: db.prepare('SELECT seq, data FROM updates WHERE room_id = ? ORDER BY seq'),
      insertUpdate: db.prepare('INSERT INTO updates (room_id, data) VALUES (?, ?)'),
      upsertSnapshot: db.prepare(
        'INSERT INTO snapshots (room_id, data, upto_seq) VALUES (?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM updates WHERE room_id = ? AND seq <= ?'),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE room_id = ?'),
      snapshotSeq: db.prepare('SELECT upto_seq FROM snapshots WHERE room_id = ?'),
    };
  }

  private readonly appendTx = (id: string, updates: readonly Uint8Array[]): number => {
    let last = 0;
    for (const u of updates) last = Number(this.stmts.insertUpdate.run(id, Buffer.from(u.buffer, u.byteOffset, u.byteLength)).lastInsertRowid);
    return last;
  };

  async createRoom(room: RoomRecord, initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertRoom.run(room.id, room.createdAt);
      this.appendTx(room.id, [initialUpdate]);
    })();
  }

  async getRoom(id: string): Promise<RoomRecord | undefined> {
    const row = this.stmts.getRoom.get(id) as { id: string; created_at: number } | undefined;
    return row ? { id: row.id, createdAt: Number(row.created_at) } : undefined;
  }

  async load(id: string): Promise<StoredDoc> {
    return this.db.transaction((): StoredDoc => {
      const snap = this.stmts.getSnapshot.get(id) as { data: unknown } | undefined;
      const rows = this.stmts.getUpdates.all(id) as Array<{ seq: number; data: unknown }>;
      const snapSeq = (this.stmts.snapshotSeq.get(id) as { upto_seq: number } | undefined)?.upto_seq ?? 0;
      const lastRow = rows[rows.length - 1];
      return {
        snapshot: snap ? toBytes(snap.data) : null,
        updates: rows.map((r) => toBytes(r.data)),
        lastSeq: lastRow ? Number(lastRow.seq) : Number(snapSeq),
      };
    })();
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return Number((this.stmts.lastSeq.get(id) as { seq: number }).seq);
    return this.db.transaction(this.appendTx)(id, updates);
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    this.db.transaction(() => {
      this.stmts.upsertSnapshot.run(id, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), uptoSeq);
      this.stmts.deleteUpdatesUpTo.run(id, uptoSeq);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
