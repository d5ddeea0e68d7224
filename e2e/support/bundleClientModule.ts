/**
 * Bundles one client module (and what it imports: Tone, shared) into a script a test page can
 * load, so a browser test can exercise client code directly — without test hooks in the app.
 * The module's exports become `window[globalName]`.
 */
import { build } from 'vite';
import { join } from 'node:path';
import { repoRoot } from './server.ts';

export async function bundleClientModule(relativePath: string, globalName: string): Promise<string> {
  const clientDir = join(repoRoot, 'client');
  const out = await build({
    root: clientDir,
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(clientDir, relativePath), name: globalName, formats: ['iife'], fileName: () => 'bundle.js' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    for (const chunk of o.output) if (chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`bundling ${relativePath} produced no script`);
}
