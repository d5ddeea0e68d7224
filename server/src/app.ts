/**
 * Assembles the server from its parts for a given store: one HTTP server carrying the API, the
 * client and the `/sync/<roomId>` WebSocket endpoint. `main.ts` picks the concrete store; tests
 * build apps on port 0 around whichever store they exercise.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE } from '@riffboard/shared';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { DocStore } from './persistence/DocStore.ts';
import { RoomRegistry, type RegistryFanout } from './rooms/RoomRegistry.ts';
import { createRequestHandler } from './http/httpServer.ts';
import { handleConnection } from './connections/Connection.ts';
import { LinkTokens } from './auth/linkTokens.ts';
import type { AssetStore } from './assets/AssetStore.ts';
import { VoteBox } from './facilitation/VoteBox.ts';
import { VersionKeeper } from './versions/VersionKeeper.ts';
import { Metrics } from './ops/metrics.ts';
import { checkReadiness } from './ops/readiness.ts';
import type { ActivityStore } from './activity/ActivityStore.ts';
import { MemoryActivityStore } from './activity/MemoryActivityStore.ts';
import { ActivityRecorder, DEFAULT_RECORDER_OPTIONS, type RecorderOptions } from './activity/ActivityRecorder.ts';

export interface App {
  readonly registry: RoomRegistry;
  readonly versions: VersionKeeper;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Graceful stop: refuse new connections, flush and compact every room, close sockets. */
  close(): Promise<void>;
}

const SYNC_PATH = /^\/sync\/([^/?#]*)$/;

export interface AppDeps {
  readonly config: Config;
  readonly store: DocStore;
  readonly log: Logger;
  /** Key that signs and verifies link tokens. */
  readonly secret: Uint8Array;
  readonly assets: AssetStore;
  /** Cross-instance fan-out; absent when this is the only instance. */
  readonly fanout?: RegistryFanout | null;
  /** Where counters go; main.ts shares it with the adapters' error handlers. */
  readonly metrics?: Metrics;
  /** Where activity records and visits go; in memory when not given (tests). */
  readonly activity?: ActivityStore;
  /** How bursts are coalesced (tests shorten the window). */
  readonly activityRecorder?: RecorderOptions;
}

export function createApp({
  config,
  store,
  log,
  secret,
  assets,
  fanout = null,
  metrics = new Metrics(),
  activity = new MemoryActivityStore(),
  activityRecorder = DEFAULT_RECORDER_OPTIONS,
}: AppDeps): App {
  const tokens = new LinkTokens(secret, config.linkTtlSeconds);
  const recorder = new ActivityRecorder(activity, log, activityRecorder);
  const registry = new RoomRegistry(
    store,
    {
      unloadDelayMs: config.roomUnloadDelayMs,
      compaction: config.compaction,
      maxRoomBytes: config.limits.maxRoomBytes,
      observer: recorder,
      awareness: {
        maxClientsPerConnection: config.limits.awarenessMaxClientsPerConnection,
        maxStateBytes: config.limits.awarenessMaxStateBytes,
      },
    },
    log,
    fanout,
    metrics,
  );
  const versions = new VersionKeeper(store, registry, config.versions, log);
  versions.onPersonAction = (roomId, author, draft) => recorder.recordFor(roomId, { id: author.personId, name: author.name }, draft);
  const server = http.createServer(
    createRequestHandler({
      store,
      registry,
      tokens,
      clientDist: config.clientDist,
      log,
      roomCreationsPerIpPerMinute: config.limits.roomCreationsPerIpPerMinute,
      votes: new VoteBox(store),
      versions,
      readiness: () => checkReadiness(store, fanout?.port ?? null),
      metrics,
      activity: { store: activity, recorder },
      assets: { store, assets, log, limits: { audio: config.limits.assetMaxAudioBytes, image: config.limits.assetMaxImageBytes } },
      importLimits: {
        maxBytes: config.limits.importMaxBytes,
        maxEntries: config.limits.importMaxEntries,
        maxDocumentBytes: config.limits.maxRoomBytes,
        assets: { audio: config.limits.assetMaxAudioBytes, image: config.limits.assetMaxImageBytes },
      },
    }),
  );
  // maxPayload is checked against each frame's length header, so an oversized message is refused
  // (close 1009) before it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes, perMessageDeflate: false });
  const deps = {
    registry,
    store,
    tokens,
    log,
    sendBufferLimitBytes: config.limits.sendBufferLimitBytes,
    maxMessageBytes: config.limits.maxMessageBytes,
    maxUpdateBytes: config.limits.maxUpdateBytes,
    maxConnectionsPerRoom: config.limits.maxConnectionsPerRoom,
    rate: {
      messagesPerSecond: config.limits.messagesPerConnectionPerSecond,
      messageBurst: config.limits.messageBurstPerConnection,
      bytesPerSecond: config.limits.bytesPerConnectionPerSecond,
      byteBurst: config.limits.byteBurstPerConnection,
    },
    onClose: (code: number, reason: string) => metrics.closed(code, reason),
  };
  metrics.track({ connections: () => wss.clients.size, roomsLoaded: () => registry.loadedCount });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = SYNC_PATH.exec(url.pathname);
    if (!m) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let roomId = '';
    try {
      roomId = decodeURIComponent(m[1] ?? '');
    } catch {
      // Left empty: handleConnection closes it as an invalid room id, over the WebSocket, so the
      // client gets a close code rather than a bare HTTP error.
    }
    // The stock provider sends the token as a query parameter (browsers can't set headers on a
    // WebSocket); it is checked after the upgrade so a refusal arrives as a readable close code.
    const token = url.searchParams.get('token');
    // Riffboard's client names the document schema it was built for (S14); stock clients don't.
    const schema = url.searchParams.get('schema');
    // Who is connecting (activity attribution): the browser's person key and its display name.
    const person = { key: url.searchParams.get('key'), name: url.searchParams.get('name') };
    wss.handleUpgrade(req, socket, head, (ws) => {
      watch(ws);
      handleConnection(ws, roomId, token, deps, schema, person);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  // A laptop that sleeps or loses its network leaves a socket that is open but silent; TCP may
  // not notice for many minutes, and meanwhile that person's presence lingers. Every connection
  // is pinged; one that has not answered the previous ping by the next round is dropped.
  const alive = new WeakMap<WebSocket, boolean>();
  const watch = (ws: WebSocket): void => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  };
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        log.info({ event: 'conn.heartbeat_timeout' }, 'no answer to ping; dropping connection');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, config.heartbeatIntervalMs);
  heartbeat.unref();

  let closing: Promise<void> | null = null;
  return {
    registry,
    versions,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () => {
      closing ??= (async () => {
        clearInterval(heartbeat);
        server.close();
        await registry.shutdown();
        await versions.settled();
        for (const ws of wss.clients) ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
        wss.close();
        server.closeAllConnections();
        await fanout?.port.close();
        await recorder.stop();
        await activity.close();
        await store.close();
      })();
      return closing;
    },
  };
}
