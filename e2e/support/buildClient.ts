/**
 * Builds the client into a fresh temporary directory as if it were another release: the same
 * sources with `plugins` rewriting some of them. Returns the output directory, to serve with
 * `startServer({ clientDist })`.
 */
import { build, type Plugin } from 'vite';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './server.ts';

export async function buildClientVariant(label: string, plugins: Plugin[]): Promise<string> {
  const clientDir = join(repoRoot, 'client');
  const outDir = mkdtempSync(join(tmpdir(), `riffboard-client-${label}-`));
  await build({
    root: clientDir,
    configFile: join(clientDir, 'vite.config.ts'),
    logLevel: 'warn',
    plugins,
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** A build of the same code that differs only by `release` (a string it keeps at run time). */
export function buildClientRelease(release: string): Promise<string> {
  const mark: Plugin = {
    name: 'riffboard-release-mark',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/client/src/main.tsx')) return null;
      return `${code}\n(globalThis as { riffboardRelease?: string }).riffboardRelease = ${JSON.stringify(release)};\n`;
    },
  };
  return buildClientVariant(`release-${release}`, [mark]);
}

/** The build id a client build stamped into its index.html (the service worker carries the same). */
export function builtRelease(dist: string): string {
  const m = /<meta name="riffboard-build" content="([0-9a-f]+)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'));
  if (!m?.[1]) throw new Error(`${dist}/index.html has no riffboard-build meta tag`);
  return m[1];
}

/** The files a client build's service worker stores at install. */
export function shellFiles(dist: string): string[] {
  return JSON.parse(readFileSync(join(dist, 'shell-manifest.json'), 'utf8')) as string[];
}
