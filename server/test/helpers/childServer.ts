/** Runs the real server entry point (src/main.ts) as a child process, as operators run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  readonly output: () => string;
  exited(): Promise<number | null>;
}

export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ROOM_UNLOAD_DELAY_MS: '0',
      MESSAGES_PER_CONNECTION_PER_SECOND: '1000000',
      MESSAGE_BURST_PER_CONNECTION: '1000000',
      BYTES_PER_CONNECTION_PER_SECOND: '1099511627776',
      BYTE_BURST_PER_CONNECTION: '1099511627776',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    // Generous: several servers may be starting at once on a busy machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /"event":"server.listening".*?"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', check);
    void exit.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/sync`, output: () => out, exited: () => exit };
}

/**
 * `spawnServer` for one test file: whatever a test started is killed (SIGKILL) after it, passed or
 * failed, so no server outlives its test.
 */
export function useChildServers(): typeof spawnServer {
  const running: ChildServer[] = [];
  afterEach(() => {
    for (const s of running.splice(0)) s.child.kill('SIGKILL');
  });
  return async (dataDir, env) => {
    const s = await spawnServer(dataDir, env);
    running.push(s);
    return s;
  };
}
