/**
 * S14 (server/SPEC.md): a tab built for another document schema than the server's — left open
 * across a deploy, or opened from a newer release before the server is updated — is told in a
 * sentence to reload, with a button, and nothing it does reaches the room.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSE } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot, startServer } from '../support/server.ts';
import { connectDoc } from '../support/docClient.ts';
import { buildClientWithSchema } from '../support/buildClientWithSchema.ts';

const chromium = chromiumPerFile();

async function tabOnSchema(delta: number, expected: string, screenshot?: string): Promise<void> {
  const dist = await buildClientWithSchema(delta);
  const server = await startServer({ clientDist: dist });
  try {
    const created = await createRoom(server.url, 'Release night');
    const ana = await RoomActor.join(chromium.browser, `${server.url}${created.links.editor}`, 'Ana');
    try {
      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('closed');
      const banner = ana.page.getByRole('alert');
      await expect.poll(() => banner.innerText(), { timeout: 5_000 }).toContain(expected);
      expect(await banner.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
      if (screenshot) await ana.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', screenshot) });

      // What she draws stays in her tab: the room never gets it.
      await ana.drawRectangle(300, 250);
      await expect.poll(() => ana.geoShapeCount()).toBe(1);
      await new Promise((r) => setTimeout(r, 1000));
      const peer = await connectDoc(server.url, created.id, created.links.editor);
      expect(peer.doc.getMap('board').size).toBe(0);
      peer.close();
      expect(await ana.badge()).toBe('closed');
    } finally {
      await ana.leave();
    }
  } finally {
    await server.dispose();
    rmSync(dist, { recursive: true, force: true });
  }
}

describe('S14 tabs and servers on different schemas', () => {
  it('S14 a tab from the previous release meeting the updated server is asked to reload, and writes nothing', () =>
    tabOnSchema(-1, CLOSE.clientOutdated.message, 'deploy-reload.png'));

  it('S14 a tab from the next release meeting a server not yet updated is asked to reload later, and writes nothing', () =>
    tabOnSchema(+1, CLOSE.serverOutdated.message));
});
