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
 * Knobs: BENCH_QUICK=1, BENCH_CLUSTER_CLIENTS, BENCH_CLUSTER_CONNECTIONS, BENCH_CLUSTER_SKIP_CONNECT=1,
 * BENCH_CLUSTER_ROUNDS (fan-out rounds, the three set-ups taking turns in each; rows are medians).
 */
import crypto from 'node:crypto';
import pg from 'pg';
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
import { medianCells, quantile, sleep } from './stats.ts';

const quick = process.env.BENCH_QUICK === '1';
const clients = Number(process.env.BENCH_CLUSTER_CLIENTS ?? (quick ? 30 : 60));
const connections = Number(process.env.BENCH_CLUSTER_CONNECTIONS ?? (quick ? 600 : 15_000));
const skipConnect = process.env.BENCH_CLUSTER_SKIP_CONNECT === '1';
const rounds = Math.max(1, Number(process.env.BENCH_CLUSTER_ROUNDS ?? (quick ? 1 : 3)));

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

/**
 * What one fsynced commit of a small row costs on this machine's PostgreSQL: the floor of
 * Riffboard's latency with several instances, since every update is committed before any
 * instance sends it. 600 single-row inserts, one every 5 ms (no group commit to help).
 */
async function commitLatency(services: Services): Promise<{ p50: number; p90: number }> {
  const db = `bench_commit_${crypto.randomBytes(4).toString('hex')}`;
  await services.createDatabase(db);
  const client = new pg.Client({ connectionString: services.postgres.urlFor(db) });
  await client.connect();
  try {
    await client.query('CREATE TABLE probe (seq BIGSERIAL PRIMARY KEY, room_id TEXT NOT NULL, data BYTEA NOT NULL)');
    const row = Buffer.alloc(60, 7);
    const took: number[] = [];
    for (let i = 0; i < 600; i++) {
      const t0 = performance.now();
      await client.query('INSERT INTO probe (room_id, data) VALUES ($1, $2) RETURNING seq', ['probe-room', row]);
      took.push(performance.now() - t0);
      await sleep(5);
    }
    return { p50: quantile(took, 0.5), p90: quantile(took, 0.9) };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  if (!skipConnect) ensureFdLimit();
  installCleanupHandlers();
  const services = await startServices({ fsync: true });
  const assets = makeTempDir('cluster-assets');
  const serviceCpu = (): number => treeCpuMs(pidOf(services.postgres.pidFile)) + procCpuMs(pidOf(services.redis.pidFile));
  const fanout: SpreadFanoutConfig = {
    clients,
    writers: quick ? 3 : 6,
    writeHz: 10,
    seconds: quick ? 5 : 15,
    warmupSeconds: quick ? 1 : 5,
  };
  const fanRows: ServerRow[] = [];
  const connRows: ServerRow[] = [];
  const notes: string[] = [];
  const measured = new Map<string, { fan?: Record<string, Cell>; conn?: Record<string, Cell> }>();
  const setups: Array<{ key: string; start: () => Promise<Running>; connect: boolean }> = [
    { key: 'r1', start: () => riffboard(services, assets, 1), connect: false },
    { key: 'r3', start: () => riffboard(services, assets, 3), connect: true },
    { key: 'h3', start: () => hocuspocus(services, 3), connect: true },
  ];
  const fanRuns = new Map<string, Array<Record<string, Cell>>>();
  const labels = new Map<string, string>();
  const failed = new Map<string, string>();
  const serviceMs = new Map<string, number[]>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const setup of setups) {
        if (failed.has(setup.key)) continue;
        const cut = await setup.start();
        labels.set(setup.key, cut.label);
        const m = measured.get(setup.key) ?? {};
        measured.set(setup.key, m);
        try {
          const svc0 = serviceCpu();
          fanRuns.set(setup.key, [...(fanRuns.get(setup.key) ?? []), await runSpreadFanout(cut, fanout)]);
          serviceMs.set(setup.key, [...(serviceMs.get(setup.key) ?? []), serviceCpu() - svc0]);
          if (round === 1 && setup.connect && !skipConnect) {
            m.conn = await runSpreadConnect(cut, { connections, perRoom: 30, concurrency: 200 });
            connRows.push({ kind: 'riffboard', label: cut.label, values: m.conn });
          }
        } catch (err) {
          failed.set(setup.key, err instanceof Error ? err.message : String(err));
        } finally {
          await cut.dispose();
        }
      }
    }
    for (const setup of setups) {
      const label = labels.get(setup.key) ?? setup.key;
      const runs = fanRuns.get(setup.key) ?? [];
      const error = failed.get(setup.key);
      if (error !== undefined || runs.length === 0) {
        fanRows.push({ kind: 'riffboard', label, error: error ?? 'no run' });
        continue;
      }
      const m = measured.get(setup.key)!;
      m.fan = medianCells(runs);
      fanRows.push({ kind: 'riffboard', label, values: m.fan });
      const fmt = (key: string): string => runs.map((r) => (typeof r[key] === 'number' ? (r[key] as number).toFixed(1) : '–')).join(', ');
      notes.push(
        `${label}: p50 per round ${fmt('p50')} ms; CPU per 1k deliveries ${fmt('cpuPer1k')} ms; ` +
          `PostgreSQL + Redis used ${(serviceMs.get(setup.key) ?? []).map((v) => v.toFixed(0)).join(', ')} ms CPU during the fan-out runs.`,
      );
    }
    if (rounds > 1) notes.push(`Each row is the median of ${rounds} rounds; the three set-ups took turns in every round.`);
    const commit = await commitLatency(services);
    notes.push(
      `One fsynced single-row commit on this PostgreSQL (600, one every 5 ms): p50 ${commit.p50.toFixed(2)} ms, p90 ${commit.p90.toFixed(2)} ms — ` +
        'Riffboard pays one before any instance sends an update; Hocuspocus pays none.',
    );
    fanRows.push(ratioRow('Riffboard ×3 / Riffboard ×1', spreadFanoutColumns, measured.get('r3')?.fan, measured.get('r1')?.fan));
    fanRows.push(ratioRow('Riffboard ×3 / Hocuspocus ×3', spreadFanoutColumns, measured.get('r3')?.fan, measured.get('h3')?.fan));
    connRows.push(ratioRow('Riffboard ×3 / Hocuspocus ×3', spreadConnectColumns, measured.get('r3')?.conn, measured.get('h3')?.conn));
    console.log('## Scale-out benchmark');
    console.log('');
    console.log(
      formatScenario({
        title: `Fan-out: 1 room × ${clients} clients dealt over the instances`,
        setup:
          `${fanout.writers} writers × ${fanout.writeHz} writes/s × ${fanout.seconds} s after ${fanout.warmupSeconds} s of the same writes unmeasured; latency from send to applied on every other client; ` +
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
