/**
 * Registers the service worker that keeps the app shell available offline (see sw/sw.js), and
 * notices when a worker from another release takes over this tab.
 *
 * Each build stamps its id into index.html and into the worker. A new worker announces its id to
 * every open tab when it takes over (and deletes the previous release's cache); a tab whose page
 * came from another build is then running code whose files are gone, so it offers a reload.
 * Production builds only: in `vite dev` a cached shell would hide code changes.
 */
import { useSyncExternalStore } from 'react';

/** The release this page was built as (`<meta name="riffboard-build">`), if the build stamped one. */
function pageBuild(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="riffboard-build"]')?.content ?? null;
}

function isReleaseMessage(data: unknown): data is { type: 'riffboard:release'; build: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'riffboard:release' &&
    typeof (data as { build?: unknown }).build === 'string'
  );
}

let newRelease = false;
const listeners = new Set<() => void>();

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const own = pageBuild();
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isReleaseMessage(event.data) || own === null || event.data.build === own || newRelease) return;
    newRelease = true;
    for (const l of listeners) l();
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline shell (e.g. an insecure origin); everything else still works online.
    });
  });
}

/** True once a newer (or other) release of Riffboard has taken over this tab: it should reload. */
export function useNewRelease(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => newRelease,
  );
}
