/**
 * Builds the client as if it were another release: the same code with the document schema version
 * it was built for moved by `delta` (an older tab left open across a deploy, or a newer one reaching
 * a server not yet updated). Returns the output directory, to serve with `startServer`.
 */
import { build, type Plugin } from 'vite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '@riffboard/shared';
import { repoRoot } from './server.ts';

export async function buildClientWithSchema(delta: number): Promise<string> {
  const clientDir = join(repoRoot, 'client');
  const outDir = mkdtempSync(join(tmpdir(), `riffboard-client-schema${SCHEMA_VERSION + delta}-`));
  const declaration = `export const SCHEMA_VERSION = ${SCHEMA_VERSION};`;
  const bump: Plugin = {
    name: 'riffboard-schema-bump',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/shared/src/doc/migrate.ts')) return null;
      if (!code.includes(declaration)) throw new Error(`migrate.ts no longer declares "${declaration}"`);
      return code.replace(declaration, `export const SCHEMA_VERSION = ${SCHEMA_VERSION + delta};`);
    },
  };
  await build({
    root: clientDir,
    configFile: join(clientDir, 'vite.config.ts'),
    logLevel: 'warn',
    plugins: [bump],
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
