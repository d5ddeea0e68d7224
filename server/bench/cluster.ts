/**
 * Scale-out benchmark: Riffboard as three instances (PostgreSQL + Redis) against one instance on
 * the same PostgreSQL, side by side in one run with one load generator.
 *
 * - Fan-out: one room whose clients are spread round-robin over the instances; latency p50/p99
 *   from send to applied on every other client, and CPU per 1,000 delivered updates, summed over
 *   every Riffboard process (Redis and PostgreSQL CPU are reported in the notes).
 * - Connections: many clients spread over the instances (time, RSS per connection).
 *
 * PostgreSQL and Redis are private (scripts/services.ts) with fsync on, so commit latency is what
 * a real deployment pays. Knobs: BENCH_QUICK=1, BENCH_CLUSTER_CLIENTS, BENCH_CLUSTER_CONNECTIONS.
 */
import crypto from 'node:crypto';
import { startServices } from '../scripts/services.ts';
import { launch, type ServerHandle } from './servers.ts';
import { installCleanupHandlers, makeTempDir, removeTempDir } from './cleanup.ts';
import { fanoutColumns, runFanout } from './scenarios/fanout.ts';
import { connectColumns, runConnect } from './scenarios/connect.ts';
import { formatScenario, type ServerRow } from './report.ts';
import { procCpuMs } from './procStats.ts';
import type { FanoutConfig } from './config.ts';
import fs from 'node:fs';

const quick = process.env.BENCH_QUICK === '1';
const clients = Number(process.env.BENCH_CLUSTER_CLIENTS ?? (quick ? 30 : 60));
const connections = Number(process.env.BENCH_CLUSTER_CONNECTIONS ?? (quick ? 600 : 3000));

/** Several instances behind one handle: rooms made on the first, clients dealt round-robin. */
function clusterHandle(label: string, nodes: readonly ServerHandle[]): ServerHandle {
  const first = nodes[0]!;
  let next = 0;
  return {
    ...first,
    label,
    kind: first.kind,
    port: first.port,
    dataDir: first.dataDir,
    pid: first.pid,
    lastStartupMs: first.lastStartupMs,
    durable: true,
    createRoom: () => first.createRoom(),
    wsUrl: (roomId) => {
      const node = nodes[next++ % nodes.length]!;
      return first.wsUrl(roomId).replace(`:${first.port}/`, `:${node.port}/`);
    },
    cpuMs: () => nodes.reduce((s, n) => s + n.cpuMs(), 0),
    totalCpuMs: () => nodes.reduce((s, n) => s + n.totalCpuMs(), 0),
    rssKiB: () => nodes.reduce((s, n) => s + n.rssKiB(), 0),
    takeLog: () => nodes.flatMap((n) => n.takeLog()),
    restart: async () => {
      for (const n of nodes) await n.restart();
    },
    dispose: async () => {
      for (const n of nodes) await n.dispose();
    },
  };
}

function pidOf(file: string): number {
  return Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
}

/** CPU ms of a process and its direct children (PostgreSQL runs one backend per connection). */
function treeCpuMs(root: number): number {
  let total = procCpuMs(root);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === root) total += procCpuMs(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const services = await startServices({ fsync: true });
  const assets = makeTempDir('cluster-assets');
  const serviceCpu = (): number => treeCpuMs(pidOf(services.postgres.pidFile)) + procCpuMs(pidOf(services.redis.pidFile));
  try {
    const fanout: FanoutConfig = {
      name: 'fanout-1room',
      title: 'Fan-out across instances',
      rooms: 1,
      clientsPerRoom: clients,
      writersPerRoom: quick ? 3 : 6,
      writeHz: 10,
      seconds: quick ? 5 : 15,
    };
    const setups: Array<{ label: string; instances: number; redis: boolean }> = [
      { label: 'Riffboard ×1 (PostgreSQL)', instances: 1, redis: false },
      { label: 'Riffboard ×3 (PostgreSQL + Redis)', instances: 3, redis: true },
    ];
    const fanRows: ServerRow[] = [];
    const connRows: ServerRow[] = [];
    const notes: string[] = [];
    for (const setup of setups) {
      // Children inherit the environment: each setup gets its own database.
      const db = `bench_${crypto.randomBytes(4).toString('hex')}`;
      await services.createDatabase(db);
      process.env.DATABASE_URL = services.postgres.urlFor(db);
      process.env.TOKEN_SECRET = 'bench-cluster-secret-0123456789abcdef';
      process.env.ASSETS_DIR = assets;
      if (setup.redis) process.env.REDIS_URL = services.redis.url;
      else delete process.env.REDIS_URL;
      const nodes: ServerHandle[] = [];
      for (let i = 0; i < setup.instances; i++) nodes.push(await launch('riffboard'));
      const handle = clusterHandle(setup.label, nodes);
      try {
        const svc0 = serviceCpu();
        const f = await runFanout(handle, fanout);
        const svcMs = serviceCpu() - svc0;
        fanRows.push({ kind: 'riffboard', label: setup.label, values: f.values });
        notes.push(...f.notes, `${setup.label}: PostgreSQL + Redis used ${svcMs.toFixed(0)} ms CPU during the fan-out run.`);
        const c = await runConnect(handle, { connections, rooms: Math.max(1, Math.round(connections / 30)), concurrency: 100 });
        connRows.push({ kind: 'riffboard', label: setup.label, values: c.values });
        notes.push(...c.notes);
      } finally {
        await handle.dispose();
      }
    }
    console.log('## Riffboard scale-out benchmark');
    console.log('');
    console.log(
      formatScenario({
        title: `Fan-out: 1 room × ${clients} clients spread over the instances`,
        setup: `${fanout.writersPerRoom} writers × ${fanout.writeHz} writes/s × ${fanout.seconds} s; CPU is the sum over all Riffboard processes.`,
        columns: fanoutColumns,
        rows: fanRows,
        notes: notes.filter((n) => !n.includes('connect')),
        seconds: 0,
      }),
    );
    console.log('');
    console.log(
      formatScenario({
        title: `Connect and sync: ${connections.toLocaleString('en-US')} connections spread over the instances`,
        setup: 'RSS is the sum over all Riffboard processes.',
        columns: connectColumns,
        rows: connRows,
        notes: [],
        seconds: 0,
      }),
    );
  } finally {
    await services.stop();
    removeTempDir(assets);
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
