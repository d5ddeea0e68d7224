/**
 * ActivityStore on PostgreSQL (`pg`), for several instances sharing rooms. Its tables live in the
 * rooms' database and are created if missing under an advisory lock (instances may start
 * together), on a small pool of its own so activity never waits behind document commits.
 */
import pg from 'pg';
import type { ActivityEntry } from '@riffboard/shared';
import { detailOf, entryOf, type ActivityRow, type ActivityStore, type NewActivity } from './ActivityStore.ts';

const SCHEMA_LOCK = 0x41435449; // "ACTI"

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS activity (
    seq BIGSERIAL PRIMARY KEY, room_id TEXT NOT NULL, person_id TEXT NOT NULL, name TEXT NOT NULL,
    started_at BIGINT NOT NULL, at BIGINT NOT NULL, area TEXT NOT NULL, verb TEXT NOT NULL,
    item_id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, detail TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS activity_room_seq ON activity (room_id, seq);
  CREATE TABLE IF NOT EXISTS activity_visits (
    room_id TEXT NOT NULL, person_id TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (room_id, person_id));`;

const COLUMNS = 'seq, person_id, name, started_at, at, area, verb, item_id, kind, label, detail';

export class PostgresActivityStore implements ActivityStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string, opts: { onError?: (err: Error) => void; max?: number } = {}): Promise<PostgresActivityStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 3 });
    pool.on('error', (err) => opts.onError?.(err));
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await c.query(SCHEMA);
      await c.query('COMMIT');
      c.release();
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      c.release(err instanceof Error ? err : true);
      await pool.end();
      throw err;
    }
    return new PostgresActivityStore(pool);
  }

  async append(roomId: string, records: readonly NewActivity[]): Promise<number[]> {
    if (records.length === 0) return [];
    // One statement keeps the batch's seqs in order and its insert atomic.
    const values: unknown[] = [];
    const rows = records.map((r, i) => {
      values.push(roomId, r.personId, r.name, r.startedAt, r.at, r.area, r.verb, r.itemId, r.kind, r.label, detailOf(r), i);
      const b = i * 12;
      return `(${Array.from({ length: 12 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
    });
    const res = await this.pool.query<{ seq: string }>(
      `INSERT INTO activity (room_id, person_id, name, started_at, at, area, verb, item_id, kind, label, detail)
       SELECT room_id, person_id, name, started_at::bigint, at::bigint, area, verb, item_id, kind, label, detail
       FROM (VALUES ${rows.join(', ')}) AS v(room_id, person_id, name, started_at, at, area, verb, item_id, kind, label, detail, ord)
       ORDER BY ord::int RETURNING seq`,
      values,
    );
    return res.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  }

  async list(roomId: string, { before, limit }: { before?: number; limit: number }): Promise<ActivityEntry[]> {
    const res =
      before === undefined
        ? await this.pool.query<ActivityRow>(`SELECT ${COLUMNS} FROM activity WHERE room_id = $1 ORDER BY seq DESC LIMIT $2`, [
            roomId,
            limit,
          ])
        : await this.pool.query<ActivityRow>(`SELECT ${COLUMNS} FROM activity WHERE room_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`, [
            roomId,
            before,
            limit,
          ]);
    return res.rows.map(entryOf);
  }

  async listSince(roomId: string, since: number, limit: number, except?: string): Promise<ActivityEntry[]> {
    // No person id is empty, so '' leaves nobody out.
    const res = await this.pool.query<ActivityRow>(
      `SELECT ${COLUMNS} FROM activity WHERE room_id = $1 AND at > $2 AND person_id <> $3 ORDER BY seq DESC LIMIT $4`,
      [roomId, since, except ?? '', limit],
    );
    return res.rows.map(entryOf);
  }

  async markVisit(roomId: string, personId: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO activity_visits (room_id, person_id, at) VALUES ($1, $2, $3)
       ON CONFLICT (room_id, person_id) DO UPDATE SET at = GREATEST(activity_visits.at, excluded.at)`,
      [roomId, personId, at],
    );
  }

  async lastVisit(roomId: string, personId: string): Promise<number | undefined> {
    const res = await this.pool.query<{ at: string }>('SELECT at FROM activity_visits WHERE room_id = $1 AND person_id = $2', [
      roomId,
      personId,
    ]);
    const row = res.rows[0];
    return row ? Number(row.at) : undefined;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
