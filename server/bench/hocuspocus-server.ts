/**
 * Launcher for the scale-out comparison: `@hocuspocus/server` with `@hocuspocus/extension-redis`,
 * one process per instance, all on the same Redis (as its documentation deploys it).
 *
 * Env: PORT, HOST (default 127.0.0.1), REDIS_URL (`redis://host:port`). Documents live in memory
 * only: Hocuspocus's Redis extension syncs instances but stores nothing, and no database extension
 * is added, so it does no write-ahead work (Riffboard commits every update to PostgreSQL first).
 * `GET /healthz` answers once it listens (the bench waits for it); SIGTERM stops it.
 */
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';

const port = Number(process.env.PORT ?? '0');
const address = process.env.HOST ?? '127.0.0.1';
const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const server = new Server({
  port,
  address,
  quiet: true,
  extensions: [new Redis({ host: redis.hostname, port: Number(redis.port || 6379) })],
  async onRequest({ request, response }) {
    if (request.url !== '/healthz') return;
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
    // Hocuspocus treats a rejection without an error as "handled; skip the default answer".
    throw null;
  },
});

await server.listen();
console.log(`hocuspocus listening on ${address}:${server.address.port}`);
