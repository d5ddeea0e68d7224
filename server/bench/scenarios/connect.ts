/**
 * Connect-and-sync: open many connections spread over rooms, with bounded concurrency, each doing
 * the full handshake (until the server's sync step 2), and measure the total time, the per
 * connection time, and how much the server's RSS grows per open connection.
 */
import type { BenchConfig } from '../config.ts';
import { closeAll, connectSynced, type LoadClient } from '../loadClient.ts';
import type { Cell, Column } from '../report.ts';
import type { ServerHandle } from '../servers.ts';
import { quantile, runBounded, sleep } from '../stats.ts';

type ConnectConfig = BenchConfig['connect'];

export const connectColumns: readonly Column[] = [
  { key: 'totalS', header: 'all synced s', digits: 2, better: 'lower' },
  { key: 'rate', header: 'conn/s', digits: 0, better: 'higher' },
  { key: 'p50', header: 'conn p50 ms', digits: 1, better: 'lower' },
  { key: 'p99', header: 'conn p99 ms', digits: 1, better: 'lower' },
  { key: 'kibPerConn', header: 'RSS KiB/conn', digits: 1, better: 'lower' },
  { key: 'rssMiB', header: 'RSS MiB', digits: 0, better: 'lower' },
  { key: 'cpuPerConn', header: 'CPU ms/conn', digits: 2, better: 'lower' },
  { key: 'failed', header: 'failed', digits: 0 },
  { key: 'genCpu', header: 'gen CPU %', digits: 0 },
];

export function connectSetup(cfg: ConnectConfig): string {
  return (
    `${cfg.connections.toLocaleString('en-US')} connections over ${cfg.rooms} rooms (${Math.round(cfg.connections / cfg.rooms)}/room), ` +
    `${cfg.concurrency} handshakes in flight; "synced" = server's sync step 2 received. ` +
    `RSS growth = (RSS with all open, after 1 s settle − RSS after creating the rooms) / connections.`
  );
}

export async function runConnect(server: ServerHandle, cfg: ConnectConfig): Promise<{ values: Record<string, Cell>; notes: string[] }> {
  const notes: string[] = [];
  const roomIds: string[] = [];
  for (let r = 0; r < cfg.rooms; r++) roomIds.push(await server.createRoom());
  await sleep(500);
  const rss0 = server.rssKiB();
  const cpu0 = server.cpuMs();

  const clients: LoadClient[] = [];
  const times = new Float64Array(cfg.connections);
  const failures = new Map<string, number>();
  let failed = 0;
  const genCpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await runBounded(cfg.connections, cfg.concurrency, async (i) => {
      const roomId = roomIds[i % roomIds.length];
      if (roomId === undefined) throw new Error('room index out of range');
      const started = performance.now();
      try {
        const c = await connectSynced(server.wsUrl(roomId), 60_000);
        clients.push(c);
        times[i] = performance.now() - started;
      } catch (err) {
        failed++;
        times[i] = Number.NaN;
        const msg = (err instanceof Error ? err.message : String(err)).replace(/ws:\/\/\S+: /, '');
        failures.set(msg, (failures.get(msg) ?? 0) + 1);
      }
    });
    const totalMs = performance.now() - t0;
    const cpu1 = server.cpuMs();
    const genCpu = process.cpuUsage(genCpu0);
    await sleep(1000);
    const rss1 = server.rssKiB();
    const stillOpen = clients.filter((c) => c.isOpen).length;
    if (stillOpen < clients.length)
      notes.push(`${server.label}: ${clients.length - stillOpen} synced connection(s) closed before the RSS reading`);
    for (const [msg, n] of failures) notes.push(`${server.label}: ${n} connection(s) failed: ${msg}`);
    const genPct = ((genCpu.user + genCpu.system) / 1000 / totalMs) * 100;
    if (genPct >= 85) {
      notes.push(
        `${server.label}: the generator was CPU-bound (${genPct.toFixed(0)}% of a core), so conn/s and times are capped by it; compare CPU ms/conn`,
      );
    }
    const ok = times.filter((t) => !Number.isNaN(t));
    return {
      notes,
      values: {
        totalS: totalMs / 1000,
        rate: clients.length / (totalMs / 1000),
        p50: quantile(ok, 0.5),
        p99: quantile(ok, 0.99),
        kibPerConn: (rss1 - rss0) / Math.max(1, stillOpen),
        rssMiB: rss1 / 1024,
        cpuPerConn: (cpu1 - cpu0) / Math.max(1, clients.length),
        failed,
        genCpu: genPct,
      },
    };
  } finally {
    await closeAll(clients);
  }
}
