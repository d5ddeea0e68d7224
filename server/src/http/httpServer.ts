/**
 * The HTTP side of the one port: the JSON API, health, and the built client (with the SPA
 * fallback so `/r/<roomId>` loads the app). API errors are `{ error: { code, message } }`.
 */
import http from 'node:http';
import fs from 'node:fs';
import sirv from 'sirv';
import { z } from 'zod';
import { isRoomId } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry } from '../rooms/RoomRegistry.ts';
import { createRoom, readRoomInfo } from './rooms.ts';

export interface HttpDeps {
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly clientDist: string;
  readonly log: Logger;
}

const MAX_JSON_BODY = 16 * 1024;
const createRoomBody = z.object({ title: z.string().max(500).optional() }).strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new HttpError(413, 'body_too_large', `Request body over ${MAX_JSON_BODY} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_json', 'Request body is not valid JSON.');
  }
}

export function createRequestHandler(deps: HttpDeps): http.RequestListener {
  const hasClient = fs.existsSync(deps.clientDist);
  const serveClient = hasClient
    ? sirv(deps.clientDist, {
        single: true,
        etag: true,
        setHeaders: (res, pathname) => {
          // Vite fingerprints everything under /assets; index.html must always be revalidated.
          res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      })
    : null;
  if (!hasClient) deps.log.warn({ event: 'http.no_client', dir: deps.clientDist }, 'built client not found; only the API is served');

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') {
      return sendJson(res, 200, { status: 'ok', roomsLoaded: deps.registry.loadedCount });
    }
    if (path === '/api/rooms') {
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST to create a room.');
      const body = createRoomBody.safeParse(await readJson(req));
      if (!body.success) throw new HttpError(400, 'bad_request', 'Expected a JSON object with an optional "title" string.');
      const info = await createRoom(deps.store, body.data.title);
      deps.log.info({ event: 'room.created', room: info.roomId }, 'room created');
      return sendJson(res, 201, { roomId: info.roomId, title: info.title });
    }
    const m = /^\/api\/rooms\/([^/]+)$/.exec(path);
    if (m) {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Use GET to read a room.');
      const id = decodeURIComponent(m[1] ?? '');
      if (!isRoomId(id)) throw new HttpError(400, 'bad_room_id', 'That is not a valid room address.');
      try {
        return sendJson(res, 200, await readRoomInfo(deps.registry, id));
      } catch (err) {
        if (err instanceof RoomNotFoundError) throw new HttpError(404, 'room_not_found', 'There is no room at this address.');
        if (err instanceof RoomUnavailableError) throw new HttpError(503, 'room_unavailable', 'This room could not be opened right now.');
        throw err;
      }
    }
    if (path.startsWith('/api/')) throw new HttpError(404, 'not_found', 'No such API endpoint.');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Method not allowed.');
    if (!serveClient) throw new HttpError(404, 'client_not_built', 'The client is not built; run the start command from the README.');
    serveClient(req, res, () => sendJson(res, 404, { error: { code: 'not_found', message: 'Not found.' } }));
  };

  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: { code: err.code, message: err.message } });
      deps.log.error({ event: 'http.error', err, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Something went wrong on the server.' } });
      else res.destroy();
    });
  };
}
