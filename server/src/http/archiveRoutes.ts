/**
 * Room archives (server SPEC AR1–AR9):
 *   GET  /api/rooms/<id>/export   (viewer)  the room as one tar stream, its exact length up front
 *   POST /api/rooms/import        (anyone, counted as a room creation)  a new room from an archive
 *
 * Export is open to viewers: everything it holds (the document and the room's files) is what a
 * viewer's link already reads, and private data (dot-vote ballots) is not in it. An import makes a
 * new room whose importer holds its facilitator link, as creating a room does.
 */
import type http from 'node:http';
import type { Logger } from '../log.ts';
import type { AssetStore } from '../assets/AssetStore.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import type { LinkTokens } from '../auth/linkTokens.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry } from '../rooms/RoomRegistry.ts';
import { planExport, writeArchive, type ExportPlan } from '../archive/exportArchive.ts';
import { ImportError, readArchive, type ImportLimits } from '../archive/importArchive.ts';
import { importedDocument } from '../archive/importedDocument.ts';
import { mintLinks, newRoomId } from './rooms.ts';
import { HttpError, sendJson } from './jsonResponse.ts';

export interface ArchiveRouteDeps {
  readonly store: DocStore;
  readonly assets: AssetStore;
  readonly registry: RoomRegistry;
  readonly tokens: LinkTokens;
  readonly limits: ImportLimits;
  readonly log: Logger;
}

/** A file name for the download: the title's letters and digits, never a path or a header break. */
function downloadName(title: string): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^\w -]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || 'room';
  return `${base}.riffboard.tar`;
}

export async function handleExport(deps: ArchiveRouteDeps, roomId: string, res: http.ServerResponse): Promise<void> {
  let plan: ExportPlan;
  try {
    const room = await deps.registry.acquire(roomId);
    try {
      plan = await planExport(roomId, room.doc, deps.store, deps.assets);
    } finally {
      deps.registry.release(roomId);
    }
  } catch (err) {
    if (err instanceof RoomNotFoundError) throw new HttpError('room_not_found');
    if (err instanceof RoomUnavailableError) throw new HttpError('room_unavailable');
    throw err;
  }
  res.writeHead(200, {
    'content-type': 'application/x-tar',
    'content-length': plan.totalBytes,
    'content-disposition': `attachment; filename="${downloadName(plan.manifest.title)}"`,
    'cache-control': 'no-store',
  });
  const started = Date.now();
  try {
    await writeArchive(plan, deps.assets, res);
    deps.log.info(
      { event: 'room.exported', room: roomId, bytes: plan.totalBytes, assets: plan.manifest.entries.length - 1, ms: Date.now() - started },
      'room exported',
    );
  } catch (err) {
    deps.log.info({ event: 'room.export_stopped', room: roomId, err }, 'room export stopped');
    res.destroy();
  }
}

function contentLength(req: http.IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  return v === undefined ? undefined : Number(v);
}

/** Answers a refused import; cuts the connection when the client may still be sending. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, err: ImportError): void {
  const refusal = new HttpError(err.code, err.message);
  const text = JSON.stringify(refusal.body);
  const socket = req.socket as typeof req.socket | null;
  const cut = !req.complete;
  if (res.headersSent || res.destroyed) return void socket?.destroy();
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text, () => {
    if (cut) socket?.destroy();
  });
}

export async function handleImport(deps: ArchiveRouteDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const roomId = newRoomId();
  const started = Date.now();
  let staged;
  let update: Uint8Array;
  let title: string;
  try {
    staged = await readArchive(req, contentLength(req), deps.limits, deps.assets);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    deps.log.info({ event: 'room.import_refused', code: err.code }, err.message);
    return refuse(req, res, err);
  }
  try {
    ({ update, title } = importedDocument(staged, roomId));
    await staged.commit();
    await deps.store.createRoom({ id: roomId, createdAt: Date.now() }, update, staged.assets);
  } catch (err) {
    await staged.abort();
    if (!(err instanceof ImportError)) throw err;
    deps.log.info({ event: 'room.import_refused', code: err.code }, err.message);
    return refuse(req, res, err);
  }
  const record = await deps.store.getRoom(roomId);
  if (!record) throw new Error('room vanished after import');
  deps.log.info(
    { event: 'room.imported', room: roomId, assets: staged.assets.length, bytes: staged.document.byteLength, ms: Date.now() - started },
    'room imported',
  );
  sendJson(res, 201, { roomId, title, links: await mintLinks(deps.tokens, record, 'facilitator') });
}
