/**
 * Fan-out: rooms of N clients where a few clients write small updates at a steady rate and every
 * other client in the room measures how long each update took to reach it.
 *
 * Each write is one Y.Map set (key per writer) whose value carries the send time
 * (performance.timeOrigin + now) and a sequence number; receivers apply the update to their own
 * Y.Doc and read the stamp back in a map observer, so the latency includes decode + apply on the
 * receiving side, as in a real client. Writers are spread evenly in phase so the load is steady.
 *
 * Before the measured writes, the same load runs unmeasured for `warmupSeconds` (under other keys):
 * a freshly started server spends its first seconds compiling hot code (V8's optimising compiler
 * runs on background threads, and counts in the process's CPU), which measures start-up rather
 * than what the server costs while it serves — and a bigger codebase takes longer to warm.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as Y from 'yjs';
import type { FanoutConfig } from '../config.ts';
import { closeAll, connectSynced, type LoadClient } from '../loadClient.ts';
import type { Cell, Column } from '../report.ts';
import type { ServerHandle } from '../servers.ts';
import { quantile, runBounded, sleep, wallMs } from '../stats.ts';

// A root the room schema names (Riffboard refuses others, SPEC B2) whose entries it does not
// validate, so the peer and Riffboard do the same work per update.
const MAP = 'backlog';

interface Stamp {
  readonly t: number;
  readonly s: number;
}

function isStamp(v: unknown): v is Stamp {
  return typeof v === 'object' && v !== null && typeof (v as Stamp).t === 'number';
}

export const fanoutColumns: readonly Column[] = [
  { key: 'p50', header: 'p50 ms', digits: 1, better: 'lower' },
  { key: 'p99', header: 'p99 ms', digits: 1, better: 'lower' },
  { key: 'rate', header: 'delivered/s', digits: 0, better: 'higher' },
  { key: 'cpuPer1k', header: 'CPU ms/1k deliv.', digits: 1, better: 'lower' },
  { key: 'cpuPct', header: 'server CPU %', digits: 0, better: 'lower' },
  { key: 'rssMiB', header: 'RSS MiB', digits: 0, better: 'lower' },
  { key: 'delivered', header: 'delivered', digits: 0 },
  { key: 'echo', header: 'echo/write', digits: 2 },
  { key: 'genCpu', header: 'gen CPU %', digits: 0 },
  { key: 'genLag', header: 'gen lag p99 ms', digits: 1 },
];

export function fanoutSetup(cfg: FanoutConfig): string {
  const writes = Math.round(cfg.writeHz * cfg.seconds);
  const total = cfg.rooms * cfg.writersPerRoom * writes;
  return (
    `${cfg.rooms} room(s) × ${cfg.clientsPerRoom} clients; ${cfg.writersPerRoom} writer(s)/room × ${cfg.writeHz} writes/s × ${writes} writes ` +
    `= ${total.toLocaleString('en-US')} updates, each due to ${cfg.clientsPerRoom - 1} receivers ` +
    `(${(total * (cfg.clientsPerRoom - 1)).toLocaleString('en-US')} deliveries). One Y.Map set (~40 B) per write. ` +
    `Measured after ${cfg.warmupSeconds} s of the same load unmeasured (warm-up).`
  );
}

const WARMUP_PREFIX = 'warmup-';

interface Writer {
  readonly client: LoadClient;
  readonly key: string;
  readonly map: Y.Map<unknown>;
}

/** Every writer writes `writesEach` times at `hz`, evenly staggered: writer j fires at (j / writers + k) / hz. */
async function writeSchedule(writers: readonly Writer[], hz: number, writesEach: number, keyPrefix: string): Promise<void> {
  const t0 = performance.now();
  const periodMs = 1000 / hz;
  const events: { at: number; w: number; k: number }[] = [];
  writers.forEach((_, j) => {
    const phase = (j / writers.length) * periodMs;
    for (let k = 0; k < writesEach; k++) events.push({ at: t0 + phase + k * periodMs, w: j, k });
  });
  events.sort((a, b) => a.at - b.at);
  let next = 0;
  while (next < events.length) {
    const now = performance.now();
    while (next < events.length && (events[next]?.at ?? Infinity) <= now) {
      const ev = events[next++];
      const writer = ev === undefined ? undefined : writers[ev.w];
      if (ev === undefined || writer === undefined) continue;
      writer.client.doc.transact(() => writer.map.set(keyPrefix + writer.key, { t: wallMs(), s: ev.k }));
    }
    const due = events[next]?.at;
    if (due !== undefined) await sleep(Math.max(0, due - performance.now()));
  }
}

export async function runFanout(server: ServerHandle, cfg: FanoutConfig): Promise<{ values: Record<string, Cell>; notes: string[] }> {
  const notes: string[] = [];
  const roomIds: string[] = [];
  for (let r = 0; r < cfg.rooms; r++) roomIds.push(await server.createRoom());

  const C = cfg.clientsPerRoom;
  const clients: LoadClient[] = new Array<LoadClient>(cfg.rooms * C);
  try {
    await runBounded(clients.length, 50, async (i) => {
      const roomId = roomIds[Math.floor(i / C)];
      if (roomId === undefined) throw new Error('room index out of range');
      clients[i] = await connectSynced(server.wsUrl(roomId));
    });

    const writesPerWriter = Math.round(cfg.writeHz * cfg.seconds);
    const writers: Writer[] = [];
    for (let r = 0; r < cfg.rooms; r++) {
      for (let w = 0; w < cfg.writersPerRoom; w++) {
        const client = clients[r * C + w];
        if (client === undefined) throw new Error('missing client');
        writers.push({ client, key: `w${w}`, map: client.doc.getMap(MAP) });
      }
    }
    const totalWrites = writers.length * writesPerWriter;
    const expected = totalWrites * (C - 1);

    const latencies = new Float64Array(expected);
    let delivered = 0;
    let lastReceive = 0;
    let badStamps = 0;
    // A client that gets two writes of one key in one update (merged by a server, or caught up
    // from storage) sees only the later value: the earlier one is superseded, not lost.
    let superseded = 0;
    let warmDelivered = 0;
    for (const client of clients) {
      const map = client.doc.getMap<unknown>(MAP);
      const lastSeen = new Map<string, number>();
      map.observe((event) => {
        if (event.transaction.origin !== client) return; // only remote updates
        const now = wallMs();
        for (const key of event.keysChanged) {
          if (key.startsWith(WARMUP_PREFIX)) {
            warmDelivered++;
            continue;
          }
          const v = map.get(key);
          if (!isStamp(v)) {
            badStamps++;
            continue;
          }
          if (delivered < latencies.length) latencies[delivered] = now - v.t;
          delivered++;
          const before = lastSeen.get(key);
          if (before !== undefined && v.s > before + 1) superseded += v.s - before - 1;
          lastSeen.set(key, v.s);
        }
        lastReceive = now;
      });
    }

    await sleep(500); // let the connection burst settle
    await writeSchedule(writers, cfg.writeHz, Math.round(cfg.writeHz * cfg.warmupSeconds), WARMUP_PREFIX);
    const warmDeadline = performance.now() + 15_000;
    while (warmDelivered < writers.length * Math.round(cfg.writeHz * cfg.warmupSeconds) * (C - 1) && performance.now() < warmDeadline)
      await sleep(5);
    const received0 = clients.reduce((s, c) => s + c.updatesReceived, 0);
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const genCpu0 = process.cpuUsage();
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    const wall0 = wallMs();

    await writeSchedule(writers, cfg.writeHz, writesPerWriter, '');

    const deadline = performance.now() + 15_000 + cfg.seconds * 1000;
    while (delivered < expected && performance.now() < deadline) await sleep(5);
    const cpu1 = server.cpuMs();
    const genCpu = process.cpuUsage(genCpu0);
    const elapsedMs = performance.now() - t0;
    lag.disable();
    await sleep(200); // count late echoes
    const received = clients.reduce((s, c) => s + c.updatesReceived, 0) - received0;

    const closedEarly = clients.filter((c) => !c.isOpen);
    if (closedEarly.length > 0) {
      const codes = [...new Set(closedEarly.map((c) => `${c.closeCode} ${c.closeReason}`))].join('; ');
      notes.push(`${server.label}: ${closedEarly.length} client(s) closed during the run (${codes})`);
    }
    if (delivered < expected)
      notes.push(
        `${server.label}: only ${delivered} of ${expected} deliveries arrived within the deadline; ` +
          `${superseded} were superseded by a later write of the same key that arrived with them`,
      );
    if (badStamps > 0) notes.push(`${server.label}: ${badStamps} map changes without a stamp`);

    const spanMs = lastReceive > 0 ? lastReceive - wall0 : elapsedMs;
    const serverCpu = cpu1 - cpu0;
    const measured = latencies.subarray(0, Math.min(delivered, expected));
    return {
      notes,
      values: {
        p50: quantile(measured, 0.5),
        p99: quantile(measured, 0.99),
        rate: delivered / (spanMs / 1000),
        cpuPer1k: delivered > 0 ? serverCpu / (delivered / 1000) : Number.NaN,
        cpuPct: (serverCpu / elapsedMs) * 100,
        rssMiB: server.rssKiB() / 1024,
        delivered,
        echo: (received - delivered) / totalWrites,
        genCpu: ((genCpu.user + genCpu.system) / 1000 / elapsedMs) * 100,
        genLag: lag.percentile(99) / 1e6,
      },
    };
  } finally {
    await closeAll(clients.filter((c) => c !== undefined));
  }
}
