/**
 * Vite config. In dev, `/api` and `/sync` go to the Riffboard server (default port 8080) so the
 * browser talks to one origin, exactly as it does in production where the server serves `dist/`.
 */
import { readdirSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = process.env.RIFFBOARD_SERVER_URL ?? 'http://localhost:8080';

/**
 * Writes `shell-manifest.json`: the built files the service worker (public/sw.js) stores at
 * install, so an offline reload has the whole app. tldraw's UI translations other than English
 * are left to be cached when first used (50 files nobody here needs up front). The files of
 * `public/` (the favicon) are listed too: the first visit fetches them before the worker is
 * installed, so without this an offline reload had no favicon (and said so in the console).
 */
function shellManifest(): Plugin {
  let publicDir = '';
  return {
    name: 'riffboard-shell-manifest',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const publicFiles = publicDir ? readdirSync(publicDir).filter((f) => f !== 'sw.js') : [];
      const files = [
        ...Object.keys(bundle).filter((f) => !f.endsWith('.map') && (!f.endsWith('.json') || /(^|\/)en-[\w-]+\.json$/.test(f))),
        ...publicFiles,
      ].map((f) => `/${f}`);
      this.emitFile({ type: 'asset', fileName: 'shell-manifest.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  plugins: [react(), shellManifest()],
  // @tldraw/assets' Vite entry imports thousands of asset files; the dev optimiser crashes on it.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': { target: serverUrl, changeOrigin: true },
      '/healthz': { target: serverUrl, changeOrigin: true },
      '/sync': { target: serverUrl, changeOrigin: true, ws: true },
    },
  },
  build: {
    chunkSizeWarningLimit: 4000,
    // Small assets become `data:` URLs by default. tldraw fetches its translation files, and the
    // server's CSP (`connect-src 'self'`) rightly refuses to fetch a `data:` URL: English (3 bytes)
    // failed to load on every visit. JSON is fetched, never inlined, so it is always emitted as a file.
    assetsInlineLimit: (filePath) => (filePath.endsWith('.json') ? false : undefined),
  },
});
