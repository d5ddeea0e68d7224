/**
 * Vite config. In dev, `/api` and `/sync` go to the Riffboard server (default port 8080) so the
 * browser talks to one origin, exactly as it does in production where the server serves `dist/`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = process.env.RIFFBOARD_SERVER_URL ?? 'http://localhost:8080';

/**
 * Builds the service worker (sw/sw.js) for this build and lists what it caches.
 *
 * - `shell-manifest.json`: the built files the worker stores at install, so an offline reload
 *   has the whole app. tldraw's UI translations other than English are left to be cached when
 *   first used (50 files nobody here needs up front). The files of `public/` (the favicon) are
 *   listed too: the first visit fetches them before the worker is installed, so without this an
 *   offline reload had no favicon (and said so in the console).
 * - the build id: a hash of every built file, the public files and the worker's source. It goes
 *   into `sw.js` (so the worker's bytes change with each release and the browser installs the
 *   new one on the next visit) and into index.html as `<meta name="riffboard-build">` (so a tab
 *   knows which release it runs). The same sources always give the same id.
 */
function serviceWorker(): Plugin {
  let publicDir = '';
  let root = '';
  return {
    name: 'riffboard-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const publicFiles = publicDir ? readdirSync(publicDir).sort() : [];
      const files = [
        ...Object.keys(bundle).filter((f) => !f.endsWith('.map') && (!f.endsWith('.json') || /(^|\/)en-[\w-]+\.json$/.test(f))),
        ...publicFiles,
      ].map((f) => `/${f}`);
      const worker = readFileSync(join(root, 'sw', 'sw.js'), 'utf8');
      const hash = createHash('sha256').update(worker);
      for (const name of Object.keys(bundle).sort()) {
        const file = bundle[name];
        if (!file) continue;
        hash.update(name).update(file.type === 'chunk' ? file.code : file.source);
      }
      for (const name of publicFiles) hash.update(name).update(readFileSync(join(publicDir, name)));
      const build = hash.digest('hex').slice(0, 16);

      const html = bundle['index.html'];
      if (html?.type !== 'asset') throw new Error('riffboard-service-worker: the build has no index.html');
      html.source = String(html.source).replace('</head>', `  <meta name="riffboard-build" content="${build}" />\n  </head>`);
      const placeholder = "'__RIFFBOARD_BUILD__'";
      if (!worker.includes(placeholder)) throw new Error(`riffboard-service-worker: sw/sw.js no longer holds ${placeholder}`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker.replace(placeholder, JSON.stringify(build)) });
      this.emitFile({ type: 'asset', fileName: 'shell-manifest.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker()],
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
