/**
 * Private PostgreSQL and Redis servers for tests, benchmarks and local multi-instance runs.
 *
 * Each server gets a free loopback port and its own data directory under a temp dir, and is
 * stopped by its PID, so nothing touches a system-wide service. Missing binaries are installed
 * from Debian's packages when running as root (CI, fresh machines); otherwise this throws a
 * one-line instruction. PostgreSQL refuses to run as root, so as root its commands run as the
 * `postgres` user that the Debian package creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const isRoot = process.getuid?.() === 0;

function run(cmd: string, args: readonly string[], opts: { asPostgres?: boolean } = {}): string {
  if (opts.asPostgres && isRoot) {
    const line = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

function redisBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

let aptUpdated = false;
function aptInstall(pkg: string): void {
  if (!isRoot) throw new Error(`${pkg} is not installed: run "sudo apt-get install -y ${pkg}" (the server's tests need it).`);
  if (!aptUpdated) {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Makes sure both servers' binaries are present, installing them if needed (see the header). */
export function ensureBinaries(): { pgBin: string; redisServer: string } {
  if (!postgresBinDir()) aptInstall('postgresql');
  if (!redisBinary()) aptInstall('redis-server');
  const pgBin = postgresBinDir();
  const redisServer = redisBinary();
  if (!pgBin || !redisServer) throw new Error('PostgreSQL or Redis is still missing after installing them.');
  return { pgBin, redisServer };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends `signal` to the process in `pidFile` (if any) and waits until it has exited. */
async function stopByPidFile(pidFile: string, signal: NodeJS.Signals, what: string): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, signal);
  await waitFor(() => !alive(pid), `${what} (pid ${pid}) to stop`);
}

/** A PostgreSQL server of its own; `stop`/`start` keep its port and data (for outage tests). */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly fsync: boolean,
  ) {}

  /** Connection string of the cluster's `postgres` database (trust auth on loopback). */
  get url(): string {
    return this.urlFor('postgres');
  }

  get pidFile(): string {
    return path.join(this.dir, 'postmaster.pid');
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * `fsync: false` suits tests (only the app is ever killed, never the machine); benchmarks keep
   * it on so that commit latency is what a real deployment pays.
   */
  static async create(parent: string, opts: { fsync?: boolean } = {}): Promise<PrivatePostgres> {
    const { pgBin } = ensureBinaries();
    const dir = path.join(parent, 'pg');
    fs.mkdirSync(dir, { mode: 0o700 });
    if (isRoot) {
      // The postgres user must reach and own its data directory.
      const uid = Number(run('id', ['-u', 'postgres']).trim());
      const gid = Number(run('id', ['-g', 'postgres']).trim());
      fs.chmodSync(parent, 0o755);
      fs.chownSync(dir, uid, gid);
    }
    run(path.join(pgBin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync'], { asPostgres: true });
    const pg = new PrivatePostgres(await freePort(), dir, pgBin, opts.fsync ?? false);
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=${this.fsync ? 'on' : 'off'}`;
    run(path.join(this.bin, 'pg_ctl'), ['-D', this.dir, '-o', opts, '-l', path.join(this.dir, 'server.log'), '-w', 'start'], {
      asPostgres: true,
    });
  }

  /** Fast shutdown (SIGINT to the postmaster): open connections are cut, as in an outage. */
  async stop(): Promise<void> {
    await stopByPidFile(path.join(this.dir, 'postmaster.pid'), 'SIGINT', 'PostgreSQL');
  }
}

/** A Redis server of its own, without persistence; `stop`/`start` keep its port. */
export class PrivateRedis {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pidFile(): string {
    return path.join(this.dir, 'redis.pid');
  }

  static async create(parent: string): Promise<PrivateRedis> {
    const { redisServer } = ensureBinaries();
    const dir = path.join(parent, 'redis');
    fs.mkdirSync(dir);
    const redis = new PrivateRedis(await freePort(), dir, redisServer);
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const pidFile = path.join(this.dir, 'redis.pid');
    run(this.bin, [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      pidFile,
      '--dir',
      this.dir,
      '--logfile',
      path.join(this.dir, 'redis.log'),
    ]);
    await waitFor(() => fs.existsSync(pidFile), 'Redis to write its pid file');
    await waitFor(() => canConnect(this.port), 'Redis to accept connections');
  }

  async stop(): Promise<void> {
    await stopByPidFile(path.join(this.dir, 'redis.pid'), 'SIGTERM', 'Redis');
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Services {
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  /** Creates an empty database (name: letters, digits, underscores). */
  createDatabase(name: string): Promise<void>;
  /** Stops both servers and removes their data. */
  stop(): Promise<void>;
}

/** Starts a private PostgreSQL and Redis under one fresh temp dir. */
export async function startServices(opts: { fsync?: boolean } = {}): Promise<Services> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'riffboard-services-'));
  const postgres = await PrivatePostgres.create(parent, opts);
  let redis: PrivateRedis;
  try {
    redis = await PrivateRedis.create(parent);
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  return {
    postgres,
    redis,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
    },
    async stop() {
      await Promise.allSettled([postgres.stop(), redis.stop()]);
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
