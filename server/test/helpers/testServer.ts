/** Starts a real server on an ephemeral port around a temp-dir SQLite store (or a given store). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Role } from '@riffboard/shared';
import { createApp, type App } from '../../src/app.ts';
import { LinkTokens } from '../../src/auth/linkTokens.ts';
import { loadOrCreateSecret } from '../../src/auth/secret.ts';
import { DiskAssetStore } from '../../src/assets/DiskAssetStore.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import type { DocStore } from '../../src/persistence/DocStore.ts';
import type { RecorderOptions } from '../../src/activity/ActivityRecorder.ts';
import type { ActivityStore } from '../../src/activity/ActivityStore.ts';

/** A room as a client addresses it: its id and the token of a link. */
export interface RoomRef {
  readonly id: string;
  readonly token: string;
}

/** A room created through the API: its editor link by default, and the other roles' links. */
export interface TestRoom extends RoomRef {
  readonly links: Readonly<Record<Role, RoomRef>>;
}

export interface TestServer {
  readonly app: App;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly config: Config;
  readonly secret: Uint8Array;
  createRoom(title?: string): Promise<TestRoom>;
  /** A reference to any room id with a freshly signed token (for rooms made directly in a store). */
  ref(roomId: string, role?: Role, gen?: number): Promise<RoomRef>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'riffboard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(
  opts: {
    env?: Record<string, string>;
    dataDir?: string;
    store?: DocStore;
    secret?: Uint8Array;
    activity?: ActivityStore;
    activityRecorder?: RecorderOptions;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  // Limits sized for people are lifted for the bursty tests; each limit has its own test.
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CLIENT_DIST: path.join(dataDir, 'no-client'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ROOM_UNLOAD_DELAY_MS: '0',
    ROOM_CREATIONS_PER_IP_PER_MINUTE: '100000',
    MESSAGES_PER_CONNECTION_PER_SECOND: '1000000',
    MESSAGE_BURST_PER_CONNECTION: '1000000',
    BYTES_PER_CONNECTION_PER_SECOND: '1099511627776',
    BYTE_BURST_PER_CONNECTION: '1099511627776',
    ...opts.env,
  });
  const store = opts.store ?? SqliteDocStore.open(dataDir);
  // As in production: generated into the data directory once, so a restart keeps links valid.
  const secret = opts.secret ?? loadOrCreateSecret(dataDir, undefined);
  const assets = await DiskAssetStore.open(path.join(dataDir, 'assets'));
  const app = createApp({
    config,
    store,
    log: createLogger(config.logLevel),
    secret,
    assets,
    ...(opts.activity ? { activity: opts.activity } : {}),
    ...(opts.activityRecorder ? { activityRecorder: opts.activityRecorder } : {}),
  });
  const tokens = new LinkTokens(secret, 3600);
  const port = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    port,
    url,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    config,
    secret,
    createRoom: (title) => createRoomAt(url, title),
    ref: async (roomId, role = 'editor', gen = 1) => ({ id: roomId, token: await tokens.issue({ room: roomId, role, gen }) }),
    stop: () => app.close(),
  };
}

/** The token inside a link path (`/r/<id>?token=…`). */
export function tokenOfLink(link: string): string {
  const t = new URL(link, 'http://x').searchParams.get('token');
  if (!t) throw new Error(`no token in ${link}`);
  return t;
}

export async function createRoomAt(url: string, title?: string): Promise<TestRoom> {
  const res = await fetch(`${url}/api/rooms`, { method: 'POST', body: JSON.stringify(title ? { title } : {}) });
  if (res.status !== 201) throw new Error(`create room: ${res.status}`);
  const body = (await res.json()) as { roomId: string; links: Record<Role, string> };
  const ref = (role: Role): RoomRef => ({ id: body.roomId, token: tokenOfLink(body.links[role]) });
  return { ...ref('editor'), links: { facilitator: ref('facilitator'), editor: ref('editor'), viewer: ref('viewer') } };
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
