/**
 * Uploads to the room's asset store (README, "HTTP API"): the raw file as the body, the link token
 * as a bearer header, the kind we expect so the server can refuse a file whose bytes say otherwise.
 *
 * XMLHttpRequest rather than fetch because it reports upload progress (fetch can't, without
 * streaming request bodies that Chromium only allows over HTTP/2). Sizes are checked here first
 * so nobody waits for 100 MB to go up only to be told it was too big; the server checks again.
 * Every failure becomes an {@link UploadError} whose message can be shown as is.
 */
import {
  DEFAULT_MAX_ASSET_BYTES as MAX_BYTES,
  isAssetKind,
  kindOfFileName,
  readApiError,
  type ApiErrorCode,
  type AssetKind,
} from '@riffboard/shared';

/** Failures only the browser sees: no answer, an answer it can't read, the person cancelled. */
export type UploadFailure = ApiErrorCode | 'network' | 'bad_response' | 'aborted' | `http_${number}`;

export interface UploadedAsset {
  readonly id: string;
  readonly kind: AssetKind;
  readonly mime: string;
  readonly size: number;
  readonly name: string;
  /** `/api/rooms/<id>/assets/<sha256>`, no token. */
  readonly url: string;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: UploadFailure,
  ) {
    super(message);
  }
}

function megabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

/** What kind a file looks like from its name and type; the server decides from its bytes. */
export function guessKind(file: File): AssetKind | undefined {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('audio/')) return 'audio';
  return kindOfFileName(file.name);
}

/** The browser-side checks; throws an UploadError with the sentence to show. */
export function checkBeforeUpload(file: File, kind: AssetKind): void {
  if (file.size === 0) throw new UploadError(`“${file.name}” is empty.`, 'empty_file');
  if (file.size > MAX_BYTES[kind]) {
    throw new UploadError(
      `“${file.name}” is ${megabytes(file.size)}; ${kind === 'audio' ? 'audio' : 'image'} files can be at most ${megabytes(MAX_BYTES[kind])}.`,
      'too_large',
    );
  }
}

export function assetSrc(url: string, token: string | null): string {
  return token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url;
}

function parseAsset(body: unknown): UploadedAsset | undefined {
  const a = (body as { asset?: Record<string, unknown> } | null)?.asset;
  if (!a || typeof a.id !== 'string' || typeof a.url !== 'string' || !isAssetKind(a.kind)) return undefined;
  return {
    id: a.id,
    kind: a.kind,
    url: a.url,
    mime: typeof a.mime === 'string' ? a.mime : '',
    size: typeof a.size === 'number' ? a.size : 0,
    name: typeof a.name === 'string' ? a.name : '',
  };
}

export interface UploadOptions {
  readonly roomId: string;
  readonly token: string | null;
  readonly file: File;
  readonly kind: AssetKind;
  /** 0…1 as bytes go up. */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
}

export function uploadAsset({ roomId, token, file, kind, onProgress, signal }: UploadOptions): Promise<UploadedAsset> {
  checkBeforeUpload(file, kind);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/rooms/${encodeURIComponent(roomId)}/assets?name=${encodeURIComponent(file.name)}&expect=${kind}`);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status === 200 || xhr.status === 201) {
        const asset = parseAsset(body);
        if (asset) return resolve(asset);
        return reject(new UploadError('The server answered the upload in a way Riffboard doesn’t understand.', 'bad_response'));
      }
      const { code, message } = readApiError(body, `The upload of “${file.name}” failed (HTTP ${xhr.status}).`);
      reject(new UploadError(message, code ?? `http_${xhr.status}`));
    };
    // The server cuts the connection when a streamed upload passes the size limit (F2).
    xhr.onerror = () =>
      reject(
        new UploadError(
          `The upload of “${file.name}” was cut off. Check your connection, and that the file is within the size limit.`,
          'network',
        ),
      );
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', 'aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
