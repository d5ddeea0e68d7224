/**
 * Benchmark knobs, all from the environment. BENCH_QUICK=1 scales everything down to a < 1 minute
 * smoke run; any single knob below overrides the preset.
 *
 *   BENCH_QUICK=1                 smoke-run preset
 *   BENCH_SERVERS=a,b             subset of riffboard,peer-memory,peer-leveldb
 *   BENCH_SCENARIOS=a,b           subset of fanout-1room,fanout-rooms,connect,cold-load,storm,drags
 *   BENCH_FANOUT_SECONDS          how long writers write, per fan-out scenario
 *   BENCH_WRITE_HZ                writes per second per writer
 *   BENCH_FANOUT_WARMUP_SECONDS   unmeasured writes before each fan-out measurement (0: none)
 *   BENCH_FANOUT_ROUNDS           rounds of each fan-out scenario (servers take turns; the median is reported)
 *   BENCH_CONNECTIONS             connect-and-sync: total connections
 *   BENCH_CONNECT_ROOMS           connect-and-sync: rooms they are spread over
 *   BENCH_CONNECT_CONCURRENCY     connect-and-sync: connections in flight at once
 *   BENCH_ROOM_MB                 cold load: target room size in MB
 *   BENCH_COLD_RUNS               cold load: measured loads per server (median reported)
 *   BENCH_UNLOAD_WAIT_MS          cold load: wait after the last client leaves before reloading
 *   BENCH_STORM_ROOMS             reconnect storm: rooms
 *   BENCH_STORM_CLIENTS           reconnect storm: clients per room
 *   BENCH_STORM_ROOM_MB           reconnect storm: size of each room in MB
 *   BENCH_STORM_WINDOW_MS         reconnect storm: the first attempts land within this long after the restart
 *   BENCH_DRAGS                   drags: how many one-shape drags the long session makes
 *   BENCH_DRAGS_SHORT             drags: how many the short session it is compared with makes
 *   BENCH_DRAGS_PER_TAB           drags: a new tab (Yjs client) after this many drags
 *   BENCH_RIFFBOARD_LOG_LEVEL     LOG_LEVEL given to Riffboard (default warn)
 *   BENCH_SHOW_LOGS=1             copy every server log line to stderr after each run
 *   BENCH_NODE_ARGS               extra node flags for every server process, e.g. "--cpu-prof --cpu-prof-dir=<dir>"
 *                                 (a profile is written when the server exits; pick one server with BENCH_SERVERS)
 */
import { ALL_KINDS, type ServerKind } from './servers.ts';

export const SCENARIOS = ['fanout-1room', 'fanout-rooms', 'connect', 'cold-load', 'storm', 'drags'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface FanoutConfig {
  readonly name: ScenarioName;
  readonly title: string;
  readonly rooms: number;
  readonly clientsPerRoom: number;
  readonly writersPerRoom: number;
  readonly writeHz: number;
  readonly seconds: number;
  /** The same load, unmeasured, before the measured writes (the server's code warms up). */
  readonly warmupSeconds: number;
}

export interface BenchConfig {
  readonly quick: boolean;
  readonly servers: readonly ServerKind[];
  readonly scenarios: readonly ScenarioName[];
  readonly fanoutOneRoom: FanoutConfig;
  readonly fanoutManyRooms: FanoutConfig;
  readonly fanoutRounds: number;
  readonly connect: { readonly connections: number; readonly rooms: number; readonly concurrency: number };
  readonly cold: { readonly roomMB: number; readonly runs: number; readonly unloadWaitMs: number };
  readonly storm: { readonly rooms: number; readonly clientsPerRoom: number; readonly roomMB: number; readonly windowMs: number };
  readonly drags: { readonly long: number; readonly short: number; readonly perTab: number };
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return v;
}

function list<T extends string>(name: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...allowed];
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`${name}: unknown "${item}" (allowed: ${allowed.join(', ')})`);
  }
  return allowed.filter((a) => items.includes(a));
}

export function readConfig(): BenchConfig {
  const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
  const seconds = num('BENCH_FANOUT_SECONDS', quick ? 2 : 8);
  const writeHz = num('BENCH_WRITE_HZ', 5);
  const warmupSeconds = process.env.BENCH_FANOUT_WARMUP_SECONDS === '0' ? 0 : num('BENCH_FANOUT_WARMUP_SECONDS', quick ? 1 : 5);
  return {
    quick,
    servers: list('BENCH_SERVERS', ALL_KINDS),
    scenarios: list('BENCH_SCENARIOS', SCENARIOS),
    fanoutOneRoom: {
      name: 'fanout-1room',
      title: 'Fan-out, 1 room',
      rooms: 1,
      clientsPerRoom: quick ? 50 : 200,
      writersPerRoom: quick ? 5 : 10,
      writeHz,
      seconds,
      warmupSeconds,
    },
    fanoutRounds: Math.round(num('BENCH_FANOUT_ROUNDS', quick ? 1 : 3)),
    fanoutManyRooms: {
      name: 'fanout-rooms',
      title: 'Fan-out, many rooms',
      rooms: quick ? 10 : 50,
      clientsPerRoom: 10,
      writersPerRoom: 2,
      writeHz,
      seconds,
      warmupSeconds,
    },
    connect: {
      connections: Math.round(num('BENCH_CONNECTIONS', quick ? 500 : 5000)),
      rooms: Math.round(num('BENCH_CONNECT_ROOMS', quick ? 10 : 100)),
      concurrency: Math.round(num('BENCH_CONNECT_CONCURRENCY', 100)),
    },
    cold: {
      roomMB: num('BENCH_ROOM_MB', quick ? 1 : 5),
      runs: Math.round(num('BENCH_COLD_RUNS', quick ? 2 : 5)),
      unloadWaitMs: Math.round(num('BENCH_UNLOAD_WAIT_MS', quick ? 800 : 1500)),
    },
    storm: {
      rooms: Math.round(num('BENCH_STORM_ROOMS', quick ? 5 : 50)),
      clientsPerRoom: Math.round(num('BENCH_STORM_CLIENTS', 10)),
      roomMB: num('BENCH_STORM_ROOM_MB', quick ? 1 : 5),
      windowMs: Math.round(num('BENCH_STORM_WINDOW_MS', 1000)),
    },
    drags: {
      long: Math.round(num('BENCH_DRAGS', quick ? 10_000 : 100_000)),
      short: Math.round(num('BENCH_DRAGS_SHORT', 1000)),
      perTab: Math.round(num('BENCH_DRAGS_PER_TAB', 1000)),
    },
  };
}
