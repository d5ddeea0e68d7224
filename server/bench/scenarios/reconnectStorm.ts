/**
 * Reconnect storm: many tabs that were open on big rooms come back at once after a server
 * restart. Every room is built to ~5 MB and every client is connected and has written to it;
 * then the server restarts (SIGTERM, start again, /healthz) and every client's first attempt
 * lands at a uniformly random instant within the first second after the server answers — a
 * tighter storm than the real tab makes (its first waits spread over up to 2.5 s). Any attempt
 * that fails (refused, closed, no sync within the timeout) backs off exactly as the tab does
 * (SPEC S15, the shared `reconnectDelay`), and tries again.
 *
 * Rooms: clients are spread over rooms of a band's size (default 50 rooms × 10 clients), not one
 * room each: that is how rooms are used, and it is the heavier case per room. 500 rooms of 5 MB
 * each would measure how many big rooms fit in one server's memory, which is a capacity figure
 * (rooms × room size) rather than a storm.
 *
 * Each client reconnects as a tab that kept the room: it announces the room's state vector (plus
 * its own writes) in sync step 1, as a tab that stayed open does, and is sent only what it lacks.
 * The generator does not keep a 5 MB copy per client: it holds each client's own writes and the
 * room's state vector. "Lost" is checked at the end by one extra client per room, which must
 * find every client's write from before the restart and the one each made right after it
 * reconnected.
 */
import * as Y from 'yjs';
import { reconnectDelay } from '@riffboard/shared';
import type { BenchConfig } from '../config.ts';
import { LoadClient, connectSynced } from '../loadClient.ts';
import type { Cell, Column } from '../report.ts';
import type { ServerHandle } from '../servers.ts';
import { median, prng, quantile, runBounded, sleep } from '../stats.ts';

type StormConfig = BenchConfig['storm'];

// A root the room schema names (Riffboard refuses others, SPEC B2) whose entries it does not
// validate, so the peer and Riffboard do the same work per update.
const MAP = 'backlog';
const ENTRY_TEXT = 420; // chars of random text per entry; ~510 B per entry encoded
const ENTRIES_PER_UPDATE = 500; // ~255 KB per building update, well under MAX_MESSAGE_BYTES
/** How long one attempt may take to reach sync step 2 before the client gives up on it. */
const ATTEMPT_TIMEOUT_MS = 30_000;
/** The storm fails if the clients are not all back by then. */
const STORM_DEADLINE_MS = 180_000;

export const stormColumns: readonly Column[] = [
  { key: 'allSyncedMs', header: 'up→all synced ms', digits: 0, better: 'lower' },
  { key: 'p50SyncedMs', header: 'up→synced p50 ms', digits: 0, better: 'lower' },
  { key: 'p99SyncedMs', header: 'p99 ms', digits: 0, better: 'lower' },
  { key: 'downMs', header: 'SIGTERM→up ms', digits: 0 },
  { key: 'peakRssMiB', header: 'peak RSS MiB', digits: 0, better: 'lower' },
  { key: 'rssBeforeMiB', header: 'RSS before MiB', digits: 0 },
  { key: 'stormCpuMs', header: 'storm CPU ms', digits: 0, better: 'lower' },
  { key: 'failedAttempts', header: 'failed attempts', digits: 0, better: 'lower' },
  { key: 'gaveUp', header: 'not back', digits: 0 },
  { key: 'lost', header: 'writes lost', digits: 0 },
  { key: 'diffKB', header: 'sent/client KB', digits: 1 },
  { key: 'buildS', header: 'build s', digits: 1 },
];

function entriesPerRoom(cfg: StormConfig): number {
  return Math.max(ENTRIES_PER_UPDATE, Math.round((cfg.roomMB * 1e6) / 510 / ENTRIES_PER_UPDATE) * ENTRIES_PER_UPDATE);
}

export function stormSetup(cfg: StormConfig): string {
  const clients = cfg.rooms * cfg.clientsPerRoom;
  return (
    `${cfg.rooms} rooms of ~${cfg.roomMB} MB (${entriesPerRoom(cfg).toLocaleString('en-US')} Y.Map entries each) × ${cfg.clientsPerRoom} clients = ` +
    `${clients} clients, each connected and with one write stored. Restart (SIGTERM, start, /healthz); every client's first attempt ` +
    `at a random instant within ${cfg.windowMs} ms of the server answering, then S15 backoff (uniform in [0, min(2.5 s, 100 ms·2^n)]) ` +
    `after any failure. A reconnecting client announces the room's state vector, as a tab that kept the room does. ` +
    `"up→all synced": from /healthz answering to the last client's sync step 2; each client writes once more when back. ` +
    `"writes lost": writes from before or right after the restart that a fresh client per room does not find.`
  );
}

function randomText(next: () => number, len: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** The updates that build one room, the same for every room (so the generator holds them once). */
function roomContent(cfg: StormConfig): { updates: Uint8Array[]; stateVector: Uint8Array; bytes: number } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const map = doc.getMap<unknown>(MAP);
  const next = prng(7);
  const total = entriesPerRoom(cfg);
  for (let u = 0; u * ENTRIES_PER_UPDATE < total; u++) {
    doc.transact(() => {
      for (let e = 0; e < ENTRIES_PER_UPDATE; e++) {
        const i = u * ENTRIES_PER_UPDATE + e;
        map.set(`idea:${i}`, { id: `idea:${i}`, votes: 0, text: randomText(next, ENTRY_TEXT) });
      }
    });
  }
  const stateVector = Y.encodeStateVector(doc);
  const bytes = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return { updates, stateVector, bytes };
}

/** One tab: its own doc (its writes only) kept across sockets, and its reconnect history. */
interface Tab {
  readonly room: number;
  readonly index: number;
  readonly doc: Y.Doc;
  socket: LoadClient | null;
  attempts: number;
  failures: number;
  syncedAt: number;
  bytesAfterRestart: number;
}

export async function runReconnectStorm(
  server: ServerHandle,
  cfg: StormConfig,
): Promise<{ values: Record<string, Cell>; notes: string[] }> {
  const notes: string[] = [];
  if (!server.durable) {
    notes.push(`${server.label}: restart loses every document (no persistence), so the storm is n/a`);
    return { notes, values: {} };
  }
  const content = roomContent(cfg);
  const roomIds: string[] = [];
  for (let r = 0; r < cfg.rooms; r++) roomIds.push(await server.createRoom());

  // Build every room through a client, as ordinary updates.
  const tBuild = performance.now();
  await runBounded(cfg.rooms, 2, async (r) => {
    const builder = await connectSynced(server.wsUrl(roomIds[r]!), 60_000, { apply: false });
    try {
      for (const u of content.updates) Y.applyUpdate(builder.doc, u, 'bench');
      await builder.roundTrip(120_000);
    } finally {
      await builder.close();
    }
  });
  const buildS = (performance.now() - tBuild) / 1000;

  // Everybody joins and writes once; the write is confirmed by a round trip.
  const tabs: Tab[] = [];
  for (let r = 0; r < cfg.rooms; r++) {
    for (let i = 0; i < cfg.clientsPerRoom; i++) {
      tabs.push({
        room: r,
        index: i,
        doc: new Y.Doc(),
        socket: null,
        attempts: 0,
        failures: 0,
        syncedAt: Number.NaN,
        bytesAfterRestart: 0,
      });
    }
  }
  await runBounded(tabs.length, 50, async (k) => {
    const tab = tabs[k]!;
    tab.socket = await connectSynced(server.wsUrl(roomIds[tab.room]!), 60_000, {
      doc: tab.doc,
      apply: false,
      knownState: content.stateVector,
    });
    tab.doc.getMap<unknown>(MAP).set(`before:${tab.index}`, { tab: tab.index });
    await tab.socket.roundTrip();
  });
  await sleep(500);
  const rssBeforeMiB = server.rssKiB() / 1024;

  // The restart: the sockets close under the clients; they wait for their turn.
  const tDown = performance.now();
  await server.restart();
  const up = performance.now();
  const downMs = up - tDown;
  const lostSockets = tabs.filter((t) => t.socket?.isOpen).length;
  if (lostSockets > 0) notes.push(`${server.label}: ${lostSockets} socket(s) still open after the restart`);
  for (const t of tabs) t.socket = null;

  let peakRss = server.rssKiB();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        peakRss = Math.max(peakRss, server.rssKiB());
      } catch {
        // the process is gone; the storm will fail and say so
      }
      await sleep(20);
    }
  })();
  const cpu0 = server.cpuMs();
  const jitter = prng(99);
  const closeCodes = new Map<string, number>();
  const reconnect = async (tab: Tab): Promise<void> => {
    await sleep(jitter() * cfg.windowMs);
    for (;;) {
      if (performance.now() - up > STORM_DEADLINE_MS) return;
      tab.attempts++;
      const socket = new LoadClient(server.wsUrl(roomIds[tab.room]!), {
        doc: tab.doc,
        apply: false,
        knownState: content.stateVector,
      });
      try {
        await socket.whenSynced(ATTEMPT_TIMEOUT_MS);
        tab.syncedAt = performance.now();
        tab.socket = socket;
        tab.bytesAfterRestart += socket.bytesReceived;
        // Back and editing again.
        tab.doc.getMap<unknown>(MAP).set(`after:${tab.index}`, { tab: tab.index });
        return;
      } catch (err) {
        tab.failures++;
        const why =
          socket.closeCode !== undefined
            ? `close ${socket.closeCode} ${socket.closeReason}`.trim()
            : err instanceof Error
              ? err.message
              : String(err);
        closeCodes.set(why, (closeCodes.get(why) ?? 0) + 1);
        socket.ws.terminate();
        tab.bytesAfterRestart += socket.bytesReceived;
        await sleep(reconnectDelay(tab.failures));
      }
    }
  };
  await Promise.all(tabs.map(reconnect));
  const back = tabs.filter((t) => !Number.isNaN(t.syncedAt));
  // Every "after" write is stored before the room answers a round trip (write-ahead on Riffboard,
  // in-order handling on the peer).
  await Promise.all(back.map((t) => t.socket?.roundTrip().catch(() => undefined)));
  const stormCpuMs = server.cpuMs() - cpu0;
  sampling = false;
  await sampler;
  for (const [why, n] of closeCodes) notes.push(`${server.label}: ${n} failed attempt(s): ${why}`);

  // None lost: a fresh client per room must find every tab's writes.
  let lost = 0;
  for (let r = 0; r < cfg.rooms; r++) {
    const checker = await connectSynced(server.wsUrl(roomIds[r]!), 60_000, { knownState: content.stateVector });
    const map = checker.doc.getMap<unknown>(MAP);
    for (let i = 0; i < cfg.clientsPerRoom; i++) {
      if (!map.has(`before:${i}`)) lost++;
      if (!map.has(`after:${i}`)) lost++;
    }
    await checker.close();
  }
  await Promise.all(tabs.map((t) => t.socket?.close()));
  for (const t of tabs) t.doc.destroy();

  const synced = back.map((t) => t.syncedAt - up);
  notes.push(
    `${server.label}: room ${(content.bytes / 1e6).toFixed(2)} MB encoded; ${tabs.length} clients, ${back.length} back, ` +
      `${tabs.reduce((s, t) => s + t.attempts, 0)} attempts; median attempts per client ${median(tabs.map((t) => t.attempts))}`,
  );
  return {
    notes,
    values: {
      allSyncedMs: back.length === tabs.length ? Math.max(...synced) : Number.NaN,
      p50SyncedMs: quantile(synced, 0.5),
      p99SyncedMs: quantile(synced, 0.99),
      downMs,
      peakRssMiB: peakRss / 1024,
      rssBeforeMiB,
      stormCpuMs,
      failedAttempts: tabs.reduce((s, t) => s + t.failures, 0),
      gaveUp: tabs.length - back.length,
      lost,
      diffKB: back.reduce((s, t) => s + t.bytesAfterRestart, 0) / Math.max(1, back.length) / 1000,
      buildS,
    },
  };
}
