/**
 * `/api/rooms/<id>/versions…` (RV3, RV5, RV6): list and preview for every role, save and restore
 * for editors and the facilitator. A refusal is a sentence for the person who asked.
 *
 * - `GET    versions`                  → `{ versions: VersionSummary[] }`, newest first
 * - `POST   versions` `{name, author}` → `201 { version }`
 * - `GET    versions/<vid>`            → the snapshot (a Yjs update of the whole room) as bytes
 * - `POST   versions/<vid>/restore` `{author}` → `{ restored, undo }` (undo: the automatic
 *   version whose restore undoes this one)
 */
import type http from 'node:http';
import { z } from 'zod';
import { checkVersionName, roleAtLeast, type Role } from '@riffboard/shared';
import { HttpError, sendJson } from './jsonResponse.ts';
import { VersionError, type VersionKeeper } from '../versions/VersionKeeper.ts';
import { versionAuthor } from '../versions/versionAuthor.ts';

export interface VersionRouteRequest {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly roomId: string;
  /** The caller's role, already checked to be at least viewer. */
  readonly role: Role;
  readonly versionId: string | undefined;
  readonly action: string | undefined;
  readonly readJson: () => Promise<unknown>;
}

const saveBody = z.object({ name: z.unknown(), author: z.string().max(1000).optional() });
const restoreBody = z.object({ author: z.string().max(1000).optional() });

function requireEditor(role: Role, what: string): 'editor' | 'facilitator' {
  if (!roleAtLeast(role, 'editor'))
    throw new HttpError('forbidden', `This is a view-only link: only an editor or the facilitator can ${what}.`);
  return role === 'facilitator' ? 'facilitator' : 'editor';
}

function allow(req: http.IncomingMessage, methods: string): void {
  if (!methods.split(', ').includes(req.method ?? ''))
    throw new HttpError('method_not_allowed', `Use ${methods} here.`, { allow: methods });
}

export async function handleVersions(keeper: VersionKeeper, r: VersionRouteRequest): Promise<void> {
  const { req, res, roomId, role, versionId, action } = r;
  try {
    if (versionId === undefined) {
      allow(req, 'GET, POST');
      if (req.method === 'GET') return sendJson(res, 200, { versions: await keeper.list(roomId) });
      requireEditor(role, 'save a version');
      const body = saveBody.safeParse(await r.readJson());
      if (!body.success) throw new HttpError('bad_request', 'Expected a JSON object with a "name" for the version.');
      const name = checkVersionName(body.data.name);
      if (!name.ok) throw new HttpError('bad_request', name.message);
      const version = await keeper.saveNamed(roomId, name.name, versionAuthor(req, body.data.author));
      return sendJson(res, 201, { version });
    }
    if (action === undefined) {
      allow(req, 'GET');
      const v = await keeper.get(roomId, versionId);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': v.snapshot.byteLength,
        // A version never changes, but it may be pruned: private, and revalidated by id.
        'cache-control': 'private, max-age=31536000, immutable',
      });
      res.end(v.snapshot);
      return;
    }
    if (action === 'restore') {
      allow(req, 'POST');
      const asRole = requireEditor(role, 'restore a version');
      const body = restoreBody.safeParse(await r.readJson());
      if (!body.success) throw new HttpError('bad_request', 'Expected a JSON object with an optional "author" name.');
      return sendJson(res, 200, await keeper.restore(roomId, versionId, versionAuthor(req, body.data.author), asRole));
    }
    throw new HttpError('not_found');
  } catch (err) {
    if (err instanceof VersionError) throw new HttpError(err.code, err.message);
    throw err;
  }
}
