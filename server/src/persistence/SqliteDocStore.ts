/**
 * DocStore on SQLite through `libsql` (a better-sqlite3-compatible, synchronous driver).
 *
 * Why libsql: an embedded database needs no service; its API is better-sqlite3's (prepared
 * statements, real transactions) and its native binary ships as a registry package, so a fresh
 * machine installs it in seconds instead of compiling SQLite from source.
 * WAL with synchronous=NORMAL: a commit is durable against a process crash (kill -9) as soon as it
 * returns; only an OS crash or power loss can drop the last commits, which is the trade every
 * embedded store makes for write speed. Calls are synchronous, so "resolved" means "committed".
 * Document updates are committed to {@link UpdateJournal} (`riffboard.db.log`, one `write` per
 * commit, the same durability) and moved into the `updates` table in batches: at most
 * {@link JOURNAL_FLUSH_MS} later, once {@link JOURNAL_FLUSH_RECORDS} are waiting, before anything
 * reads or rewrites a room's log, and at close. Opening the store moves in whatever a killed
 * process left in the journal. Seqs are assigned here, from the highest ever stored, so they keep
 * increasing across compactions and restarts as AUTOINCREMENT made them.
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
import { UpdateJournal, type JournalRecord, type JournalRecovery } from './UpdateJournal.ts';

type Db = InstanceType<typeof Database>;

/** Bytes the WAL file is truncated to after a checkpoint. */
const WAL_SIZE_LIMIT = 4 * 1024 * 1024;

/** Longest an update waits in the journal before it is moved into the `updates` table. */
export const JOURNAL_FLUSH_MS = 200;
/** Updates waiting in the journal that make the move happen at once. */
export const JOURNAL_FLUSH_RECORDS = 1000;
/** Bytes waiting in the journal that make the move happen at once. */
const JOURNAL_FLUSH_BYTES = 8 * 1024 * 1024;

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

/**
 * One server process per data directory: a second one would give out the same seqs and empty the
 * first one's journal. The lock file holds the owner's PID and, on Linux, when that process
 * started: a lock whose process is gone (a crash) is taken over, also when its PID now belongs to
 * another process (a restarted container reuses low PIDs). Several stores of one process, as
 * tests open, share it.
 */
function claimDataDir(lockFile: string, dataDir: string): string {
  let held = '';
  try {
    held = fs.readFileSync(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const [pidText = '', started = ''] = held.trim().split(' ');
  const owner = Number(pidText);
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner) && (started === '' || startTime(owner) === started)) {
    throw new Error(
      `Another Riffboard server (process ${owner}) is using the data directory ${dataDir}. Stop it, or give this server its own DATA_DIR.`,
    );
  }
  fs.writeFileSync(lockFile, ownLock());
  return lockFile;
}

/** This process as the lock names it: "PID start-time" (start time where /proc tells it). */
function ownLock(): string {
  const started = startTime(process.pid);
  return started === '' ? String(process.pid) : `${process.pid} ${started}`;
}

/** When `pid` started, in clock ticks since boot (Linux), or '' where that can't be read. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces; start time is field 22 of the line.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseDataDir(lockFile: string): void {
  try {
    if (fs.readFileSync(lockFile, 'utf8') === ownLock()) fs.unlinkSync(lockFile);
  } catch {
    // Already gone.
  }
}

/** A Buffer over the same bytes, as the driver binds BLOBs. */
function toBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export class SqliteDocStore implements DocStore {
  private readonly db: Db;
  private readonly stmts;
  private readonly journal: UpdateJournal;
  private lockFile: string | null = null;
  /** Committed to the journal, not yet in the `updates` table. */
  private journaled: JournalRecord[] = [];
  private journaledBytes = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  /** The highest seq ever given to an update. */
  private topSeq: number;
  /** What opening found in the journal: whole records moved in, and bytes of a torn write ignored. */
  readonly journalRecovery: { readonly records: number; readonly ignoredBytes: number };
  /**
   * Transaction wrappers, built once: libsql's `db.transaction(fn)` defines four wrapper
   * functions and their properties on every call, which cost more than a small commit itself.
   */
  private readonly tx;

  /** Opens (creating if needed) `riffboard.db` in `dataDir`. */
  static open(dataDir: string): SqliteDocStore {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'riffboard.db');
    const lock = claimDataDir(`${file}.lock`, dataDir);
    const store = new SqliteDocStore(new Database(file), UpdateJournal.open(`${file}.log`));
    store.lockFile = lock;
    return store;
  }

  private constructor(db: Db, journal: UpdateJournal) {
    this.journal = journal;
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
      insertUpdate: db.prepare('INSERT INTO updates (seq, room_id, data) VALUES (?, ?, ?)'),
      moveInUpdate: db.prepare('INSERT OR IGNORE INTO updates (seq, room_id, data) VALUES (?, ?, ?)'),
      topSeq: db.prepare(
        `SELECT MAX(
           COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'updates'), 0),
           COALESCE((SELECT MAX(seq) FROM updates), 0),
           COALESCE((SELECT MAX(upto_seq) FROM snapshots), 0)) AS seq`,
      ),
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
        this.stmts.insertUpdate.run(this.topSeq + 1, room.id, toBuffer(initialUpdate));
        this.topSeq++;
        for (const a of assets) this.stmts.linkAsset.run(room.id, a.hash, a.kind, a.mime, a.size, a.createdAt);
      }),
      // OR IGNORE: a record moved in already (a crash between the move and emptying the journal)
      // is the same update under the same seq.
      moveIn: db.transaction((records: readonly JournalRecord[]) => {
        for (const r of records) this.stmts.moveInUpdate.run(r.seq, r.roomId, toBuffer(r.data));
      }),
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
          lastSeq: lastRow ? Number(lastRow.seq) : this.roomLastSeq(id),
        };
      }),
      lastSeqs: db.transaction((ids: readonly string[]) => new Map(ids.map((id) => [id, this.roomLastSeq(id)]))),
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
    const found = journal.recovered;
    this.recover(found);
    this.journalRecovery = { records: found.records.length, ignoredBytes: found.ignoredBytes };
    this.topSeq = Number((this.stmts.topSeq.get() as { seq: number }).seq);
  }

  /** Moves what a killed process left in the journal into the `updates` table (at open). */
  private recover(found: JournalRecovery): void {
    if (found.records.length > 0) this.tx.moveIn(found.records);
    // Also when nothing whole was found: a torn tail must not sit in front of the next records.
    this.journal.clear();
  }

  /**
   * Moves every journaled update into the `updates` table, then empties the journal. A failure
   * leaves both as they were (the journal still holds everything) and is thrown.
   */
  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.journaled.length === 0) return;
    this.tx.moveIn(this.journaled);
    this.journaled = [];
    this.journaledBytes = 0;
    this.journal.clear();
  }

  private readonly flushLater = (): void => {
    this.flushTimer = null;
    try {
      this.flush();
    } catch {
      // The journal still holds everything; the next read, commit or timer tries again.
      this.scheduleFlush(JOURNAL_FLUSH_MS);
    }
  };

  /** Moves the journal in after `ms`; a sooner move replaces a later one already planned. */
  private scheduleFlush(ms: number): void {
    if (this.flushTimer) {
      if (ms > 0) return;
      clearTimeout(this.flushTimer);
    }
    this.flushTimer = setTimeout(this.flushLater, ms);
    this.flushTimer.unref();
  }

  private roomLastSeq(id: string): number {
    const snapSeq = Number((this.stmts.snapshotSeq.get(id) as { upto_seq: number } | undefined)?.upto_seq ?? 0);
    return Math.max(snapSeq, Number((this.stmts.lastSeq.get(id) as { seq: number }).seq));
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
    this.flush();
    return this.tx.load(id);
  }

  async loadSince(id: string, afterSeq: number): Promise<StoredTail> {
    this.flush();
    return this.tx.loadSince(id, afterSeq);
  }

  async lastSeqs(ids: readonly string[]): Promise<Map<string, number>> {
    this.flush();
    return this.tx.lastSeqs(ids);
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<number> {
    return (await this.appendMany([{ roomId: id, updates }]))[0]!;
  }

  async appendMany(batches: readonly RoomUpdates[]): Promise<number[]> {
    return this.appendManyNow(batches);
  }

  /** Commits to the journal with one write (see the file comment); the table gets them later. */
  appendManyNow(batches: readonly RoomUpdates[]): number[] {
    const records: JournalRecord[] = [];
    const seqs: number[] = [];
    let seq = this.topSeq;
    let bytes = 0;
    for (const b of batches) {
      if (b.updates.length === 0) {
        this.flush();
        seqs.push(this.roomLastSeq(b.roomId));
        continue;
      }
      for (const data of b.updates) {
        records.push({ seq: ++seq, roomId: b.roomId, data });
        bytes += data.byteLength;
      }
      seqs.push(seq);
    }
    this.journal.append(records);
    this.topSeq = seq;
    for (const r of records) this.journaled.push(r);
    this.journaledBytes += bytes;
    if (this.journaled.length >= JOURNAL_FLUSH_RECORDS || this.journaledBytes >= JOURNAL_FLUSH_BYTES) this.scheduleFlush(0);
    else if (records.length > 0) this.scheduleFlush(JOURNAL_FLUSH_MS);
    return seqs;
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number, tag: string | null = null): Promise<void> {
    this.flush();
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
    if (!this.db.open) return;
    this.flush();
    this.db.close();
    this.journal.close();
    if (this.lockFile) releaseDataDir(this.lockFile);
  }
}
