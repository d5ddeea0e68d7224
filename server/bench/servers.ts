/**
 * Launching, restarting and measuring the servers under test. Each server is its own child
 * process (spawned directly, so the pid we hold is the node process whose /proc entries
 * `procStats.ts` reads). Every child and temp dir is registered with `cleanup.ts`, so it is removed
 * on any exit, including errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir, trackChild, untrackChild } from './cleanup.ts';
import { procCpuMs, procRssKiB } from './procStats.ts';
import { sleep } from './stats.ts';

export type ServerKind = 'riffboard' | 'peer-memory' | 'peer-leveldb';
export const ALL_KINDS: readonly ServerKind[] = ['riffboard', 'peer-memory', 'peer-leveldb'];

export const SERVER_LABEL: Record<ServerKind, string> = {
  riffboard: 'Riffboard (SQLite)',
  'peer-memory': 'y-ws-server (memory)',
  'peer-leveldb': 'y-ws-server (LevelDB)',
};

/** The server package directory (server/), the cwd of every child so `--import tsx` resolves. */
export const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RIFFBOARD_MAIN = path.join(SERVER_DIR, 'src', 'main.ts');

/**
 * Product limits sized for people (50 per room, 10 new rooms a minute per address, 300 messages a
 * second per connection) would refuse the synthetic load itself — 200 clients in one room, 100
 * rooms from one address — so the bench lifts them: it measures the engine, not the policy.
 */
const RIFFBOARD_LIMITS = {
  MAX_CONNECTIONS_PER_ROOM: '100000',
  ROOM_CREATIONS_PER_IP_PER_MINUTE: '100000',
  MESSAGES_PER_CONNECTION_PER_SECOND: '100000',
  MESSAGE_BURST_PER_CONNECTION: '100000',
  BYTES_PER_CONNECTION_PER_SECOND: '1099511627776',
  BYTE_BURST_PER_CONNECTION: '1099511627776',
} as const;

/** ROOM_UNLOAD_DELAY_MS given to Riffboard (see ChildServer.env). */
export const RIFFBOARD_UNLOAD_DELAY_MS = '250';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface ServerHandle {
  readonly kind: ServerKind;
  readonly label: string;
  readonly port: number;
  /** Storage directory (undefined for the in-memory peer). */
  readonly dataDir: string | undefined;
  /** The process currently running; changes on restart. */
  readonly pid: number;
  /** Spawn → /healthz 200 of the latest start, ms. */
  readonly lastStartupMs: number;
  /** Whether the server keeps documents across a process restart. */
  readonly durable: boolean;
  /** Creates a room and returns its id (Riffboard: POST /api/rooms; the peer takes any name). */
  createRoom(): Promise<string>;
  wsUrl(roomId: string): string;
  cpuMs(): number;
  /** CPU ms of every process this handle has run (restarts included; read up to each SIGTERM). */
  totalCpuMs(): number;
  rssKiB(): number;
  /** Lines the server printed (stdout+stderr) since the last call. */
  takeLog(): string[];
  /** Graceful stop (SIGTERM, then SIGKILL after a timeout) and start again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the process and removes its data dir. */
  dispose(): Promise<void>;
}

/** The exact command line each kind runs (cwd: server/). */
export function commandFor(kind: ServerKind): { argv: string[]; display: string } {
  const script = kind === 'riffboard' ? 'src/main.ts' : 'bench/peer-server.ts';
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server children.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const argv = [process.execPath, ...extra, '--import', 'tsx', script];
  const env =
    kind === 'riffboard'
      ? `PORT=<free> HOST=127.0.0.1 DATA_DIR=<tmp> LOG_LEVEL=warn ROOM_UNLOAD_DELAY_MS=${RIFFBOARD_UNLOAD_DELAY_MS} ${Object.entries(
          RIFFBOARD_LIMITS,
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : kind === 'peer-leveldb'
        ? 'PORT=<free> HOST=127.0.0.1 YPERSISTENCE=<tmp>'
        : 'PORT=<free> HOST=127.0.0.1';
  return { argv, display: `(cd server && ${env} node ${[...extra, '--import', 'tsx'].join(' ')} ${script})` };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
function randomRoomId(): string {
  let s = '';
  for (let i = 0; i < 21; i++) s += ID_ALPHABET[Math.floor(Math.random() * ID_ALPHABET.length)];
  return s;
}

class ChildServer implements ServerHandle {
  readonly label: string;
  readonly durable: boolean;
  lastStartupMs = Number.NaN;
  private child: ChildProcess | null = null;
  private log: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  private cpuOfPreviousProcesses = 0;
  /** Link tokens of the rooms this bench created (Riffboard only). */
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly kind: ServerKind,
    readonly port: number,
    readonly dataDir: string | undefined,
  ) {
    this.label = SERVER_LABEL[kind];
    this.durable = kind !== 'peer-memory';
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.label} is not running`);
    return pid;
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(this.port), HOST: '127.0.0.1' };
    delete env.YPERSISTENCE;
    delete env.DATA_DIR;
    // Don't let the bench's own knobs or a dev NODE_OPTIONS leak into the servers.
    delete env.NODE_OPTIONS;
    if (this.kind === 'riffboard') {
      env.DATA_DIR = this.dataDir;
      env.LOG_LEVEL = process.env.BENCH_RIFFBOARD_LOG_LEVEL ?? 'warn';
      // Product default is 2000 ms (kept for reconnects); shortened so the cold-load scenario's
      // "unloaded room" runs don't each wait 2+ s. It only changes when an idle room is dropped.
      env.ROOM_UNLOAD_DELAY_MS = RIFFBOARD_UNLOAD_DELAY_MS;
      Object.assign(env, RIFFBOARD_LIMITS);
    } else if (this.kind === 'peer-leveldb') {
      env.YPERSISTENCE = this.dataDir;
    }
    return env;
  }

  async start(): Promise<void> {
    const { argv } = commandFor(this.kind);
    const t0 = performance.now();
    // Raise the soft fd limit to the hard one in a shell that then execs node, so the pid we
    // hold is the node process's own.
    const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...argv], {
      cwd: SERVER_DIR,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    trackChild(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        untrackChild(child);
        if (this.child === child) this.child = null;
        this.log.push(`[exit code=${code} signal=${signal}]`);
        resolve();
      });
    });
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.log.push(line);
      if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.child !== child) {
        throw new Error(`${this.label} exited during startup:\n${this.log.slice(-30).join('\n')}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.label} not healthy after 60 s:\n${this.log.slice(-30).join('\n')}`);
      await sleep(25);
    }
    this.lastStartupMs = performance.now() - t0;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    try {
      this.cpuOfPreviousProcesses += this.cpuMs();
    } catch {
      // already exiting
    }
    child.kill('SIGTERM');
    const killed = await Promise.race([this.exited.then(() => false), sleep(15_000).then(() => true)]);
    if (killed) {
      this.log.push('[did not exit within 15 s of SIGTERM; SIGKILL]');
      child.kill('SIGKILL');
      await this.exited;
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.dataDir !== undefined) removeTempDir(this.dataDir);
  }

  async createRoom(): Promise<string> {
    if (this.kind !== 'riffboard') return randomRoomId();
    // Riffboard rooms are opened with a link token; the editor link's is kept for wsUrl().
    const res = await fetch(`http://127.0.0.1:${this.port}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/rooms → ${res.status}: ${text.slice(0, 200)}`);
    const body: unknown = JSON.parse(text);
    const roomId = typeof body === 'object' && body !== null ? (body as { roomId?: unknown }).roomId : undefined;
    if (typeof roomId !== 'string') throw new Error(`POST /api/rooms: no roomId in ${text.slice(0, 200)}`);
    const editorLink = (body as { links?: { editor?: unknown } }).links?.editor;
    const token = typeof editorLink === 'string' ? new URL(editorLink, 'http://x').searchParams.get('token') : null;
    if (!token) throw new Error(`POST /api/rooms: no editor link in ${text.slice(0, 200)}`);
    this.tokens.set(roomId, token);
    return roomId;
  }

  wsUrl(roomId: string): string {
    const token = this.tokens.get(roomId);
    return `ws://127.0.0.1:${this.port}/sync/${roomId}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  }

  cpuMs(): number {
    return procCpuMs(this.pid);
  }

  totalCpuMs(): number {
    return this.cpuOfPreviousProcesses + (this.child === null ? 0 : this.cpuMs());
  }

  rssKiB(): number {
    return procRssKiB(this.pid);
  }

  takeLog(): string[] {
    const out = this.log;
    this.log = [];
    return out;
  }
}

/** Starts a fresh server of the given kind (fresh port, fresh data dir). */
export async function launch(kind: ServerKind): Promise<ServerHandle> {
  const port = await freePort();
  const dataDir = kind === 'peer-memory' ? undefined : makeTempDir(kind);
  const server = new ChildServer(kind, port, dataDir);
  try {
    await server.start();
  } catch (err) {
    await server.dispose();
    throw err;
  }
  return server;
}

/** Whether Riffboard's entry point exists yet. */
export function riffboardPresent(): boolean {
  return fs.existsSync(RIFFBOARD_MAIN);
}
