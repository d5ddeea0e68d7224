/**
 * Launcher for the comparison server: `@y/websocket-server` 0.1.1 (the reference y-websocket
 * backend), run as its own process so its CPU and RSS can be read from /proc.
 *
 * Env: PORT, HOST (default 127.0.0.1), and YPERSISTENCE=<dir> to turn on the package's own
 * LevelDB persistence (read by the package at import time; it uses its own y-leveldb 0.1.x).
 * Without YPERSISTENCE every document lives only in memory and is never unloaded.
 *
 * Adds what the package's own `server.js` lacks and the harness needs: `GET /healthz` for
 * readiness, and a graceful SIGTERM that waits for queued LevelDB writes before exiting (the
 * package never awaits `storeUpdate`, so a plain kill could lose the tail of a room).
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection, getPersistence, docs } from '@y/websocket-server/utils';

const port = Number(process.env.PORT ?? '0');
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (conn, req) => setupWSConnection(conn, req));
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

server.listen(port, host, () => {
  const addr = server.address();
  const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
  console.log(`peer listening on ${host}:${actual} persistence=${process.env.YPERSISTENCE ?? 'none'}`);
});

/** y-leveldb's LeveldbPersistence: `tr` is the promise chain of queued writes. */
interface LeveldbLike {
  tr: Promise<unknown>;
  destroy(): Promise<unknown>;
}

function isLeveldbLike(v: unknown): v is LeveldbLike {
  return typeof v === 'object' && v !== null && 'tr' in v && 'destroy' in v;
}

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const client of wss.clients) client.terminate();
  server.close();
  const persistence = getPersistence();
  // The package's typings omit `provider`; it is there at run time when YPERSISTENCE is set.
  const provider: unknown = persistence === null ? null : (persistence as { provider?: unknown }).provider;
  if (isLeveldbLike(provider)) {
    // Writes queued after ours (none: clients are gone) would chain onto `tr` too; wait until stable.
    let tr: Promise<unknown>;
    do {
      tr = provider.tr;
      await tr;
    } while (tr !== provider.tr);
    await provider.destroy();
  }
  docs.clear();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
