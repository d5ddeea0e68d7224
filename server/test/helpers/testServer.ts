/** Starts a real server on an ephemeral port around a temp-dir SQLite store (or a given store). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type App } from '../../src/app.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import type { DocStore } from '../../src/persistence/DocStore.ts';

export interface TestServer {
  readonly app: App;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly config: Config;
  createRoom(title?: string): Promise<string>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'riffboard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(opts: { env?: Record<string, string>; dataDir?: string; store?: DocStore } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST: path.join(dataDir, 'no-client'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ROOM_UNLOAD_DELAY_MS: '0', ...opts.env });
  const store = opts.store ?? SqliteDocStore.open(dataDir);
  const app = createApp(config, store, createLogger(config.logLevel));
  const port = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    port,
    url,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    config,
    createRoom: (title) => createRoomAt(url, title),
    stop: () => app.close(),
  };
}

export async function createRoomAt(url: string, title?: string): Promise<string> {
  const res = await fetch(`${url}/api/rooms`, { method: 'POST', body: JSON.stringify(title ? { title } : {}) });
  if (res.status !== 201) throw new Error(`create room: ${res.status}`);
  return ((await res.json()) as { roomId: string }).roomId;
}

/** Polls `check` until it returns true (convergence is asynchronous by nature). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
