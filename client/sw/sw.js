/**
 * Riffboard's service worker: keeps the app shell on this device so a room opens (from its
 * IndexedDB copy) even when the server can't be reached. The board itself never goes through
 * here; Yjs syncs over the WebSocket and caches in IndexedDB.
 *
 * Releases: the build writes its id (a hash of everything it built) into this file and into
 * index.html. The browser installs a new worker only when this file's bytes change, so without
 * the id a new release would never replace the old worker or its cache. Each release caches into
 * its own cache, deletes every other one when it takes over, and tells the open tabs its id: a tab
 * running another build offers a reload (its own files are gone from the cache).
 *
 *   pages (navigations)  network first, falling back to the cached index.html (the app is an SPA)
 *   /assets/*            cache first: Vite names them by content hash, so a cached copy is exact
 *   other static files   network first, cached copy when offline
 *   /api, /sync, /healthz  never cached: they must reflect the server now
 */
// Replaced by the build (vite.config.ts); left as is only when this file is served unbuilt.
const BUILD = '__RIFFBOARD_BUILD__';
const CACHE = `riffboard-shell-${BUILD}`;
const SHELL = '/index.html';

// The build lists its files in shell-manifest.json (see vite.config.ts); store them all now, so
// the first offline reload has everything, not just what this visit happened to load.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await fetch('/shell-manifest.json', { cache: 'no-store' });
      const files = res.ok ? await res.json() : [];
      await cache.addAll([...new Set([SHELL, ...files])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
      .then(() => self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .then((tabs) => tabs.forEach((tab) => tab.postMessage({ type: 'riffboard:release', build: BUILD }))),
  );
});

async function networkFirst(request, fallbackUrl) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(fallbackUrl ?? request, res.clone());
    return res;
  } catch (err) {
    const cached = await cache.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (/^\/(api|sync|healthz)(\/|$)/.test(url.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, SHELL));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});
