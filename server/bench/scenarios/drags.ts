/**
 * A long session's history: one shape dragged many times, then compaction, against the same
 * after a short session. A tldraw drag rewrites the shape's board record (its whole JSON, as the
 * client's binding does) once per frame, so each drag step here is one update setting the record
 * under its id in the board map — validated by Riffboard like any board write (SPEC B1).
 *
 * The drags come from a new tab every `perTab` drags (a reload, a second person): each tab is a
 * new Yjs client, the history a real room collects, and the case where the overwritten values of
 * one tab can't all merge into one tombstone.
 *
 * Then every client leaves, the server restarts (a graceful stop flushes and compacts every
 * room), and the room is measured: what it takes in storage (Riffboard: snapshot and log rows of
 * the room, read from its database; the peer: n/a) and a cold load (restart → a fresh client
 * holding the shape at its last position), median of several restarts.
 */
import path from 'node:path';
import Database from 'libsql';
import * as Y from 'yjs';
import type { BenchConfig } from '../config.ts';
import { LoadClient, connectSynced, withTimeout } from '../loadClient.ts';
import type { Cell, Column } from '../report.ts';
import type { ServerHandle } from '../servers.ts';
import { median } from '../stats.ts';
import { geoShape, page, PAGE_ID } from '@riffboard/shared/test/boardRecords';

type DragsConfig = BenchConfig['drags'];

const BOARD = 'board';
const SHAPE = 'shape:dragged';
/** Drags sent before waiting for the server to confirm them (bounded memory, steady pace). */
const WINDOW = 200;
const COLD_RUNS = 3;

export const dragsColumns: readonly Column[] = [
  { key: 'shortStored', header: 'stored after short B', digits: 0 },
  { key: 'longStored', header: 'stored after long B', digits: 0, better: 'lower' },
  { key: 'ratio', header: 'long/short', digits: 2, better: 'lower' },
  { key: 'bytesPerTab', header: 'B per extra tab', digits: 1 },
  { key: 'longDoc', header: 'synced doc after long B', digits: 0 },
  { key: 'longLogRows', header: 'log rows left', digits: 0 },
  { key: 'shortColdMs', header: 'short: restart→synced ms', digits: 0, better: 'lower' },
  { key: 'longColdMs', header: 'long: restart→synced ms', digits: 0, better: 'lower' },
  { key: 'dragsPerS', header: 'drags/s accepted', digits: 0, better: 'higher' },
  { key: 'rssMiB', header: 'RSS MiB', digits: 0, better: 'lower' },
];

export function dragsSetup(cfg: DragsConfig): string {
  return (
    `One rectangle on a page, dragged ${cfg.long.toLocaleString('en-US')} times (long session) and, in another room of the same server, ` +
    `${cfg.short.toLocaleString('en-US')} times (short): each drag step is one update rewriting the shape's tldraw record (x, y) in the board map; ` +
    `a new tab (Yjs client) every ${cfg.perTab.toLocaleString('en-US')} drags, ${WINDOW} in flight. Then everyone leaves and the server restarts ` +
    `(graceful stop: flush and compaction). Stored = the room's snapshot + remaining log in the database, bytes. ` +
    `"restart→synced": a fresh client after a restart, from new WebSocket to holding the shape at its last position; median of ${COLD_RUNS}.`
  );
}

function tabsFor(drags: number, perTab: number): number {
  return Math.ceil(drags / perTab);
}

function xOf(drags: number): number {
  return drags - 1;
}

/** Drags the shape `drags` times from fresh tabs; returns the accepted rate. */
async function drag(server: ServerHandle, roomId: string, drags: number, perTab: number): Promise<number> {
  const t0 = performance.now();
  let done = 0;
  let first = true;
  while (done < drags) {
    const tab = await connectSynced(server.wsUrl(roomId));
    const board = tab.doc.getMap<unknown>(BOARD);
    try {
      if (first) {
        tab.doc.transact(() => {
          board.set(PAGE_ID, page());
          board.set(SHAPE, geoShape(SHAPE, -1, 0));
        });
        first = false;
      }
      const end = Math.min(drags, done + perTab);
      for (; done < end; done++) {
        board.set(SHAPE, geoShape(SHAPE, done, done % 500));
        if ((done + 1) % WINDOW === 0) await tab.roundTrip();
      }
      await tab.roundTrip();
      if (!tab.isOpen) throw new Error(`tab closed while dragging: ${tab.closeCode} ${tab.closeReason}`);
    } finally {
      await tab.close();
    }
  }
  return drags / ((performance.now() - t0) / 1000);
}

/** The room's bytes in Riffboard's database: its snapshot and the log rows after it. */
function storedBytes(dataDir: string, roomId: string): { bytes: number; logRows: number } {
  const db = new Database(path.join(dataDir, 'riffboard.db'), { readonly: true });
  try {
    const snap = db.prepare('SELECT COALESCE(SUM(length(data)), 0) AS n FROM snapshots WHERE room_id = ?').get(roomId) as { n: number };
    const log = db.prepare('SELECT COALESCE(SUM(length(data)), 0) AS n, COUNT(*) AS c FROM updates WHERE room_id = ?').get(roomId) as {
      n: number;
      c: number;
    };
    return { bytes: Number(snap.n) + Number(log.n), logRows: Number(log.c) };
  } finally {
    db.close();
  }
}

/**
 * A fresh client's time from new WebSocket to holding the shape at its last position (NaN if it
 * never gets there), the doc's size, and where it found the shape.
 */
async function coldLoad(server: ServerHandle, roomId: string, drags: number): Promise<{ ms: number; docBytes: number; x: unknown }> {
  const client = new LoadClient(server.wsUrl(roomId));
  const board = client.doc.getMap<unknown>(BOARD);
  const atEnd = (): boolean => (board.get(SHAPE) as { x?: unknown } | undefined)?.x === xOf(drags);
  const result = (ms: number): { ms: number; docBytes: number; x: unknown } => ({
    ms,
    docBytes: Y.encodeStateAsUpdate(client.doc).byteLength,
    x: (board.get(SHAPE) as { x?: unknown } | undefined)?.x,
  });
  try {
    await client.whenSynced(120_000);
    if (!atEnd()) {
      await withTimeout(
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (atEnd()) resolve();
          };
          board.observe(check);
        }),
        20_000,
        'the shape at its last position',
      ).catch(() => undefined);
    }
    return result(atEnd() ? performance.now() - client.startedAt : Number.NaN);
  } finally {
    await client.close();
  }
}

export async function runDrags(server: ServerHandle, cfg: DragsConfig): Promise<{ values: Record<string, Cell>; notes: string[] }> {
  const notes: string[] = [];
  if (!server.durable) {
    notes.push(`${server.label}: nothing is stored (no persistence), so stored size and restart are n/a`);
    return { notes, values: {} };
  }
  const shortRoom = await server.createRoom();
  const longRoom = await server.createRoom();
  await drag(server, shortRoom, cfg.short, cfg.perTab);
  const rate = await drag(server, longRoom, cfg.long, cfg.perTab);
  const rssMiB = server.rssKiB() / 1024;

  const short: number[] = [];
  const long: number[] = [];
  let longDoc = Number.NaN;
  for (let r = 0; r < COLD_RUNS; r++) {
    await server.restart();
    for (const [room, drags, times] of [
      [shortRoom, cfg.short, short],
      [longRoom, cfg.long, long],
    ] as const) {
      const load = await coldLoad(server, room, drags);
      times.push(load.ms);
      if (room === longRoom) longDoc = load.docBytes;
      if (Number.isNaN(load.ms))
        notes.push(`${server.label}: after restart ${r + 1} the shape was at x=${String(load.x)}, not at its last position ${xOf(drags)}`);
    }
  }
  let shortStored = Number.NaN;
  let longStored = Number.NaN;
  let longLogRows = Number.NaN;
  if (server.kind === 'riffboard' && server.dataDir !== undefined) {
    // Read after the last cold loads: their rooms have unloaded (and compacted) again by now.
    await server.restart();
    shortStored = storedBytes(server.dataDir, shortRoom).bytes;
    const l = storedBytes(server.dataDir, longRoom);
    longStored = l.bytes;
    longLogRows = l.logRows;
  } else {
    notes.push(`${server.label}: stored size per room is not separable in its store; see "synced doc"`);
  }
  const extraTabs = tabsFor(cfg.long, cfg.perTab) - tabsFor(cfg.short, cfg.perTab);
  return {
    notes,
    values: {
      shortStored,
      longStored,
      ratio: longStored / shortStored,
      longDoc,
      longLogRows,
      bytesPerTab: extraTabs > 0 ? (longStored - shortStored) / extraTabs : Number.NaN,
      shortColdMs: median(short),
      longColdMs: median(long),
      dragsPerS: rate,
      rssMiB,
    },
  };
}
