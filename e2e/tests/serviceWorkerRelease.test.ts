/**
 * S16 (server/SPEC.md): a new release replaces the service worker, and the offline shell with it,
 * on the next visit; a tab still running the previous release is offered a reload.
 *
 * Release A is the client as built (`client/dist`); release B is the same code with one marker
 * changed, so only its build id tells them apart — as with any real deploy.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { clientDist, repoRoot, startServer, type ServerHandle } from '../support/server.ts';
import { buildClientRelease, builtRelease, shellFiles } from '../support/buildClient.ts';

const chromium = chromiumPerFile();

const pageRelease = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[name="riffboard-build"]')?.content ?? null);
const cacheNames = (page: Page): Promise<string[]> => page.evaluate(() => caches.keys());
const controlled = (page: Page): Promise<boolean> => page.evaluate(() => navigator.serviceWorker.controller !== null);
/** Which of `files` the page's shell cache lacks. */
const missingFromShell = (page: Page, files: string[]): Promise<string[]> =>
  page.evaluate(async (wanted) => {
    const missing: string[] = [];
    for (const f of wanted) if (!(await caches.match(f))) missing.push(f);
    return missing;
  }, files);

/** Reloads `page` with the network cut, and waits for the room's canvas from the offline shell. */
async function offlineReload(actor: RoomActor, page: Page): Promise<void> {
  await actor.context.setOffline(true);
  await page.reload();
  await page.locator('.tl-canvas').waitFor({ state: 'visible', timeout: 30_000 });
  await actor.context.setOffline(false);
}

describe('S16 new releases and the offline shell', () => {
  it('S16 the next visit after a deploy installs the new release’s worker and offline shell, and an open tab of the old release is offered a reload', async () => {
    const releaseA = builtRelease(clientDist);
    const distB = await buildClientRelease('next');
    let server: ServerHandle | null = null;
    try {
      const releaseB = builtRelease(distB);
      expect(releaseB).not.toBe(releaseA);
      chromium.problems.allow(
        /net::ERR_INTERNET_DISCONNECTED|net::ERR_CONNECTION_REFUSED|Failed to fetch/,
        'offline reloads and the deploy’s restart are on purpose',
      );

      server = await startServer();
      const url = `${server.url}${(await createRoom(server.url, 'Tour rehearsal')).links.editor}`;
      const ana = await RoomActor.join(chromium.browser, url, 'Ana');
      try {
        // Release A: its worker installs, caches A's shell under A's name, and serves it offline.
        await ana.waitForOfflineShell();
        await expect.poll(() => controlled(ana.page), { timeout: 10_000 }).toBe(true);
        await ana.drawRectangle(300, 250);
        await expect.poll(() => cacheNames(ana.page)).toEqual([`riffboard-shell-${releaseA}`]);
        await offlineReload(ana, ana.page);
        expect(await pageRelease(ana.page)).toBe(releaseA);
        await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => ana.badge(), { timeout: 20_000 }).toBe('connected');

        // The deploy: the same address now serves release B. Ana's tab stays open on A.
        const { port, dataDir } = server;
        await server.stop();
        server = await startServer({ port, dataDir, clientDist: distB });
        await expect.poll(() => ana.badge(), { timeout: 20_000 }).toBe('connected');

        // Her next visit (a second tab) runs B and installs B's worker, which replaces A's cache.
        const visit = await ana.context.newPage();
        await visit.goto(url);
        await visit.locator('.tl-canvas').waitFor({ state: 'visible', timeout: 30_000 });
        expect(await pageRelease(visit)).toBe(releaseB);
        await expect.poll(() => cacheNames(visit), { timeout: 20_000 }).toEqual([`riffboard-shell-${releaseB}`]);
        expect(await missingFromShell(visit, shellFiles(distB))).toEqual([]);
        // The tab that is already B is not asked to reload; the one still on A is.
        const banner = ana.page.getByTestId('release-banner');
        await banner.waitFor({ state: 'visible', timeout: 10_000 });
        expect(await banner.innerText()).toContain('A new version of Riffboard is ready');
        expect(await visit.getByTestId('release-banner').count()).toBe(0);
        await ana.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'release-reload.png') });

        await banner.getByRole('button', { name: 'Reload' }).click();
        await ana.waitForBoard();
        expect(await pageRelease(ana.page)).toBe(releaseB);
        await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(1);

        // Offline now, the shell is B's.
        await offlineReload(ana, visit);
        expect(await pageRelease(visit)).toBe(releaseB);
        await visit.close();
      } finally {
        await ana.leave();
      }
    } finally {
      await server?.dispose();
      rmSync(distB, { recursive: true, force: true });
    }
  });
});
