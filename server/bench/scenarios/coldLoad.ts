/**
 * Cold load: build a large room through a client (so the server persists it as ordinary
 * updates), let everyone leave, then time a fresh client from `new WebSocket` until its doc holds
 * the full content — (1) after the server unloaded the idle room, process kept, and (2) after a
 * restart of the server process, the plainest "loaded from disk" measure. Medians of several runs.
 * The in-memory peer never unloads a room (its column 1 is a warm in-memory sync) and loses
 * everything on restart (column 2 is n/a).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import type { BenchConfig } from '../config.ts';
import { LoadClient, connectSynced, withTimeout } from '../loadClient.ts';
import type { Cell, Column } from '../report.ts';
import { dirBytes } from '../procStats.ts';
import type { ServerHandle } from '../servers.ts';
import { median, prng, sleep } from '../stats.ts';

type ColdConfig = BenchConfig['cold'];

// A root the room schema names (Riffboard refuses others, SPEC B2) whose entries it does not
// validate, so the peer and Riffboard do the same work per update.
const MAP = 'backlog';
const ENTRY_TEXT = 420; // chars of random text per entry; ~510 B per entry encoded
const ENTRIES_PER_UPDATE = 10;
const WINDOW = 16; // updates in flight while building

export const coldColumns: readonly Column[] = [
  { key: 'reloadMs', header: 'unloaded→synced ms', digits: 0, better: 'lower' },
  { key: 'reloadMin', header: '(min)', digits: 0, better: 'lower' },
  { key: 'reloadRecvMs', header: 'unloaded→bytes in ms', digits: 0, better: 'lower' },
  { key: 'restartMs', header: 'restart→synced ms', digits: 0, better: 'lower' },
  { key: 'restartMin', header: '(min)', digits: 0, better: 'lower' },
  { key: 'restartRecvMs', header: 'restart→bytes in ms', digits: 0, better: 'lower' },
  { key: 'restartCpu', header: 'load CPU ms', digits: 0, better: 'lower' },
  { key: 'loadedRssMiB', header: 'RSS loaded MiB', digits: 0, better: 'lower' },
  { key: 'startupMs', header: 'startup ms', digits: 0, better: 'lower' },
  { key: 'buildS', header: 'build s', digits: 1, better: 'lower' },
  { key: 'diskMB', header: 'disk MB', digits: 1, better: 'lower' },
  { key: 'docMB', header: 'doc MB', digits: 2 },
  { key: 'clientApplyMs', header: 'client apply ms', digits: 0 },
];

function entryCount(cfg: ColdConfig): number {
  return Math.max(ENTRIES_PER_UPDATE, Math.round((cfg.roomMB * 1e6) / 510 / ENTRIES_PER_UPDATE) * ENTRIES_PER_UPDATE);
}

export function coldSetup(cfg: ColdConfig): string {
  const n = entryCount(cfg);
  return (
    `Room of ${n.toLocaleString('en-US')} Y.Map entries (~${ENTRY_TEXT} random chars each, ~${cfg.roomMB} MB) written by one client ` +
    `in ${(n / ENTRIES_PER_UPDATE).toLocaleString('en-US')} updates (${WINDOW} in flight, confirmed by a second client). ` +
    `Times are from new WebSocket to the client's doc holding all entries; median of ${cfg.runs} runs. ` +
    `"bytes in": to the arrival of the message that completed the room, before the client applies it (the server's share plus transfer). ` +
    `"unloaded": all clients gone, ${cfg.unloadWaitMs} ms wait, process kept. "restart": SIGTERM, start again, /healthz, then connect.`
  );
}

function randomText(next: () => number, len: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** Resolves when `cond()` holds, re-checked after each change of `type` (and once now). */
function until(type: Y.Map<unknown>, cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (cond()) return Promise.resolve();
  let handler: (() => void) | undefined;
  const p = new Promise<void>((resolve) => {
    handler = () => {
      if (cond()) resolve();
    };
    type.observe(handler);
  });
  return withTimeout(p, timeoutMs, what).finally(() => {
    if (handler !== undefined) type.unobserve(handler);
  });
}

/**
 * One fresh client: ms from socket creation to holding all `total` entries (`ms`), and to the
 * arrival of the message that completed them, before the client applied it (`receivedMs`: the
 * server's share plus the transfer, whether the server sends the room in its sync step 2 or
 * in later updates), then closes.
 */
async function timeFullLoad(server: ServerHandle, roomId: string, total: number): Promise<{ ms: number; receivedMs: number }> {
  const client = new LoadClient(server.wsUrl(roomId));
  const map = client.doc.getMap<unknown>(MAP);
  try {
    let completedBy = Number.NaN;
    const full = (): boolean => {
      if (map.size < total) return false;
      completedBy = client.messageArrivedAt;
      return true;
    };
    await Promise.all([client.whenSynced(120_000), until(map, full, 120_000, `${total} entries`)]);
    return { ms: performance.now() - client.startedAt, receivedMs: completedBy - client.startedAt };
  } finally {
    await client.close();
  }
}

export async function runColdLoad(server: ServerHandle, cfg: ColdConfig): Promise<{ values: Record<string, Cell>; notes: string[] }> {
  const notes: string[] = [];
  const total = entryCount(cfg);
  const roomId = await server.createRoom();

  // Build the room.
  const builder = await connectSynced(server.wsUrl(roomId));
  const observer = await connectSynced(server.wsUrl(roomId));
  const seen = observer.doc.getMap<unknown>(MAP);
  const target = builder.doc.getMap<unknown>(MAP);
  const next = prng(42);
  const tBuild = performance.now();
  let docBytes: number;
  let clientApplyMs = Number.NaN;
  try {
    for (let u = 0; u * ENTRIES_PER_UPDATE < total; u++) {
      const confirmed = (u - WINDOW) * ENTRIES_PER_UPDATE;
      if (confirmed > 0) await until(seen, () => seen.size >= confirmed, 60_000, 'build confirmation');
      builder.doc.transact(() => {
        for (let e = 0; e < ENTRIES_PER_UPDATE; e++) {
          const i = u * ENTRIES_PER_UPDATE + e;
          target.set(`shape:${i}`, {
            id: `shape:${i}`,
            type: 'note',
            x: Math.round(next() * 4000),
            y: Math.round(next() * 4000),
            rotation: 0,
            props: { color: 'yellow', size: 'm', text: randomText(next, ENTRY_TEXT) },
          });
        }
      });
    }
    await until(seen, () => seen.size >= total, 60_000, 'build completion');
    const full = Y.encodeStateAsUpdate(observer.doc);
    docBytes = full.byteLength;
    // The load times below include the fresh client applying the whole document, which costs the
    // same whatever the server; measured here so the server's share can be read off.
    const applies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      Y.applyUpdate(new Y.Doc(), full);
      applies.push(performance.now() - t);
    }
    clientApplyMs = median(applies);
  } finally {
    await builder.close();
    await observer.close();
  }
  const buildMs = performance.now() - tBuild;
  await sleep(cfg.unloadWaitMs);
  const diskBytes = server.dataDir === undefined ? Number.NaN : dirBytes(server.dataDir);
  if (server.dataDir !== undefined) {
    const files = fs
      .readdirSync(server.dataDir, { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => ({ name: f.name, bytes: fs.statSync(path.join(server.dataDir ?? '', f.name)).size }))
      .sort((a, b) => b.bytes - a.bytes);
    const shown = files.slice(0, 4).map((f) => `${f.name} ${(f.bytes / 1e6).toFixed(1)} MB`);
    if (files.length > 4) shown.push(`${files.length - 4} more`);
    notes.push(`${server.label}: on disk after build: ${shown.join(', ')}`);
  }

  // (1) Reload of an unloaded room, same process.
  const reload: number[] = [];
  const reloadRecv: number[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    const t = await timeFullLoad(server, roomId, total);
    reload.push(t.ms);
    reloadRecv.push(t.receivedMs);
    await sleep(cfg.unloadWaitMs);
  }

  // (2) After a process restart.
  const restart: number[] = [];
  const restartRecv: number[] = [];
  const restartCpu: number[] = [];
  const loadedRss: number[] = [];
  const startup: number[] = [];
  if (server.durable) {
    for (let r = 0; r < cfg.runs; r++) {
      await server.restart();
      startup.push(server.lastStartupMs);
      await sleep(200);
      const cpu0 = server.cpuMs();
      const t = await timeFullLoad(server, roomId, total);
      restart.push(t.ms);
      restartRecv.push(t.receivedMs);
      restartCpu.push(server.cpuMs() - cpu0);
      loadedRss.push(server.rssKiB() / 1024);
    }
  } else {
    notes.push(`${server.label}: restart loses every document (no persistence), so restart figures are n/a`);
    notes.push(`${server.label}: never unloads a room, so "unloaded→synced" is a warm in-memory sync`);
  }

  return {
    notes,
    values: {
      reloadMs: median(reload),
      reloadMin: reload.length > 0 ? Math.min(...reload) : Number.NaN,
      reloadRecvMs: median(reloadRecv),
      restartMs: median(restart),
      restartMin: restart.length > 0 ? Math.min(...restart) : Number.NaN,
      restartRecvMs: median(restartRecv),
      restartCpu: median(restartCpu),
      loadedRssMiB: median(loadedRss),
      startupMs: median(startup),
      buildS: buildMs / 1000,
      diskMB: diskBytes / 1e6,
      docMB: docBytes / 1e6,
      clientApplyMs,
    },
  };
}
