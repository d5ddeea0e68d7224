/**
 * Asset endpoints under /api/rooms/<roomId>/assets:
 *   POST  ?name=<file name>[&expect=image|audio]
 *                                  upload (editor): raw body, type from its bytes → 201/200 { asset }
 *   GET   /<hash>  (also HEAD)     the bytes (viewer), with Range support and immutable caching
 *   PUT   /<hash>/peaks            waveform peaks computed once by the uploader (editor)
 *   GET   /<hash>/peaks            the peaks (viewer)
 * A hash is only served to rooms it was uploaded to.
 */
import type http from 'node:http';
import parseRange from 'range-parser';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import { isAssetHash, type AssetStore } from '../assets/AssetStore.ts';
import { UploadError, cleanFileName, uploadAsset, type UploadLimits } from '../assets/uploadAsset.ts';
import { HttpError, sendJson } from './jsonResponse.ts';

export interface AssetRouteDeps {
  readonly store: DocStore;
  readonly assets: AssetStore;
  readonly limits: UploadLimits;
  readonly log: Logger;
}

/** Largest peaks sidecar accepted: a few thousand min/max pairs per channel. */
export const MAX_PEAKS_BYTES = 256 * 1024;

export function assetUrl(roomId: string, hash: string): string {
  return `/api/rooms/${roomId}/assets/${hash}`;
}

function contentLength(req: http.IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  return v === undefined ? undefined : Number(v);
}

export async function handleUpload(
  deps: AssetRouteDeps,
  roomId: string,
  url: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const name = cleanFileName(url.searchParams.get('name'));
  let uploaded;
  try {
    const expect = url.searchParams.get('expect');
    uploaded = await uploadAsset(
      { body: req, contentLength: contentLength(req), fileName: name, ...(expect === 'image' || expect === 'audio' ? { expect } : {}) },
      deps.limits,
      deps.assets,
    );
  } catch (err) {
    if (!(err instanceof UploadError)) throw err;
    deps.log.info({ event: 'asset.refused', room: roomId, code: err.code }, err.message);
    const refusal = new HttpError(err.code, err.message);
    const text = JSON.stringify(refusal.body);
    res.writeHead(refusal.status, {
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
      'content-length': Buffer.byteLength(text),
    });
    // The client may still be sending: answer, then cut the connection rather than read the rest.
    const socket = req.socket as typeof req.socket | null; // null once the client has gone
    const cut = err.cut || !req.complete;
    res.end(text, () => {
      if (cut) socket?.destroy();
    });
    return;
  }
  const record = { hash: uploaded.hash, kind: uploaded.type.kind, mime: uploaded.type.mime, size: uploaded.size, createdAt: Date.now() };
  const created = await deps.store.linkAsset(roomId, record);
  deps.log.info(
    { event: 'asset.uploaded', room: roomId, hash: uploaded.hash, size: uploaded.size, kind: record.kind, created },
    'asset uploaded',
  );
  sendJson(res, created ? 201 : 200, {
    asset: { id: record.hash, kind: record.kind, mime: record.mime, size: record.size, name, url: assetUrl(roomId, record.hash) },
  });
}

export async function handleDownload(
  deps: AssetRouteDeps,
  roomId: string,
  hash: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (!isAssetHash(hash)) throw new HttpError('bad_asset_id', 'That is not an asset id.');
  const record = await deps.store.getAsset(roomId, hash);
  const size = record ? await deps.assets.size(hash) : null;
  if (!record || size === null) throw new HttpError('asset_not_found');
  const headers: http.OutgoingHttpHeaders = {
    'content-type': record.mime,
    // Private: the URL carries a room token. Immutable: the bytes behind a hash never change.
    'cache-control': 'private, max-age=31536000, immutable',
    etag: `"${hash}"`,
    'accept-ranges': 'bytes',
    // Nothing served from here may run as a page, whatever a browser makes of it.
    'content-security-policy': "default-src 'none'; sandbox",
  };
  const rangeHeader = req.headers.range;
  let range: { start: number; end: number } | undefined;
  if (rangeHeader) {
    const parsed = parseRange(size, rangeHeader, { combine: true });
    if (parsed === -1) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    // A malformed header (-2) or several ranges: serve the whole file, as HTTP allows.
    if (parsed !== -2 && parsed.length === 1 && parsed[0]) range = parsed[0];
  }
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['content-length'] = range.end - range.start + 1;
    res.writeHead(206, headers);
  } else {
    headers['content-length'] = size;
    res.writeHead(200, headers);
  }
  if (req.method === 'HEAD') return void res.end();
  const stream = deps.assets.read(hash, range);
  stream.on('error', (err) => {
    deps.log.error({ event: 'asset.read_failed', hash, err }, 'asset read failed');
    res.destroy();
  });
  stream.pipe(res);
}

export async function handlePeaks(
  deps: AssetRouteDeps,
  roomId: string,
  hash: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (!isAssetHash(hash) || !(await deps.store.getAsset(roomId, hash))) throw new HttpError('asset_not_found');
  if (req.method === 'GET') {
    const peaks = await deps.assets.getSidecar(hash, 'peaks');
    if (!peaks) throw new HttpError('no_peaks');
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'private, no-cache',
      'content-length': peaks.byteLength,
    });
    return void res.end(peaks);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_PEAKS_BYTES) throw new HttpError('too_large', 'Waveform data is too large.');
    chunks.push(c as Buffer);
  }
  if (size === 0) throw new HttpError('empty', 'Waveform data is empty.');
  await deps.assets.putSidecar(hash, 'peaks', Buffer.concat(chunks));
  res.writeHead(204);
  res.end();
}
