/**
 * DocStore on SQLite through `libsql` (a better-sqlite3-compatible, synchronous driver).
 *
 * Why libsql: an embedded database needs no service; its API is better-sqlite3's (prepared
 * statements, real transactions) and its native binary ships as a registry package, so a fresh
 * machine installs it in seconds instead of compiling SQLite from source.
 * WAL with synchronous=NORMAL: a commit is durable against a process crash (kill -9) as soon as it
 * returns; only an OS crash or power loss can drop the last commits, which is the trade every
 * embedded store makes for write speed. Calls are synchronous, so "resolved" means "committed".
 * Disk: compaction rewrites a room's snapshot, so after each one the WAL is checkpointed and
 * truncated and freed pages are returned (incremental auto-vacuum); otherwise the WAL and free
 * pages would hold several stale copies of every large room.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import type { RotatableRole } from '@riffboard/shared';
import { parseDots, type CastResult, type Dots } from './BallotStore.ts';
import { versionFromRow, type NewVersion, type StoredVersion, type VersionRow } from './VersionStore.ts';
import type { VersionSummary } from '@riffboard/shared';
import type { AssetRecord, DocStore, NewRoom, RoomRecord, RoomUpdates, StoredDoc, StoredTail } from './DocStore.ts';

type Db = InstanceType<typeof Database>;

/** Bytes the WAL file is truncated to after a checkpoint. */
const WAL_SIZE_LIMIT = 4 * 1024 * 1024;

/** Schema steps, applied in order; `PRAGMA user_version` records how many have run. */
const MIGRATIONS = [
  `CREATE TABLE rooms (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
   CREATE TABLE snapshots (room_id TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
   CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, data BLOB NOT NULL);
   CREATE INDEX updates_room_seq ON updates (room_id, seq);`,
  `ALTER TABLE rooms ADD COLUMN editor_gen INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE rooms ADD COLUMN viewer_gen INTEGER NOT NULL DEFAULT 1;`,
  `CREATE TABLE room_assets (
     room_id TEXT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL, mime TEXT NOT NULL,
     size INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (room_id, hash));`,
  `ALTER TABLE snapshots ADD COLUMN tag TEXT;`,
  `CREATE TABLE ballots (
     room_id TEXT NOT NULL, vote_id TEXT NOT NULL, ballot_key TEXT NOT NULL, dots TEXT NOT NULL,
     PRIMARY KEY (room_id, vote_id, ballot_key));
   CREATE TABLE ballot_revs (room_id TEXT PRIMARY KEY, rev INTEGER NOT NULL);`,
  `CREATE TABLE versions (
     n INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
     kind TEXT NOT NULL, author_name TEXT NOT NULL, author_id TEXT, created_at INTEGER NOT NULL,
     bytes INTEGER NOT NULL, snapshot BLOB NOT NULL, UNIQUE (room_id, id));
   CREATE INDEX versions_room_created ON versions (room_id, created_at);`,
];

function userVersion(db: Db): number {
  // libsql ignores better-sqlite3's `simple` option, so read the row.
  const rows = db.prepare('PRAGMA user_version').all() as Array<{ user_version: number }>;
  return Number(rows[0]?.user_version ?? 0);
}

function migrate(db: Db): void {
  const version = userVersion(db);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Blobs come back as Buffer or ArrayBuffer depending on the path; callers get plain Uint8Arrays. */
function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new TypeError('expected a BLOB column');
}

export class SqliteDocStore implements DocStore {
  private readonly db: Db;
  private readonly stmts;
  /**
   * Transaction wrappers, built once: libsql's `db.transaction(fn)` defines four wrapper
   * functions and their properties on every call, which cost more than a small commit itself.
   */
  private readonly tx;

  /** Opens (creating if needed) `riffboard.db` in `dataDir`. */
  static open(dataDir: string): SqliteDocStore {
    fs.mkdirSync(dataDir, { recursive: true });
    return new SqliteDocStore(new Database(path.join(dataDir, 'riffboard.db')));
  }

  private constructor(db: Db) {
    this.db = db;
    // auto_vacuum only takes effect on a database with no tables yet, outside any transaction,
    // and before WAL mode is switched on.
    if (userVersion(db) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    migrate(db);
    this.stmts = {
      insertRoom: db.prepare('INSERT INTO rooms (id, created_at) VALUES (?, ?)'),
      getRoom: db.prepare('SELECT id, created_at, editor_gen, viewer_gen FROM rooms WHERE id = ?'),
      linkAsset: db.prepare('INSERT OR IGNORE INTO room_assets (room_id, hash, kind, mime, size, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getAsset: db.prepare('SELECT hash, kind, mime, size, created_at FROM room_assets WHERE room_id = ? AND hash = ?'),
      bumpEditor: db.prepare('UPDATE rooms SET editor_gen = editor_gen + 1 WHERE id = ? RETURNING editor_gen AS gen'),
      bumpViewer: db.prepare('UPDATE rooms SET viewer_gen = viewer_gen + 1 WHERE id = ? RETURNING viewer_gen AS gen'),
      getSnapshot: db.prepare('SELECT data, tag FROM snapshots WHERE room_id = ?'),
      getUpdates: db.prepare('SELECT seq, data FROM updates WHERE room_id = ? ORDER BY seq'),
      getUpdatesAfter: db.prepare('SELECT seq, data FROM updates WHERE room_id = ? AND seq > ? ORDER BY seq'),
      insertUpdate: db.prepare('INSERT INTO updates (room_id, data) VALUES (?, ?)'),
      upsertSnapshot: db.prepare(
        'INSERT INTO snapshots (room_id, data, upto_seq, tag) VALUES (?, ?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, tag = excluded.tag',
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM updates WHERE room_id = ? AND seq <= ?'),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE room_id = ?'),
      snapshotSeq: db.prepare('SELECT upto_seq FROM snapshots WHERE room_id = ?'),
      bumpBallotRev: db.prepare(
        'INSERT INTO ballot_revs (room_id, rev) VALUES (?, 1) ON CONFLICT(room_id) DO UPDATE SET rev = rev + 1 RETURNING rev',
      ),
      dropOtherVotes: db.prepare('DELETE FROM ballots WHERE room_id = ? AND vote_id <> ?'),
      upsertBallot: db.prepare(
        'INSERT INTO ballots (room_id, vote_id, ballot_key, dots) VALUES (?, ?, ?, ?) ON CONFLICT(room_id, vote_id, ballot_key) DO UPDATE SET dots = excluded.dots',
      ),
      deleteBallot: db.prepare('DELETE FROM ballots WHERE room_id = ? AND vote_id = ? AND ballot_key = ?'),
      countBallots: db.prepare('SELECT COUNT(*) AS n FROM ballots WHERE room_id = ? AND vote_id = ?'),
      getBallot: db.prepare('SELECT dots FROM ballots WHERE room_id = ? AND vote_id = ? AND ballot_key = ?'),
      voteBallots: db.prepare('SELECT dots FROM ballots WHERE room_id = ? AND vote_id = ?'),
      dropBallots: db.prepare('DELETE FROM ballots WHERE room_id = ?'),
      insertVersion: db.prepare(
        'INSERT INTO versions (room_id, id, name, kind, author_name, author_id, created_at, bytes, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      pruneAutomatic: db.prepare(
        `DELETE FROM versions WHERE room_id = ? AND kind <> 'named' AND n NOT IN (
           SELECT n FROM versions WHERE room_id = ? AND kind <> 'named' ORDER BY created_at DESC, n DESC LIMIT ?)`,
      ),
      listVersions: db.prepare(
        'SELECT id, name, kind, author_name, author_id, created_at, bytes FROM versions WHERE room_id = ? ORDER BY created_at DESC, n DESC',
      ),
      getVersion: db.prepare(
        'SELECT id, name, kind, author_name, author_id, created_at, bytes, snapshot FROM versions WHERE room_id = ? AND id = ?',
      ),
      countNamed: db.prepare("SELECT COUNT(*) AS n FROM versions WHERE room_id = ? AND kind = 'named'"),
    };
    this.tx = {
      createRoom: db.transaction((room: NewRoom, initialUpdate: Uint8Array, assets: readonly AssetRecord[]) => {
        this.stmts.insertRoom.run(room.id, room.createdAt);
        this.insertUpdates(room.id, [initialUpdate]);
        for (const a of assets) this.stmts.linkAsset.run(room.id, a.hash, a.kind, a.mime, a.size, a.createdAt);
      }),
      appendMany: db.transaction((batches: readonly RoomUpdates[]) => batches.map((b) => this.insertUpdates(b.roomId, b.updates))),
      load: db.transaction((id: string): StoredDoc => {
        const snap = this.stmts.getSnapshot.get(id) as { data: unknown; tag: string | null } | undefined;
        const rows = this.stmts.getUpdates.all(id) as Array<{ seq: number; data: unknown }>;
        const snapSeq = (this.stmts.snapshotSeq.get(id) as { upto_seq: number } | undefined)?.upto_seq ?? 0;
        const lastRow = rows[rows.length - 1];
        return {
          snapshot: snap ? toBytes(snap.data) : null,
          snapshotTag: snap?.tag ?? null,
          updates: rows.map((r) => toBytes(r.data)),
          lastSeq: lastRow ? Number(lastRow.seq) : Number(snapSeq),
        };
      }),
      loadSince: db.transaction((id: string, afterSeq: number): StoredTail => {
        const snapSeq = Number((this.stmts.snapshotSeq.get(id) as { upto_seq: number } | undefined)?.upto_seq ?? 0);
        const snap = snapSeq > afterSeq ? (this.stmts.getSnapshot.get(id) as { data: unknown } | undefined) : undefined;
        const rows = this.stmts.getUpdatesAfter.all(id, afterSeq) as Array<{ seq: number; data: unknown }>;
        const lastRow = rows[rows.length - 1];
        return {
          snapshot: snap ? toBytes(snap.data) : null,
          updates: rows.map((r) => ({ seq: Number(r.seq), data: toBytes(r.data) })),
          lastSeq: lastRow ? Number(lastRow.seq) : Math.max(snapSeq, Number((this.stmts.lastSeq.get(id) as { seq: number }).seq)),
        };
      }),
      lastSeqs: db.transaction(
        (ids: readonly string[]) =>
          new Map(
            ids.map((id) => {
              const snapSeq = Number((this.stmts.snapshotSeq.get(id) as { upto_seq: number } | undefined)?.upto_seq ?? 0);
              return [id, Math.max(snapSeq, Number((this.stmts.lastSeq.get(id) as { seq: number }).seq))];
            }),
          ),
      ),
      castBallot: db.transaction((roomId: string, voteId: string, key: string, dots: Dots): CastResult => {
        const rev = Number((this.stmts.bumpBallotRev.get(roomId) as { rev: number }).rev);
        this.stmts.dropOtherVotes.run(roomId, voteId);
        if (Object.keys(dots).length === 0) this.stmts.deleteBallot.run(roomId, voteId, key);
        else this.stmts.upsertBallot.run(roomId, voteId, key, JSON.stringify(dots));
        return { voters: Number((this.stmts.countBallots.get(roomId, voteId) as { n: number }).n), rev };
      }),
      takeBallots: db.transaction((roomId: string, voteId: string): Dots[] => {
        this.stmts.bumpBallotRev.get(roomId);
        const rows = this.stmts.voteBallots.all(roomId, voteId) as Array<{ dots: string }>;
        this.stmts.dropBallots.run(roomId);
        return rows.map((r) => parseDots(r.dots));
      }),
      dropBallots: db.transaction((roomId: string) => {
        this.stmts.bumpBallotRev.get(roomId);
        this.stmts.dropBallots.run(roomId);
      }),
      addVersion: db.transaction((roomId: string, v: NewVersion, keepAutomatic: number) => {
        const snap = Buffer.from(v.snapshot.buffer, v.snapshot.byteOffset, v.snapshot.byteLength);
        this.stmts.insertVersion.run(roomId, v.id, v.name, v.kind, v.author.name, v.author.personId, v.createdAt, v.bytes, snap);
        if (v.kind !== 'named') this.stmts.pruneAutomatic.run(roomId, roomId, keepAutomatic);
      }),
      compact: db.transaction((id: string, snapshot: Uint8Array, uptoSeq: number, tag: string | null) => {
        this.stmts.upsertSnapshot.run(id, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), uptoSeq, tag);
        this.stmts.deleteUpdatesUpTo.run(id, uptoSeq);
      }),
    };
  }

  /** Inserts one room's updates (inside a transaction); returns the last seq, or the room's last seq if none. */
  private insertUpdates(id: string, updates: readonly Uint8Array[]): number {
    if (updates.length === 0) return Number((this.stmts.lastSeq.get(id) as { seq: number }).seq);
    let last = 0;
    for (const u of updates)
      last = Number(this.stmts.insertUpdate.run(id, Buffer.from(u.buffer, u.byteOffset, u.byteLength)).lastInsertRowid);
    return last;
  }

  async createRoom(room: NewRoom, initialUpdate: Uint8Array, assets: readonly AssetRecord[] = []): Promise<void> {
    this.tx.createRoom(room, initialUpdate, assets);
  }

  async getRoom(id: string): Promise<RoomRecord | undefined> {
    const row = this.stmts.getRoom.get(id) as { id: string; created_at: number; editor_gen: number; viewer_gen: number } | undefined;
    return row
      ? {
          id: row.id,
          createdAt: Number(row.created_at),
          linkGenerations: { editor: Number(row.editor_gen), viewer: Number(row.viewer_gen) },
        }
      : undefined;
  }

  async load(id: string): Promise<StoredDoc> {
    return this.tx.load(id);
  }

  async loadSince(id: string, afterSeq: number): Promise<StoredTail> {
    return this.tx.loadSince(id, afterSeq);
  }

  async lastSeqs(ids: readonly string[]): Promise<Map<string, number>> {
    return this.tx.lastSeqs(ids);
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return this.insertUpdates(id, updates);
    return (await this.appendMany([{ roomId: id, updates }]))[0]!;
  }

  async appendMany(batches: readonly RoomUpdates[]): Promise<number[]> {
    // The common case under load, one update in one room, is a single statement: SQLite runs it
    // as its own transaction, which spares the BEGIN and COMMIT round trips through the driver.
    const only = batches.length === 1 ? batches[0]! : null;
    if (only?.updates.length === 1) return [this.insertUpdates(only.roomId, only.updates)];
    return this.tx.appendMany(batches);
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number, tag: string | null = null): Promise<void> {
    this.tx.compact(id, snapshot, uptoSeq, tag);
    this.db.exec('PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);');
  }

  async linkAsset(roomId: string, a: AssetRecord): Promise<boolean> {
    return this.stmts.linkAsset.run(roomId, a.hash, a.kind, a.mime, a.size, a.createdAt).changes > 0;
  }

  async getAsset(roomId: string, hash: string): Promise<AssetRecord | undefined> {
    const row = this.stmts.getAsset.get(roomId, hash) as
      { hash: string; kind: string; mime: string; size: number; created_at: number } | undefined;
    if (!row || (row.kind !== 'image' && row.kind !== 'audio')) return undefined;
    return { hash: row.hash, kind: row.kind, mime: row.mime, size: Number(row.size), createdAt: Number(row.created_at) };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async rotateLink(id: string, role: RotatableRole): Promise<number> {
    const row = (role === 'editor' ? this.stmts.bumpEditor : this.stmts.bumpViewer).get(id) as { gen: number } | undefined;
    if (!row) throw new Error(`no room ${id}`);
    return Number(row.gen);
  }

  async castBallot(roomId: string, voteId: string, ballotKey: string, dots: Dots): Promise<CastResult> {
    return this.tx.castBallot(roomId, voteId, ballotKey, dots);
  }

  async getBallot(roomId: string, voteId: string, ballotKey: string): Promise<Dots | undefined> {
    const row = this.stmts.getBallot.get(roomId, voteId, ballotKey) as { dots: string } | undefined;
    return row ? parseDots(row.dots) : undefined;
  }

  async takeBallots(roomId: string, voteId: string): Promise<Dots[]> {
    return this.tx.takeBallots(roomId, voteId);
  }

  async dropBallots(roomId: string): Promise<void> {
    this.tx.dropBallots(roomId);
  }

  async addVersion(roomId: string, version: NewVersion, keepAutomatic: number): Promise<void> {
    this.tx.addVersion(roomId, version, keepAutomatic);
  }

  async listVersions(roomId: string): Promise<VersionSummary[]> {
    return (this.stmts.listVersions.all(roomId) as VersionRow[]).map(versionFromRow);
  }

  async getVersion(roomId: string, versionId: string): Promise<StoredVersion | undefined> {
    const row = this.stmts.getVersion.get(roomId, versionId) as (VersionRow & { snapshot: unknown }) | undefined;
    return row ? { ...versionFromRow(row), snapshot: toBytes(row.snapshot) } : undefined;
  }

  async countNamed(roomId: string): Promise<number> {
    return Number((this.stmts.countNamed.get(roomId) as { n: number }).n);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
