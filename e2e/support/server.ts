/**
 * Starts the real Riffboard server as a child process on a free port with its own data
 * directory, serving the built client (`client/dist`; `pnpm --filter @riffboard/client build`
 * first). `stop()` ends exactly that process; `restart()` brings it back on the same port and
 * data directory, which is how the offline tests take the server away and return it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverDir = join(repoRoot, 'server');
// E2E_CLIENT_DIST serves another build (e.g. one made from a clean checkout while the tree is mid-edit).
export const clientDist = process.env.E2E_CLIENT_DIST ?? join(repoRoot, 'client', 'dist');

export interface ServerHandle {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** stop() and delete the data directory. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server at ${url} was not healthy within 30 s:\n${output()}`);
}

function launch(port: number, dataDir: string, dist: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  // E2E_SERVER_ENTRY lets a developer point the tests at another entry (default: the real server).
  const entry = process.env.E2E_SERVER_ENTRY ?? join(serverDir, 'src', 'main.ts');
  const tsx = join(serverDir, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [entry], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIST: dist,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Every test creates rooms from 127.0.0.1; the per-address limit has its own server test.
      ROOM_CREATIONS_PER_IP_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer): void => {
    log = (log + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => log };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * @param opts.clientDist serve this client build instead (e.g. one built for another schema)
 * @param opts.env configuration for this server (e.g. a small `MAX_UPDATE_BYTES`)
 */
export async function startServer(
  opts: { port?: number; dataDir?: string; clientDist?: string; env?: Record<string, string> } = {},
): Promise<ServerHandle> {
  const dist = opts.clientDist ?? clientDist;
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('client/dist is missing: run `pnpm --filter @riffboard/client build` first.');
  }
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'riffboard-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const env = opts.env ?? {};
  let current = launch(port, dataDir, dist, env);
  await waitForHealth(url, current.child, current.output);
  const handle: ServerHandle = {
    url,
    port,
    dataDir,
    stop: () => kill(current.child),
    async restart() {
      await kill(current.child);
      current = launch(port, dataDir, dist, env);
      await waitForHealth(url, current.child, current.output);
    },
    async dispose() {
      await kill(current.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
