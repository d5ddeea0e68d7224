/**
 * Builds the client as if it were another release: the same code with the document schema version
 * it was built for moved by `delta` (an older tab left open across a deploy, or a newer one reaching
 * a server not yet updated). Returns the output directory, to serve with `startServer`.
 */
import type { Plugin } from 'vite';
import { SCHEMA_VERSION } from '@riffboard/shared';
import { buildClientVariant } from './buildClient.ts';

export async function buildClientWithSchema(delta: number): Promise<string> {
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
  return buildClientVariant(`schema${SCHEMA_VERSION + delta}`, [bump]);
}
