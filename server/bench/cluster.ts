/**
 * Scale-out benchmark, side by side in one run with one load generator (clusterLoad.ts):
 *
 * - Riffboard ×1 (PostgreSQL), Riffboard ×3 (PostgreSQL + Redis) and Hocuspocus ×3 (its Redis
 *   extension, same Redis; documents in memory, no database): fan-out p50/p99 and CPU per
 *   delivered update for one room whose clients are dealt over the instances.
 * - Riffboard ×3 and Hocuspocus ×3: 15,000 connections dealt over the three instances (time to
 *   sync all, RSS and CPU per connection).
 *
 * PostgreSQL and Redis are private (scripts/services.ts) with fsync on, so commits cost what a real
 * deployment pays. File descriptors: this process holds one per connection and each instance a
 * third of them; the soft limit is raised to the hard one for the servers (servers.ts does it for
 * Riffboard, the same shell line for Hocuspocus) and for this process by re-running it (ensureFdLimit).
 * Knobs: BENCH_QUICK=1, BENCH_CLUSTER_CLIENTS, BENCH_CLUSTER_CONNECTIONS, BENCH_CLUSTER_SKIP_CONNECT=1.
 */
import crypto from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startServices, type Services } from '../scripts/services.ts';
import { freePort, launch, SERVER_DIR, type ServerHandle } from './servers.ts';
import { installCleanupHandlers, makeTempDir, removeTempDir, trackChild, untrackChild } from './cleanup.ts';
import {
  runSpreadConnect,
  runSpreadFanout,
  spreadConnectColumns,
  spreadFanoutColumns,
  type ClusterUnderTest,
  type SpreadFanoutConfig,
} from './clusterLoad.ts';
import { formatScenario, type Cell, type Column, type ServerRow } from './report.ts';
import { procCpuMs, procRssKiB } from './procStats.ts';
import { sleep } from './stats.ts';

const quick = process.env.BENCH_QUICK === '1';
const clients = Number(process.env.BENCH_CLUSTER_CLIENTS ?? (quick ? 30 : 60));
const connections = Number(process.env.BENCH_CLUSTER_CONNECTIONS ?? (quick ? 600 : 15_000));
const skipConnect = process.env.BENCH_CLUSTER_SKIP_CONNECT === '1';

interface Running extends ClusterUnderTest {
  dispose(): Promise<void>;
}

/** Riffboard instances on one database (and Redis when several): rooms made on the first. */
async function riffboard(services: Services, assets: string, instances: number): Promise<Running> {
  const db = `bench_${crypto.randomBytes(4).toString('hex')}`;
  await services.createDatabase(db);
  // Children inherit the environment.
  process.env.DATABASE_URL = services.postgres.urlFor(db);
  process.env.TOKEN_SECRET = 'bench-cluster-secret-0123456789abcdef';
  process.env.ASSETS_DIR = assets;
  if (instances > 1) process.env.REDIS_URL = services.redis.url;
  else delete process.env.REDIS_URL;
  const nodes: ServerHandle[] = [];
  for (let i = 0; i < instances; i++) nodes.push(await launch('riffboard'));
  const first = nodes[0]!;
  return {
    label: instances > 1 ? `Riffboard ×${instances} (PostgreSQL + Redis)` : 'Riffboard ×1 (PostgreSQL)',
    dialect: 'y-websocket',
    nodes,
    createRoom: () => first.createRoom(),
    url: (roomId, node) => first.wsUrl(roomId).replace(`:${first.port}/`, `:${nodes[node]!.port}/`),
    dispose: async () => {
      for (const n of nodes) await n.dispose();
    },
  };
}

/** Hocuspocus instances (hocuspocus-server.ts) on the same Redis; any name is a document. */
async function hocuspocus(services: Services, instances: number): Promise<Running> {
  const nodes: Array<{ port: number; cpuMs(): number; rssKiB(): number; stop(): Promise<void> }> = [];
  for (let i = 0; i < instances; i++) {
    const port = await freePort();
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', process.execPath, '--import', 'tsx', 'bench/hocuspocus-server.ts'],
      { cwd: SERVER_DIR, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: services.redis.url }, stdio: 'ignore' },
    );
    trackChild(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let tries = 0; ; tries++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (tries > 600) throw new Error('Hocuspocus did not start within 60 s');
      await sleep(100);
    }
    const pid = child.pid!;
    nodes.push({
      port,
      cpuMs: () => procCpuMs(pid),
      rssKiB: () => procRssKiB(pid),
      stop: async () => {
        child.kill('SIGKILL');
        await exited;
        untrackChild(child);
      },
    });
  }
  return {
    label: `Hocuspocus ×${instances} (Redis extension)`,
    dialect: 'hocuspocus',
    nodes,
    createRoom: async () => `bench-${crypto.randomBytes(6).toString('hex')}`,
    url: (_roomId, node) => `ws://127.0.0.1:${nodes[node]!.port}/`,
    dispose: async () => {
      for (const n of nodes) await n.stop();
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

/** A row of ratios between two measured rows (a / b) for the columns that have a direction. */
function ratioRow(
  label: string,
  columns: readonly Column[],
  a: Record<string, Cell> | undefined,
  b: Record<string, Cell> | undefined,
): ServerRow {
  const values: Record<string, Cell> = {};
  for (const c of columns) {
    const x = a?.[c.key];
    const y = b?.[c.key];
    values[c.key] = c.better && typeof x === 'number' && typeof y === 'number' && y !== 0 ? `${(x / y).toFixed(2)}×` : '';
  }
  return { kind: 'riffboard', label, values };
}

/**
 * The bench process holds every client socket: it needs one descriptor per connection. Node can't
 * raise its own limit, so when the soft one is too low this runs itself again under a shell that
 * raises it to the hard one; if even that is too low it says so in a sentence.
 * The re-run does the work; this process exits with its status.
 */
function ensureFdLimit(): void {
  const limit = (flag: string): number => Number(spawnSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).stdout.trim());
  const needed = connections + 1000;
  const soft = limit('-n');
  if (!Number.isFinite(soft) || soft >= needed) return;
  const hard = limit('-Hn');
  if (process.env.BENCH_CLUSTER_RAISED === '1' || (Number.isFinite(hard) && hard < needed))
    throw new Error(`ulimit -n is ${soft} (hard ${hard}); ${connections} connections need about ${needed}: raise the hard limit`);
  const rerun = spawnSync(
    '/bin/sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$@"', 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, BENCH_CLUSTER_RAISED: '1' } },
  );
  process.exit(rerun.status ?? 1);
}

async function main(): Promise<void> {
  if (!skipConnect) ensureFdLimit();
  installCleanupHandlers();
  const services = await startServices({ fsync: true });
  const assets = makeTempDir('cluster-assets');
  const serviceCpu = (): number => treeCpuMs(pidOf(services.postgres.pidFile)) + procCpuMs(pidOf(services.redis.pidFile));
  const fanout: SpreadFanoutConfig = { clients, writers: quick ? 3 : 6, writeHz: 10, seconds: quick ? 5 : 15 };
  const fanRows: ServerRow[] = [];
  const connRows: ServerRow[] = [];
  const notes: string[] = [];
  const measured = new Map<string, { fan?: Record<string, Cell>; conn?: Record<string, Cell> }>();
  const setups: Array<{ key: string; start: () => Promise<Running>; connect: boolean }> = [
    { key: 'r1', start: () => riffboard(services, assets, 1), connect: false },
    { key: 'r3', start: () => riffboard(services, assets, 3), connect: true },
    { key: 'h3', start: () => hocuspocus(services, 3), connect: true },
  ];
  try {
    for (const setup of setups) {
      const cut = await setup.start();
      const m: { fan?: Record<string, Cell>; conn?: Record<string, Cell> } = {};
      measured.set(setup.key, m);
      try {
        const svc0 = serviceCpu();
        m.fan = await runSpreadFanout(cut, fanout);
        fanRows.push({ kind: 'riffboard', label: cut.label, values: m.fan });
        notes.push(`${cut.label}: PostgreSQL + Redis used ${(serviceCpu() - svc0).toFixed(0)} ms CPU during the fan-out run.`);
        if (setup.connect && !skipConnect) {
          m.conn = await runSpreadConnect(cut, { connections, perRoom: 30, concurrency: 200 });
          connRows.push({ kind: 'riffboard', label: cut.label, values: m.conn });
        }
      } catch (err) {
        fanRows.push({ kind: 'riffboard', label: cut.label, error: err instanceof Error ? err.message : String(err) });
      } finally {
        await cut.dispose();
      }
    }
    fanRows.push(ratioRow('Riffboard ×3 / Riffboard ×1', spreadFanoutColumns, measured.get('r3')?.fan, measured.get('r1')?.fan));
    fanRows.push(ratioRow('Riffboard ×3 / Hocuspocus ×3', spreadFanoutColumns, measured.get('r3')?.fan, measured.get('h3')?.fan));
    connRows.push(ratioRow('Riffboard ×3 / Hocuspocus ×3', spreadConnectColumns, measured.get('r3')?.conn, measured.get('h3')?.conn));
    console.log('## Scale-out benchmark');
    console.log('');
    console.log(
      formatScenario({
        title: `Fan-out: 1 room × ${clients} clients dealt over the instances`,
        setup:
          `${fanout.writers} writers × ${fanout.writeHz} writes/s × ${fanout.seconds} s; latency from send to applied on every other client; ` +
          'CPU is the sum over the instances (Riffboard commits each update to PostgreSQL, fsync on, before sending it; Hocuspocus stores nothing).',
        columns: spreadFanoutColumns,
        rows: fanRows,
        notes,
        seconds: 0,
      }),
    );
    if (!skipConnect) {
      console.log('');
      console.log(
        formatScenario({
          title: `Connections: ${connections.toLocaleString('en-US')} dealt over three instances`,
          setup: '30 per room, 200 handshakes in flight, raw clients (one socket + one Y.Doc each); RSS and CPU summed over the instances.',
          columns: spreadConnectColumns,
          rows: connRows,
          notes: [
            `ulimit -n: ${spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()} for this process (one descriptor per client).`,
          ],
          seconds: 0,
        }),
      );
    }
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
