/**
 * Vite config. In dev, `/api` and `/sync` go to the Riffboard server (default port 8080) so the
 * browser talks to one origin, exactly as it does in production where the server serves `dist/`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = process.env.RIFFBOARD_SERVER_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  // @tldraw/assets' Vite entry imports thousands of asset files; the dev optimiser crashes on it.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': { target: serverUrl, changeOrigin: true },
      '/healthz': { target: serverUrl, changeOrigin: true },
      '/sync': { target: serverUrl, changeOrigin: true, ws: true },
    },
  },
  build: { chunkSizeWarningLimit: 4000 },
});
