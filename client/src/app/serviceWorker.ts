/**
 * Registers the service worker that keeps the app shell available offline (see public/sw.js).
 * Production builds only: in `vite dev` a cached shell would hide code changes.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline shell (e.g. an insecure origin); everything else still works online.
    });
  });
}
