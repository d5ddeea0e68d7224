/**
 * Room archives from the browser (README, "Room archives"): download a room's archive with its
 * progress, and upload one to make a new room.
 *
 * The download is read from the response body as it streams, so the bar moves with the bytes
 * received against the `Content-Length` the server announces (exact: the archive's size is known
 * before it is written). The upload uses XMLHttpRequest, the one browser API that reports upload
 * progress. Every failure is an {@link ArchiveError} whose message can be shown as it is.
 */
import { ARCHIVE_EXTENSION, readApiError } from '@riffboard/shared';
import { authHeaders, parseCreatedRoom, type CreatedRoom } from './roomApi.ts';

export class ArchiveError extends Error {}

export interface ArchiveProgress {
  readonly loaded: number;
  /** Null when the size is not known (no length announced). */
  readonly total: number | null;
}

export interface DownloadedArchive {
  readonly blob: Blob;
  readonly fileName: string;
}

function fileNameOf(res: Response): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? `room${ARCHIVE_EXTENSION}`;
}

/** Downloads the archive of `roomId`, reporting bytes as they arrive. */
export async function downloadRoomArchive(
  roomId: string,
  token: string | null,
  onProgress: (p: ArchiveProgress) => void,
  signal?: AbortSignal,
): Promise<DownloadedArchive> {
  let res: Response;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/export`, { headers: authHeaders(token), ...(signal ? { signal } : {}) });
  } catch {
    if (signal?.aborted) throw new ArchiveError('The export was cancelled.');
    throw new ArchiveError('Riffboard can’t reach its server right now. Check your connection and try again.');
  }
  if (!res.ok || !res.body) {
    const body: unknown = await res.json().catch(() => undefined);
    throw new ArchiveError(readApiError(body, `The room could not be exported (HTTP ${res.status}).`).message);
  }
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  onProgress({ loaded, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      onProgress({ loaded, total });
    }
  } catch {
    if (signal?.aborted) throw new ArchiveError('The export was cancelled.');
    throw new ArchiveError('The download of the room was cut off. Check your connection and try again.');
  }
  if (total !== null && loaded !== total)
    throw new ArchiveError('The download of the room was cut off. Check your connection and try again.');
  return { blob: new Blob(parts as BlobPart[], { type: 'application/x-tar' }), fileName: fileNameOf(res) };
}

/** Uploads an archive; resolves with the new room (the caller holds its facilitator link). */
export function importRoomArchive(file: Blob, onProgress: (p: ArchiveProgress) => void, signal?: AbortSignal): Promise<CreatedRoom> {
  if (file.size === 0) return Promise.reject(new ArchiveError('That file is empty.'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/rooms/import');
    xhr.setRequestHeader('content-type', 'application/x-tar');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    xhr.onload = () => {
      const body: unknown = xhr.response;
      const room = xhr.status === 201 ? parseCreatedRoom(body) : undefined;
      if (room) return resolve(room);
      reject(new ArchiveError(readApiError(body, `The archive could not be imported (HTTP ${xhr.status}).`).message));
    };
    // The server cuts the connection when an archive passes its size limit while it is sent.
    xhr.onerror = () =>
      reject(new ArchiveError('The upload was cut off. Check your connection, and that the archive is within the server’s size limit.'));
    xhr.onabort = () => reject(new ArchiveError('The import was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** A file name's stem from a room title: letters, digits, spaces as dashes; never a path. */
export function fileNameBase(title: string, fallback = 'room'): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\w -]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || fallback
  );
}

/** Hands a downloaded file to the browser's save flow. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the save synchronously; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
