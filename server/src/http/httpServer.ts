/**
 * The HTTP side of the one port: the JSON API, health, and the built client (with the SPA
 * fallback so `/r/<roomId>` loads the app). Every endpoint that reads or writes a room runs the
 * same token check as the WebSocket (`Authorization: Bearer <token>` or `?token=`). API errors are
 * `{ error: { code, message } }`; security headers go on every response.
 */
import type { Readiness } from '../ops/readiness.ts';
import type { Metrics } from '../ops/metrics.ts';
import http from 'node:http';
import fs from 'node:fs';
import sirv from 'sirv';
import { z } from 'zod';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { CLOSE, ROTATABLE_ROLES, isRoomId, roleAtLeast, type Role, type RotatableRole } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry } from '../rooms/RoomRegistry.ts';
import type { Room } from '../rooms/Room.ts';
import type { LinkTokens } from '../auth/linkTokens.ts';
import { checkRoomAccess } from '../auth/roomAccess.ts';
import { createRoom, linkPath, mintLinks, readRoomInfo } from './rooms.ts';
import { setSecurityHeaders } from './securityHeaders.ts';
import { handleDownload, handlePeaks, handleUpload, type AssetRouteDeps } from './assetRoutes.ts';
import { handleExport, handleImport } from './archiveRoutes.ts';
import type { ImportLimits } from '../archive/importArchive.ts';
import { HttpError, sendJson } from './jsonResponse.ts';
import { BallotError, type VoteBox } from '../facilitation/VoteBox.ts';
import type { VersionKeeper } from '../versions/VersionKeeper.ts';
import { handleVersions } from './versionRoutes.ts';
import { handleActivity, type ActivityRouteDeps } from './activityRoutes.ts';
import crypto from 'node:crypto';

export interface HttpDeps {
  readonly store: DocStore;
  readonly assets: AssetRouteDeps;
  readonly registry: RoomRegistry;
  readonly tokens: LinkTokens;
  readonly clientDist: string;
  readonly log: Logger;
  readonly roomCreationsPerIpPerMinute: number;
  readonly votes: VoteBox;
  readonly versions: VersionKeeper;
  /** Whether the database (and Redis, reported only) can be reached now. */
  readonly readiness: () => Promise<Readiness>;
  readonly metrics: Metrics;
  /** Limits on an imported room archive (SPEC AR4). */
  readonly importLimits: ImportLimits;
  readonly activity: ActivityRouteDeps;
}

const MAX_JSON_BODY = 16 * 1024;
const createRoomBody = z.object({ title: z.string().max(500).optional() }).strict();
const ballotBody = z.object({ voteId: z.string().max(64), dots: z.record(z.string(), z.unknown()) }).strict();
const BALLOT_KEY = /^[\w-]{16,64}$/;

/** The caller's ballot key (header `x-ballot-key`): a random secret the browser keeps for the person (F7). */
function ballotKeyOf(req: http.IncomingMessage): string {
  const key = req.headers['x-ballot-key'];
  if (typeof key !== 'string' || !BALLOT_KEY.test(key))
    throw new HttpError('bad_ballot_key', 'A ballot needs the x-ballot-key header (16–64 letters, digits, - or _).');
  // The browser's ballot key is also its person key (activity attribution), so only a hash of it
  // is stored: whoever reads open ballots in the database can't act as anybody.
  return crypto.createHash('sha256').update('riffboard ballot\u0000').update(key).digest('base64url');
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new HttpError('body_too_large', `Request body over ${MAX_JSON_BODY} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError('bad_json', 'Request body is not valid JSON.');
  }
}

function tokenOf(req: http.IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}

function requireMethod(req: http.IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpError('method_not_allowed', `Use ${method} here.`, { allow: method });
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
  const creations = new RateLimiterMemory({ points: deps.roomCreationsPerIpPerMinute, duration: 60 });
  const archives = {
    store: deps.store,
    assets: deps.assets.assets,
    registry: deps.registry,
    tokens: deps.tokens,
    limits: deps.importLimits,
    log: deps.log,
  };

  /** Counts a new room (created or imported) against the caller's address (A5). */
  const limitCreations = async (req: http.IncomingMessage): Promise<void> => {
    try {
      await creations.consume(req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.ceil(err.msBeforeNext / 1000);
      throw new HttpError('rate_limited', `Too many new rooms from your address; try again in ${seconds} s.`, {
        'retry-after': String(seconds),
      });
    }
  };

  /** Checks the caller's token for `roomId` and that its role is at least `needed`. */
  const authorize = async (req: http.IncomingMessage, url: URL, roomId: string, needed: Role): Promise<Role> => {
    if (!isRoomId(roomId)) throw new HttpError('bad_room_id', 'That is not a valid room address.');
    const access = await checkRoomAccess(deps.store, deps.tokens, roomId, tokenOf(req, url));
    if (!access.ok) throw new HttpError(access.code);
    if (!roleAtLeast(access.role, needed)) throw new HttpError('forbidden', `Only a ${needed} can do that.`);
    return access.role;
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', roomsLoaded: deps.registry.loadedCount });
    if (path === '/readyz') {
      const r = await deps.readiness();
      return sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', database: r.database, redis: r.redis });
    }
    if (path === '/metrics') {
      const text = await deps.metrics.render();
      res.writeHead(200, { 'content-type': deps.metrics.contentType });
      res.end(text);
      return;
    }

    if (path === '/api/rooms') {
      requireMethod(req, 'POST');
      await limitCreations(req);
      const body = createRoomBody.safeParse(await readJson(req));
      if (!body.success) throw new HttpError('bad_request', 'Expected a JSON object with an optional "title" string.');
      const info = await createRoom(deps.store, body.data.title);
      const record = await deps.store.getRoom(info.roomId);
      if (!record) throw new Error('room vanished after creation');
      deps.log.info({ event: 'room.created', room: info.roomId }, 'room created');
      return sendJson(res, 201, { roomId: info.roomId, title: info.title, links: await mintLinks(deps.tokens, record, 'facilitator') });
    }

    if (path === '/api/rooms/import') {
      requireMethod(req, 'POST');
      await limitCreations(req);
      return handleImport(archives, req, res);
    }

    const segments = path.startsWith('/api/rooms/') ? path.slice('/api/rooms/'.length).split('/') : null;
    if (segments) {
      let roomId = '';
      try {
        roomId = decodeURIComponent(segments[0] ?? '');
      } catch {
        throw new HttpError('bad_room_id', 'That is not a valid room address.');
      }
      const [, area, second, third, ...extra] = segments;
      if (extra.length > 0) throw new HttpError('not_found');
      if (area === undefined) {
        requireMethod(req, 'GET');
        const role = await authorize(req, url, roomId, 'viewer');
        try {
          return sendJson(res, 200, { ...(await readRoomInfo(deps.registry, roomId)), role });
        } catch (err) {
          if (err instanceof RoomNotFoundError) throw new HttpError('room_not_found');
          if (err instanceof RoomUnavailableError) throw new HttpError('room_unavailable');
          throw err;
        }
      }
      if (area === 'links' && second === undefined) {
        requireMethod(req, 'GET');
        const role = await authorize(req, url, roomId, 'viewer');
        const record = await deps.store.getRoom(roomId);
        if (!record) throw new HttpError('room_not_found');
        return sendJson(res, 200, { links: await mintLinks(deps.tokens, record, role) });
      }
      if (area === 'links' && second !== undefined && third === 'rotate') {
        requireMethod(req, 'POST');
        await authorize(req, url, roomId, 'facilitator');
        if (!(ROTATABLE_ROLES as readonly string[]).includes(second)) {
          throw new HttpError('bad_role');
        }
        const role = second as RotatableRole;
        const gen = await deps.store.rotateLink(roomId, role);
        const closed = deps.registry.loaded(roomId)?.closePeers((p) => p.role === role && p.linkGen < gen, CLOSE.linkReplaced) ?? 0;
        deps.log.info({ event: 'room.link_rotated', room: roomId, role, gen, closed }, 'link rotated');
        return sendJson(res, 200, {
          role,
          link: linkPath(roomId, await deps.tokens.issue({ room: roomId, role, gen })),
          closedConnections: closed,
        });
      }
      if (area === 'vote') {
        // Ballots live in the room's store (F7); the open vote is read from the room's doc, which
        // this instance loads if nobody has the room open here (any instance serves any request).
        const withRoom = async <T>(fn: (doc: Room['doc']) => Promise<T>): Promise<T> => {
          let room: Room;
          try {
            room = await deps.registry.acquire(roomId);
          } catch (err) {
            if (err instanceof RoomNotFoundError) throw new HttpError('room_not_found');
            if (err instanceof RoomUnavailableError) throw new HttpError('room_unavailable');
            throw err;
          }
          try {
            return await fn(room.doc);
          } catch (err) {
            if (err instanceof BallotError) throw new HttpError(err.code, err.message);
            throw err;
          } finally {
            deps.registry.release(roomId);
          }
        };
        if (second === 'ballot' && third === undefined) {
          if (req.method === 'GET') {
            await authorize(req, url, roomId, 'editor');
            const key = ballotKeyOf(req);
            return sendJson(res, 200, await withRoom((doc) => deps.votes.own(roomId, doc, key)));
          }
          requireMethod(req, 'PUT');
          await authorize(req, url, roomId, 'editor');
          const key = ballotKeyOf(req);
          const body = ballotBody.safeParse(await readJson(req));
          if (!body.success) throw new HttpError('bad_request', 'Expected a JSON object with "voteId" and "dots" (target id → number).');
          return sendJson(res, 200, await withRoom((doc) => deps.votes.cast(roomId, doc, body.data.voteId, key, body.data.dots)));
        }
        if ((second === 'reveal' || second === 'close') && third === undefined) {
          requireMethod(req, 'POST');
          await authorize(req, url, roomId, 'facilitator');
          if (second === 'reveal') return sendJson(res, 200, await withRoom((doc) => deps.votes.reveal(roomId, doc)));
          await withRoom((doc) => deps.votes.close(roomId, doc));
          return sendJson(res, 200, { closed: true });
        }
      }
      if (area === 'export' && second === undefined) {
        requireMethod(req, 'GET');
        await authorize(req, url, roomId, 'viewer');
        return handleExport(archives, roomId, res);
      }
      if (area === 'versions') {
        const role = await authorize(req, url, roomId, 'viewer');
        return handleVersions(deps.versions, { req, res, roomId, role, versionId: second, action: third, readJson: () => readJson(req) });
      }
      if (
        (area === 'activity' && (second === undefined || second === 'since' || second === 'seen') && third === undefined) ||
        (area === 'credits' && second === undefined)
      ) {
        const route = area === 'credits' ? 'credits' : second === undefined ? 'feed' : second;
        requireMethod(req, route === 'seen' ? 'POST' : 'GET');
        await authorize(req, url, roomId, 'viewer');
        return handleActivity(deps.activity, roomId, route, req, url, res);
      }
      if (area === 'assets' && second === undefined) {
        requireMethod(req, 'POST');
        await authorize(req, url, roomId, 'editor');
        return handleUpload(deps.assets, roomId, url, req, res);
      }
      if (area === 'assets' && second !== undefined && third === undefined) {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          throw new HttpError('method_not_allowed', 'Use GET here.', { allow: 'GET, HEAD' });
        await authorize(req, url, roomId, 'viewer');
        return handleDownload(deps.assets, roomId, second, req, res);
      }
      if (area === 'assets' && second !== undefined && third === 'peaks') {
        if (req.method !== 'GET' && req.method !== 'PUT')
          throw new HttpError('method_not_allowed', 'Use GET or PUT here.', { allow: 'GET, PUT' });
        await authorize(req, url, roomId, req.method === 'PUT' ? 'editor' : 'viewer');
        return handlePeaks(deps.assets, roomId, second, req, res);
      }
      throw new HttpError('not_found');
    }

    if (path.startsWith('/api/')) throw new HttpError('not_found');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError('method_not_allowed', 'Method not allowed.');
    if (!serveClient) throw new HttpError('client_not_built');
    serveClient(req, res, () => sendJson(res, 404, new HttpError('not_found', 'Not found.').body));
  };

  return (req, res) => {
    setSecurityHeaders(res);
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body, err.headers);
      deps.log.error({ event: 'http.error', err, path: req.url?.split('?')[0] }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, new HttpError('internal').body);
      else res.destroy();
    });
  };
}
