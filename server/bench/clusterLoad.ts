/**
 * The scale-out bench's two loads, run the same way against any cluster (Riffboard or
 * Hocuspocus, one instance or several) through {@link ClusterClient}:
 *
 * - Fan-out: one room whose clients are dealt round-robin over the instances; a few writers set
 *   one Y.Map key each at a steady rate with the send time in the value, and every other client
 *   records when the change reached its own Y.Doc (decode + apply included). CPU per delivery is
 *   the CPU of every instance of the cluster divided by the deliveries.
 * - Connections: many connections dealt round-robin over the instances and over rooms, a bounded
 *   number of handshakes in flight; time until all are synced, RSS growth per connection (summed
 *   over the instances), CPU per connection.
 */
import type * as Y from 'yjs';
import { ClusterClient, type Dialect } from './clusterClient.ts';
import type { Cell, Column } from './report.ts';
import { quantile, runBounded, sleep, wallMs } from './stats.ts';

/** A cluster under test: its instances, how to make a room and where a client of it connects. */
export interface ClusterUnderTest {
  readonly label: string;
  readonly dialect: Dialect;
  readonly nodes: ReadonlyArray<{ cpuMs(): number; rssKiB(): number }>;
  createRoom(): Promise<string>;
  url(roomId: string, node: number): string;
}

// A root Riffboard's schema names whose entries it does not validate (as in scenarios/fanout.ts).
const MAP = 'backlog';

const sum = (c: ClusterUnderTest, f: (n: ClusterUnderTest['nodes'][number]) => number): number => c.nodes.reduce((s, n) => s + f(n), 0);

async function closeAll(clients: readonly (ClusterClient | undefined)[]): Promise<void> {
  for (let i = 0; i < clients.length; i += 500) await Promise.all(clients.slice(i, i + 500).map((c) => c?.close()));
}

export interface SpreadFanoutConfig {
  readonly clients: number;
  readonly writers: number;
  readonly writeHz: number;
  readonly seconds: number;
  /** The same writes, unmeasured and under other keys, before the measured ones (code warms up). */
  readonly warmupSeconds: number;
}

const WARMUP_PREFIX = 'warmup-';

/** Each writer writes `writesEach` times at `hz`, evenly staggered. */
async function writeSchedule(
  clients: readonly ClusterClient[],
  writers: number,
  hz: number,
  writesEach: number,
  keyPrefix: string,
): Promise<void> {
  const t0 = performance.now();
  const period = 1000 / hz;
  const events: Array<{ at: number; w: number; k: number }> = [];
  for (let w = 0; w < writers; w++)
    for (let k = 0; k < writesEach; k++) events.push({ at: t0 + (w / writers) * period + k * period, w, k });
  events.sort((a, b) => a.at - b.at);
  for (const ev of events) {
    const wait = ev.at - performance.now();
    if (wait > 0) await sleep(wait);
    clients[ev.w]!.doc.getMap(MAP).set(`${keyPrefix}w${ev.w}`, { t: wallMs(), s: ev.k });
  }
}

export const spreadFanoutColumns: readonly Column[] = [
  { key: 'p50', header: 'p50 ms', digits: 1, better: 'lower' },
  { key: 'p99', header: 'p99 ms', digits: 1, better: 'lower' },
  { key: 'cpuPer1k', header: 'CPU ms/1k deliv.', digits: 1, better: 'lower' },
  { key: 'rate', header: 'delivered/s', digits: 0, better: 'higher' },
  { key: 'delivered', header: 'delivered', digits: 0 },
  { key: 'superseded', header: 'superseded', digits: 0 },
  { key: 'expected', header: 'due', digits: 0 },
  { key: 'rssMiB', header: 'RSS MiB', digits: 0, better: 'lower' },
];

export async function runSpreadFanout(c: ClusterUnderTest, cfg: SpreadFanoutConfig): Promise<Record<string, Cell>> {
  const roomId = await c.createRoom();
  const clients: ClusterClient[] = [];
  try {
    await runBounded(cfg.clients, 20, async (i) => {
      const client = new ClusterClient(c.url(roomId, i % c.nodes.length), c.dialect, roomId);
      clients[i] = client;
      await client.whenSynced();
    });
    const writesEach = Math.round(cfg.writeHz * cfg.seconds);
    const expected = cfg.writers * writesEach * (cfg.clients - 1);
    const latencies = new Float64Array(expected);
    let delivered = 0;
    // Two writes of one key that reach a client in one update show only the later one: the
    // earlier is superseded (merged on the way), not lost. Counted from the gap in `s`.
    let superseded = 0;
    let lastReceive = 0;
    let warmDelivered = 0;
    for (const client of clients) {
      const map = client.doc.getMap<{ t: number; s: number }>(MAP);
      const lastSeen = new Map<string, number>();
      map.observe((event: Y.YMapEvent<{ t: number; s: number }>) => {
        if (!client.isRemote(event.transaction.origin)) return;
        const now = wallMs();
        lastReceive = now;
        for (const key of event.keysChanged) {
          if (key.startsWith(WARMUP_PREFIX)) {
            warmDelivered++;
            continue;
          }
          const v = map.get(key);
          if (!v) continue;
          if (delivered < expected) latencies[delivered] = now - v.t;
          delivered++;
          superseded += Math.max(0, v.s - (lastSeen.get(key) ?? -1) - 1);
          lastSeen.set(key, v.s);
        }
      });
    }
    await sleep(500);
    const warmWrites = Math.round(cfg.writeHz * cfg.warmupSeconds);
    await writeSchedule(clients, cfg.writers, cfg.writeHz, warmWrites, WARMUP_PREFIX);
    const warmDeadline = performance.now() + 15_000;
    while (warmDelivered < cfg.writers * warmWrites * (cfg.clients - 1) && performance.now() < warmDeadline) await sleep(5);
    const cpu0 = sum(c, (n) => n.cpuMs());
    const wall0 = wallMs();
    await writeSchedule(clients, cfg.writers, cfg.writeHz, writesEach, '');
    const deadline = performance.now() + 15_000 + cfg.seconds * 1000;
    while (delivered + superseded < expected && performance.now() < deadline) await sleep(5);
    const cpu = sum(c, (n) => n.cpuMs()) - cpu0;
    const measured = latencies.subarray(0, Math.min(delivered, expected));
    return {
      p50: quantile(measured, 0.5),
      p99: quantile(measured, 0.99),
      cpuPer1k: delivered > 0 ? cpu / (delivered / 1000) : Number.NaN,
      rate: delivered / ((lastReceive - wall0) / 1000),
      delivered,
      superseded,
      expected,
      rssMiB: sum(c, (n) => n.rssKiB()) / 1024,
    };
  } finally {
    await closeAll(clients);
  }
}

export interface SpreadConnectConfig {
  readonly connections: number;
  readonly perRoom: number;
  readonly concurrency: number;
}

export const spreadConnectColumns: readonly Column[] = [
  { key: 'totalS', header: 'all synced s', digits: 1, better: 'lower' },
  { key: 'rate', header: 'conn/s', digits: 0, better: 'higher' },
  { key: 'p50', header: 'conn p50 ms', digits: 0, better: 'lower' },
  { key: 'p99', header: 'conn p99 ms', digits: 0, better: 'lower' },
  { key: 'kibPerConn', header: 'RSS KiB/conn', digits: 1, better: 'lower' },
  { key: 'rssMiB', header: 'RSS MiB', digits: 0, better: 'lower' },
  { key: 'cpuPerConn', header: 'CPU ms/conn', digits: 2, better: 'lower' },
  { key: 'failed', header: 'failed', digits: 0 },
];

export async function runSpreadConnect(c: ClusterUnderTest, cfg: SpreadConnectConfig): Promise<Record<string, Cell>> {
  const rooms: string[] = [];
  for (let r = 0; r < Math.ceil(cfg.connections / cfg.perRoom); r++) rooms.push(await c.createRoom());
  await sleep(500);
  const rss0 = sum(c, (n) => n.rssKiB());
  const cpu0 = sum(c, (n) => n.cpuMs());
  const clients: Array<ClusterClient | undefined> = new Array(cfg.connections);
  const times: number[] = [];
  const synced: ClusterClient[] = [];
  let failed = 0;
  const t0 = performance.now();
  try {
    await runBounded(cfg.connections, cfg.concurrency, async (i) => {
      const room = rooms[i % rooms.length]!;
      const started = performance.now();
      const client = new ClusterClient(c.url(room, i % c.nodes.length), c.dialect, room);
      clients[i] = client;
      try {
        await client.whenSynced();
        times.push(performance.now() - started);
        synced.push(client);
      } catch {
        failed++;
      }
    });
    const totalMs = performance.now() - t0;
    const cpu = sum(c, (n) => n.cpuMs()) - cpu0;
    await sleep(1000);
    const open = synced.filter((x) => x.isOpen).length;
    const rss1 = sum(c, (n) => n.rssKiB());
    return {
      totalS: totalMs / 1000,
      rate: times.length / (totalMs / 1000),
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
      kibPerConn: (rss1 - rss0) / Math.max(1, open),
      rssMiB: rss1 / 1024,
      cpuPerConn: cpu / Math.max(1, times.length),
      // Failed to sync, or closed again before the RSS reading.
      failed: failed + (synced.length - open),
    };
  } finally {
    await closeAll(clients);
  }
}
