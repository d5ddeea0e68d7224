/**
 * ActivityStore on SQLite (libsql), in the same `riffboard.db` as the rooms, on its own
 * connection: the tables are created if missing, so this adapter needs no step in the document
 * store's migration list, and one backup of the database file keeps both.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import type { ActivityEntry } from '@riffboard/shared';
import { detailOf, entryOf, type ActivityRow, type ActivityStore, type NewActivity } from './ActivityStore.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, person_id TEXT NOT NULL, name TEXT NOT NULL,
    started_at INTEGER NOT NULL, at INTEGER NOT NULL, area TEXT NOT NULL, verb TEXT NOT NULL,
    item_id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, detail TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS activity_room_seq ON activity (room_id, seq);
  CREATE TABLE IF NOT EXISTS activity_visits (
    room_id TEXT NOT NULL, person_id TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (room_id, person_id));`;

const COLUMNS = 'seq, person_id, name, started_at, at, area, verb, item_id, kind, label, detail';

export class SqliteActivityStore implements ActivityStore {
  private readonly stmts;
  private readonly appendTx;

  /** Opens (creating if needed) the activity tables of `riffboard.db` in `dataDir`. */
  static open(dataDir: string): SqliteActivityStore {
    fs.mkdirSync(dataDir, { recursive: true });
    return new SqliteActivityStore(new Database(path.join(dataDir, 'riffboard.db')));
  }

  private constructor(private readonly db: InstanceType<typeof Database>) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO activity (room_id, person_id, name, started_at, at, area, verb, item_id, kind, label, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq',
      ),
      list: db.prepare(`SELECT ${COLUMNS} FROM activity WHERE room_id = ? ORDER BY seq DESC LIMIT ?`),
      listBefore: db.prepare(`SELECT ${COLUMNS} FROM activity WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`),
      since: db.prepare(`SELECT ${COLUMNS} FROM activity WHERE room_id = ? AND at > ? AND person_id <> ? ORDER BY seq DESC LIMIT ?`),
      visit: db.prepare(
        'INSERT INTO activity_visits (room_id, person_id, at) VALUES (?, ?, ?) ON CONFLICT(room_id, person_id) DO UPDATE SET at = MAX(at, excluded.at)',
      ),
      lastVisit: db.prepare('SELECT at FROM activity_visits WHERE room_id = ? AND person_id = ?'),
    };
    this.appendTx = db.transaction((roomId: string, records: readonly NewActivity[]) =>
      records.map((r) =>
        Number(
          (
            this.stmts.insert.get(
              roomId,
              r.personId,
              r.name,
              r.startedAt,
              r.at,
              r.area,
              r.verb,
              r.itemId,
              r.kind,
              r.label,
              detailOf(r),
            ) as {
              seq: number;
            }
          ).seq,
        ),
      ),
    );
  }

  async append(roomId: string, records: readonly NewActivity[]): Promise<number[]> {
    return records.length === 0 ? [] : this.appendTx(roomId, records);
  }

  async list(roomId: string, { before, limit }: { before?: number; limit: number }): Promise<ActivityEntry[]> {
    const rows = (
      before === undefined ? this.stmts.list.all(roomId, limit) : this.stmts.listBefore.all(roomId, before, limit)
    ) as ActivityRow[];
    return rows.map(entryOf);
  }

  async listSince(roomId: string, since: number, limit: number, except?: string): Promise<ActivityEntry[]> {
    // No person id is empty, so '' leaves nobody out.
    return (this.stmts.since.all(roomId, since, except ?? '', limit) as ActivityRow[]).map(entryOf);
  }

  async markVisit(roomId: string, personId: string, at: number): Promise<void> {
    this.stmts.visit.run(roomId, personId, at);
  }

  async lastVisit(roomId: string, personId: string): Promise<number | undefined> {
    const row = this.stmts.lastVisit.get(roomId, personId) as { at: number } | undefined;
    return row ? Number(row.at) : undefined;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
