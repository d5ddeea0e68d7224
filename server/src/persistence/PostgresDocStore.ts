/**
 * DocStore on PostgreSQL through `pg` (node-postgres), for several server instances sharing rooms.
 *
 * Why `pg`: it is the most used and longest maintained PostgreSQL driver for Node, pure
 * JavaScript (no native build), with a connection pool, explicit transactions on one client,
 * and bytea as Buffers both ways, which is all this adapter needs.
 *
 * Sequence numbers are per room and gap-free: `room_seqs` holds each room's last seq, and an
 * append bumps it with an upsert that row-locks it until the transaction ends. So appends to one
 * room from any number of instances are serialised, a room's seqs become visible in order with no
 * holes, and an instance that has seen seq n of a room can fetch exactly what it misses with
 * `seq > n` (what cross-instance catch-up relies on). Multi-room commits lock rooms in id order,
 * so two instances committing the same rooms never deadlock.
 * Durability: a commit returns after PostgreSQL has flushed its WAL (synchronous_commit on, the
 * server default), so "resolved" means "committed" as with the SQLite adapter.
 * Migrations run under an advisory lock, so instances starting together migrate once.
 */
import pg from 'pg';
import type { RotatableRole } from '@riffboard/shared';
import { parseDots, type CastResult, type Dots } from './BallotStore.ts';
import { versionFromRow, type NewVersion, type StoredVersion, type VersionRow } from './VersionStore.ts';
import type { VersionSummary } from '@riffboard/shared';
import type { AssetRecord, DocStore, NewRoom, RoomRecord, RoomUpdates, StoredDoc, StoredTail } from './DocStore.ts';

/** Schema steps, applied in order; `riffboard_schema.version` records how many have run. */
const MIGRATIONS = [
  `CREATE TABLE rooms (
     id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,
     editor_gen INTEGER NOT NULL DEFAULT 1, viewer_gen INTEGER NOT NULL DEFAULT 1);
   CREATE TABLE room_seqs (room_id TEXT PRIMARY KEY, last_seq BIGINT NOT NULL);
   CREATE TABLE updates (room_id TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (room_id, seq));
   CREATE TABLE snapshots (room_id TEXT PRIMARY KEY, data BYTEA NOT NULL, upto_seq BIGINT NOT NULL, tag TEXT);
   CREATE TABLE room_assets (
     room_id TEXT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL, mime TEXT NOT NULL,
     size BIGINT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (room_id, hash));`,
  `CREATE TABLE ballots (
     room_id TEXT NOT NULL, vote_id TEXT NOT NULL, ballot_key TEXT NOT NULL, dots JSONB NOT NULL,
     PRIMARY KEY (room_id, vote_id, ballot_key));
   CREATE TABLE ballot_revs (room_id TEXT PRIMARY KEY, rev BIGINT NOT NULL);`,
  `CREATE TABLE versions (
     n BIGSERIAL PRIMARY KEY, room_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
     kind TEXT NOT NULL, author_name TEXT NOT NULL, author_id TEXT, created_at BIGINT NOT NULL,
     bytes BIGINT NOT NULL, snapshot BYTEA NOT NULL, UNIQUE (room_id, id));
   CREATE INDEX versions_room_created ON versions (room_id, created_at);`,
];

/** Advisory lock keys, the same in every instance: migrations, and compaction (with the room's hash). */
const MIGRATION_LOCK = 0x52494646; // "RIFF"
const COMPACTION_LOCK = 0x434f4d50; // "COMP"

/**
 * Appends one room's updates: bumps its seq counter by their count (row-locking it) and inserts
 * them with the seqs just reserved. Returns the room's last seq.
 */
const APPEND = `
  WITH s AS (
    INSERT INTO room_seqs (room_id, last_seq) VALUES ($1, $2)
    ON CONFLICT (room_id) DO UPDATE SET last_seq = room_seqs.last_seq + $2
    RETURNING last_seq),
  ins AS (
    INSERT INTO updates (room_id, seq, data)
    SELECT $1, s.last_seq - $2 + t.ord, t.data FROM s, unnest($3::bytea[]) WITH ORDINALITY AS t(data, ord))
  SELECT last_seq FROM s`;

/**
 * Bumps a room's ballot rev, row-locking it until the transaction ends: every ballot write to the
 * room starts with it, so they are serialised across instances, and the statements after it (in
 * READ COMMITTED, each with a fresh snapshot) see every ballot write with a lower rev.
 */
const BUMP_BALLOT_REV = `
  INSERT INTO ballot_revs (room_id, rev) VALUES ($1, 1)
  ON CONFLICT (room_id) DO UPDATE SET rev = ballot_revs.rev + 1
  RETURNING rev`;

const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

type Queryable = Pick<pg.PoolClient, 'query'>;

export class PostgresDocStore implements DocStore {
  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connects to `url` and brings the schema up to date. `onError` hears about errors of idle
   * pooled connections (a restarted server), which would otherwise crash the process.
   */
  static async open(url: string, opts: { onError?: (err: Error) => void; max?: number } = {}): Promise<PostgresDocStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
    pool.on('error', (err) => opts.onError?.(err));
    try {
      await PostgresDocStore.migrate(pool);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresDocStore(pool);
  }

  private static async migrate(pool: pg.Pool): Promise<void> {
    await PostgresDocStore.inTransaction(pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS riffboard_schema (version INTEGER NOT NULL)');
      const rows = (await c.query<{ version: number }>('SELECT version FROM riffboard_schema')).rows;
      if (rows.length === 0) await c.query('INSERT INTO riffboard_schema (version) VALUES (0)');
      for (let v = rows[0]?.version ?? 0; v < MIGRATIONS.length; v++) {
        await c.query(MIGRATIONS[v]!);
        await c.query('UPDATE riffboard_schema SET version = $1', [v + 1]);
      }
    });
  }

  private static async inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A connection that failed mid-transaction may be broken: release it to be discarded.
      await client.query('ROLLBACK').catch(() => {});
      client.release(err instanceof Error ? err : true);
      throw err;
    }
  }

  private static async appendOne(c: Queryable, roomId: string, updates: readonly Uint8Array[]): Promise<number> {
    const rows = (await c.query<{ last_seq: string }>(APPEND, [roomId, updates.length, updates.map((u) => (u ? toBuffer(u) : u))])).rows;
    return Number(rows[0]!.last_seq);
  }

  private async lastSeq(c: Queryable, id: string): Promise<number> {
    const rows = (await c.query<{ last_seq: string }>('SELECT last_seq FROM room_seqs WHERE room_id = $1', [id])).rows;
    return Number(rows[0]?.last_seq ?? 0);
  }

  async createRoom(room: NewRoom, initialUpdate: Uint8Array, assets: readonly AssetRecord[] = []): Promise<void> {
    await PostgresDocStore.inTransaction(this.pool, async (c) => {
      await c.query('INSERT INTO rooms (id, created_at) VALUES ($1, $2)', [room.id, room.createdAt]);
      await PostgresDocStore.appendOne(c, room.id, [initialUpdate]);
      for (const a of assets) {
        await c.query(
          `INSERT INTO room_assets (room_id, hash, kind, mime, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING`,
          [room.id, a.hash, a.kind, a.mime, a.size, a.createdAt],
        );
      }
    });
  }

  async getRoom(id: string): Promise<RoomRecord | undefined> {
    const rows = (
      await this.pool.query<{ id: string; created_at: string; editor_gen: number; viewer_gen: number }>(
        'SELECT id, created_at, editor_gen, viewer_gen FROM rooms WHERE id = $1',
        [id],
      )
    ).rows;
    const row = rows[0];
    return row
      ? { id: row.id, createdAt: Number(row.created_at), linkGenerations: { editor: row.editor_gen, viewer: row.viewer_gen } }
      : undefined;
  }

  async load(id: string): Promise<StoredDoc> {
    // One snapshot of the database for all three reads, so the log and lastSeq agree.
    return PostgresDocStore.inTransaction(
      this.pool,
      async (c) => {
        const snap = (await c.query<{ data: Buffer; tag: string | null }>('SELECT data, tag FROM snapshots WHERE room_id = $1', [id]))
          .rows[0];
        const log = (await c.query<{ data: Buffer }>('SELECT data FROM updates WHERE room_id = $1 ORDER BY seq', [id])).rows;
        return {
          snapshot: snap ? toBytes(snap.data) : null,
          snapshotTag: snap?.tag ?? null,
          updates: log.map((r) => toBytes(r.data)),
          lastSeq: await this.lastSeq(c, id),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async loadSince(id: string, afterSeq: number): Promise<StoredTail> {
    return PostgresDocStore.inTransaction(
      this.pool,
      async (c) => {
        const snap = (await c.query<{ data: Buffer }>('SELECT data FROM snapshots WHERE room_id = $1 AND upto_seq > $2', [id, afterSeq]))
          .rows[0];
        const log = (
          await c.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE room_id = $1 AND seq > $2 ORDER BY seq', [
            id,
            afterSeq,
          ])
        ).rows;
        return {
          snapshot: snap ? toBytes(snap.data) : null,
          updates: log.map((r) => ({ seq: Number(r.seq), data: toBytes(r.data) })),
          lastSeq: await this.lastSeq(c, id),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async lastSeqs(ids: readonly string[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>(ids.map((id) => [id, 0]));
    if (ids.length === 0) return seqs;
    const rows = (
      await this.pool.query<{ room_id: string; last_seq: string }>(
        'SELECT room_id, last_seq FROM room_seqs WHERE room_id = ANY($1::text[])',
        [[...ids]],
      )
    ).rows;
    for (const r of rows) seqs.set(r.room_id, Number(r.last_seq));
    return seqs;
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return this.lastSeq(this.pool, id);
    return PostgresDocStore.appendOne(this.pool, id, updates);
  }

  async appendMany(batches: readonly RoomUpdates[]): Promise<number[]> {
    // One room is one statement, which PostgreSQL commits on its own: no BEGIN/COMMIT round trips.
    if (batches.length === 1 && batches[0]!.updates.length > 0)
      return [await PostgresDocStore.appendOne(this.pool, batches[0]!.roomId, batches[0]!.updates)];
    const order = batches.map((_, i) => i).sort((a, b) => (batches[a]!.roomId < batches[b]!.roomId ? -1 : 1));
    return PostgresDocStore.inTransaction(this.pool, async (c) => {
      const seqs = new Array<number>(batches.length);
      for (const i of order) {
        const b = batches[i]!;
        seqs[i] = b.updates.length === 0 ? await this.lastSeq(c, b.roomId) : await PostgresDocStore.appendOne(c, b.roomId, b.updates);
      }
      return seqs;
    });
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number, tag: string | null = null): Promise<void> {
    await PostgresDocStore.inTransaction(this.pool, async (c) => {
      // One instance compacts a room at a time; another one that tries meanwhile skips, since
      // the one running already covers what it would (the log is never at risk either way).
      const locked = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [COMPACTION_LOCK, id]))
        .rows[0]!.ok;
      if (!locked) return;
      // A snapshot covering less than the stored one (a slower instance's) never replaces it.
      await c.query(
        `INSERT INTO snapshots (room_id, data, upto_seq, tag) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, tag = excluded.tag
         WHERE snapshots.upto_seq <= excluded.upto_seq`,
        [id, toBuffer(snapshot), uptoSeq, tag],
      );
      await c.query('DELETE FROM updates WHERE room_id = $1 AND seq <= $2', [id, uptoSeq]);
    });
  }

  async linkAsset(roomId: string, a: AssetRecord): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO room_assets (room_id, hash, kind, mime, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [roomId, a.hash, a.kind, a.mime, a.size, a.createdAt],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async getAsset(roomId: string, hash: string): Promise<AssetRecord | undefined> {
    const row = (
      await this.pool.query<{ hash: string; kind: string; mime: string; size: string; created_at: string }>(
        'SELECT hash, kind, mime, size, created_at FROM room_assets WHERE room_id = $1 AND hash = $2',
        [roomId, hash],
      )
    ).rows[0];
    if (!row || (row.kind !== 'image' && row.kind !== 'audio')) return undefined;
    return { hash: row.hash, kind: row.kind, mime: row.mime, size: Number(row.size), createdAt: Number(row.created_at) };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async rotateLink(id: string, role: RotatableRole): Promise<number> {
    const column = role === 'editor' ? 'editor_gen' : 'viewer_gen';
    const row = (
      await this.pool.query<{ gen: number }>(`UPDATE rooms SET ${column} = ${column} + 1 WHERE id = $1 RETURNING ${column} AS gen`, [id])
    ).rows[0];
    if (!row) throw new Error(`no room ${id}`);
    return row.gen;
  }

  async castBallot(roomId: string, voteId: string, ballotKey: string, dots: Dots): Promise<CastResult> {
    return PostgresDocStore.inTransaction(this.pool, async (c) => {
      const rev = Number((await c.query<{ rev: string }>(BUMP_BALLOT_REV, [roomId])).rows[0]!.rev);
      await c.query('DELETE FROM ballots WHERE room_id = $1 AND vote_id <> $2', [roomId, voteId]);
      if (Object.keys(dots).length === 0)
        await c.query('DELETE FROM ballots WHERE room_id = $1 AND vote_id = $2 AND ballot_key = $3', [roomId, voteId, ballotKey]);
      else
        await c.query(
          `INSERT INTO ballots (room_id, vote_id, ballot_key, dots) VALUES ($1, $2, $3, $4)
           ON CONFLICT (room_id, vote_id, ballot_key) DO UPDATE SET dots = excluded.dots`,
          [roomId, voteId, ballotKey, JSON.stringify(dots)],
        );
      const n = (await c.query<{ n: string }>('SELECT COUNT(*) AS n FROM ballots WHERE room_id = $1 AND vote_id = $2', [roomId, voteId]))
        .rows[0]!.n;
      return { voters: Number(n), rev };
    });
  }

  async getBallot(roomId: string, voteId: string, ballotKey: string): Promise<Dots | undefined> {
    const row = (
      await this.pool.query<{ dots: string }>(
        'SELECT dots::text AS dots FROM ballots WHERE room_id = $1 AND vote_id = $2 AND ballot_key = $3',
        [roomId, voteId, ballotKey],
      )
    ).rows[0];
    return row ? parseDots(row.dots) : undefined;
  }

  async takeBallots(roomId: string, voteId: string): Promise<Dots[]> {
    return PostgresDocStore.inTransaction(this.pool, async (c) => {
      await c.query(BUMP_BALLOT_REV, [roomId]);
      const rows = (
        await c.query<{ vote_id: string; dots: string }>('DELETE FROM ballots WHERE room_id = $1 RETURNING vote_id, dots::text AS dots', [
          roomId,
        ])
      ).rows;
      return rows.filter((r) => r.vote_id === voteId).map((r) => parseDots(r.dots));
    });
  }

  async dropBallots(roomId: string): Promise<void> {
    await PostgresDocStore.inTransaction(this.pool, async (c) => {
      await c.query(BUMP_BALLOT_REV, [roomId]);
      await c.query('DELETE FROM ballots WHERE room_id = $1', [roomId]);
    });
  }

  async addVersion(roomId: string, v: NewVersion, keepAutomatic: number): Promise<void> {
    await PostgresDocStore.inTransaction(this.pool, async (c) => {
      await c.query(
        'INSERT INTO versions (room_id, id, name, kind, author_name, author_id, created_at, bytes, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [roomId, v.id, v.name, v.kind, v.author.name, v.author.personId, v.createdAt, v.bytes, toBuffer(v.snapshot)],
      );
      if (v.kind === 'named') return;
      await c.query(
        `DELETE FROM versions WHERE room_id = $1 AND kind <> 'named' AND n NOT IN (
           SELECT n FROM versions WHERE room_id = $1 AND kind <> 'named' ORDER BY created_at DESC, n DESC LIMIT $2)`,
        [roomId, keepAutomatic],
      );
    });
  }

  async listVersions(roomId: string): Promise<VersionSummary[]> {
    const rows = await this.pool.query<VersionRow>(
      'SELECT id, name, kind, author_name, author_id, created_at, bytes FROM versions WHERE room_id = $1 ORDER BY created_at DESC, n DESC',
      [roomId],
    );
    return rows.rows.map(versionFromRow);
  }

  async getVersion(roomId: string, versionId: string): Promise<StoredVersion | undefined> {
    const row = (
      await this.pool.query<VersionRow & { snapshot: Buffer }>(
        'SELECT id, name, kind, author_name, author_id, created_at, bytes, snapshot FROM versions WHERE room_id = $1 AND id = $2',
        [roomId, versionId],
      )
    ).rows[0];
    return row ? { ...versionFromRow(row), snapshot: toBytes(row.snapshot) } : undefined;
  }

  async countNamed(roomId: string): Promise<number> {
    const row = (await this.pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM versions WHERE room_id = $1 AND kind = 'named'", [roomId]))
      .rows[0];
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
