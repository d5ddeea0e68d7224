/**
 * Uploads in flight in this tab, for the progress bars (board overlay and references panel), and
 * the last failures with the server's sentence. A tiny external store read with
 * `useSyncExternalStore`; it holds no bytes.
 */
import { useSyncExternalStore } from 'react';

export interface UploadState {
  readonly id: string;
  readonly name: string;
  readonly fraction: number;
  /** Set when it failed: the sentence to show. */
  readonly error?: string;
}

let uploads: readonly UploadState[] = [];
const listeners = new Set<() => void>();
const ERROR_VISIBLE_MS = 12_000;

function emit(next: readonly UploadState[]): void {
  uploads = next;
  for (const l of listeners) l();
}

export const uploadProgress = {
  start(name: string): string {
    const id = crypto.randomUUID();
    emit([...uploads, { id, name, fraction: 0 }]);
    return id;
  },
  progress(id: string, fraction: number): void {
    emit(uploads.map((u) => (u.id === id ? { ...u, fraction } : u)));
  },
  done(id: string): void {
    emit(uploads.filter((u) => u.id !== id));
  },
  fail(id: string, error: string): void {
    emit(uploads.map((u) => (u.id === id ? { ...u, error } : u)));
    window.setTimeout(() => uploadProgress.dismiss(id), ERROR_VISIBLE_MS);
  },
  /** A failure that never started uploading (e.g. too large), shown the same way. */
  failNow(name: string, error: string): void {
    uploadProgress.fail(uploadProgress.start(name), error);
  },
  dismiss(id: string): void {
    emit(uploads.filter((u) => u.id !== id));
  },
};

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useUploads(): readonly UploadState[] {
  return useSyncExternalStore(subscribe, () => uploads);
}
