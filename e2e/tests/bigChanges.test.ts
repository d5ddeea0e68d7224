/**
 * S13 (server/SPEC.md): a person who worked for a long time offline — ~50 MB of notes, far more
 * than one WebSocket message may carry — gets all of it into the room when the connection
 * returns, and what they do afterwards arrives too: the tab never gets stuck reconnecting. One
 * change larger than any room accepts (`MAX_UPDATE_BYTES`) is refused with a sentence, stays in
 * the person's browser, and does not hold up what they do next.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { createIdea } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { join } from 'node:path';
import { repoRoot, startServer } from '../support/server.ts';

const chromium = chromiumPerFile();
const MB = 1e6;
const MiB = 1024 * 1024;
const IDEAS = 100;

/**
 * `sessions` updates, each a stretch of offline work: backlog ideas with long notes, `totalBytes`
 * in all, written with the same domain functions the app uses.
 */
function offlineWork(totalBytes: number, sessions: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const line = 'Verse two: try the bass an octave down, half-time drums, then open up for the chorus. ';
  const notes = line.repeat(Math.ceil(totalBytes / IDEAS / line.length));
  for (let s = 0; s < sessions; s++) {
    doc.transact(() => {
      for (let i = (s * IDEAS) / sessions; i < ((s + 1) * IDEAS) / sessions; i++)
        createIdea(doc, { title: `Night idea ${i + 1}`, notes }, { id: 'ana', name: 'Ana' }, 'local');
    });
  }
  return updates;
}

/** How many ideas a person's backlog shows, opened as a full board. */
async function backlogCards(page: Page): Promise<number> {
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  if ((await page.getByTestId('backlog-overlay').count()) === 0) await page.getByTestId('backlog-expand').click();
  const overlay = page.getByTestId('backlog-overlay');
  await overlay.locator('[data-testid="backlog-empty"], [data-testid="column-count"]').first().waitFor();
  if ((await overlay.getByTestId('backlog-empty').count()) > 0) return 0;
  // The column's count: its cards are only rendered as they scroll into view.
  return Number(await overlay.getByTestId('column-idea').getByTestId('column-count').innerText());
}

/** Stores `update` in the tab's own copy of the room (y-indexeddb's update log). */
async function keepInBrowser(page: Page, roomId: string, update: Uint8Array): Promise<void> {
  await page.evaluate(
    async ({ db, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const open = indexedDB.open(db);
      const idb = await new Promise<IDBDatabase>((ok, fail) => {
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      await new Promise<void>((ok, fail) => {
        const tx = idb.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(bytes);
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      idb.close();
    },
    { db: `riffboard:${roomId}`, b64: Buffer.from(update).toString('base64') },
  );
}

describe('S13 changes too large for one message', () => {
  it('S13 ~50 MB written offline reach another browser after reconnect, and a shape drawn afterwards arrives too', async () => {
    const server = await startServer();
    try {
      const created = await createRoom(server.url, 'Long night');
      const url = `${server.url}${created.links.editor}`;
      const ana = await RoomActor.join(chromium.browser, url, 'Ana');
      const ben = await RoomActor.join(chromium.browser, url, 'Ben');
      try {
        await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');
        const updates = offlineWork(50 * MB, 10);
        expect(updates.reduce((n, u) => n + u.byteLength, 0)).toBeGreaterThan(50 * MB);

        // The night offline: the tab keeps the work in this browser's copy of the room, as a tab
        // that was worked in and reloaded without a connection does.
        await ana.waitForOfflineShell();
        chromium.problems.allow(/net::ERR_INTERNET_DISCONNECTED/, 'the tab is taken offline on purpose and reloads without a network');
        await ana.context.setOffline(true);
        await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('offline');
        for (const u of updates) await keepInBrowser(ana.page, created.id, u);
        await ana.reload();
        await expect.poll(() => backlogCards(ana.page), { timeout: 60_000 }).toBe(IDEAS);
        expect(await backlogCards(ben.page)).toBe(0);

        const socketsBefore = ana.syncSocketsOpened;
        await ana.context.setOffline(false);
        await expect.poll(() => backlogCards(ben.page), { timeout: 90_000 }).toBe(IDEAS);
        await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('connected');
        // One connection carried it all: the tab was never refused and never reconnected.
        expect(ana.syncSocketsOpened - socketsBefore).toBe(1);

        // Back to the canvas (the backlog docks to the side panel).
        for (const p of [ana.page, ben.page]) await p.getByTestId('backlog-overlay').getByTestId('backlog-expand').click();
        await ana.drawRectangle(500, 250);
        await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      } finally {
        await ana.leave();
        await ben.leave();
      }
    } finally {
      await server.dispose();
    }
  }, 300_000);

  it('S13 one change over MAX_UPDATE_BYTES is refused with a sentence and kept in the tab, and the person’s later edits still reach another browser', async () => {
    const server = await startServer({ env: { MAX_UPDATE_BYTES: String(2 * MiB) } });
    try {
      const created = await createRoom(server.url, 'Too much at once');
      const url = `${server.url}${created.links.editor}`;
      const ana = await RoomActor.join(chromium.browser, url, 'Ana');
      const ben = await RoomActor.join(chromium.browser, url, 'Ben');
      try {
        await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');
        // One change (one transaction) of ~3 MB: more than this server takes in one change.
        const [change, ...rest] = offlineWork(3 * MB, 1);
        expect(rest).toEqual([]);
        expect(change?.byteLength).toBeGreaterThan(2 * MiB);

        await ana.waitForOfflineShell();
        chromium.problems.allow(/net::ERR_INTERNET_DISCONNECTED/, 'the tab is taken offline on purpose and reloads without a network');
        await ana.context.setOffline(true);
        await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('offline');
        if (change) await keepInBrowser(ana.page, created.id, change);
        await ana.reload();
        await expect.poll(() => backlogCards(ana.page), { timeout: 30_000 }).toBe(IDEAS);

        await ana.context.setOffline(false);
        const notice = ana.page.getByRole('alert').filter({ hasText: 'not saved to the room' });
        await notice.waitFor({ state: 'visible', timeout: 30_000 });
        const sentence = await notice.innerText();
        expect(sentence).toMatch(/This change is \d\.\d MB, more than the 2 MB a room accepts at once/);
        expect(sentence).toContain('It is still in this browser.');
        // On top, not under the backlog board she has open.
        const box = await notice.boundingBox();
        if (!box) throw new Error('the notice has no box');
        const onTop = await ana.page.evaluate(
          ({ x, y }) => document.elementFromPoint(x, y)?.closest('[role="alert"]')?.textContent ?? null,
          { x: box.x + box.width / 4, y: box.y + box.height / 2 },
        );
        expect(onTop).toContain('not saved to the room');
        await ana.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'change-too-large.png') });
        await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('connected');

        // Her next edit reaches Ben; the refused change stays with her only.
        await ana.page.getByTestId('backlog-overlay').getByTestId('backlog-expand').click();
        await ana.drawRectangle(500, 250);
        await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
        expect(await backlogCards(ana.page)).toBe(IDEAS);
        expect(await backlogCards(ben.page)).toBe(0);
        await ben.page.getByTestId('backlog-overlay').getByTestId('backlog-expand').click();

        // A reload keeps it too, and does not offer it to the room again.
        await ana.reload();
        await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');
        await expect.poll(() => backlogCards(ana.page), { timeout: 30_000 }).toBe(IDEAS);
        await ana.page.getByTestId('backlog-overlay').getByTestId('backlog-expand').click();
        await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(1);
        await ben.drawRectangle(250, 450);
        await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(2);
        expect(await ana.page.getByRole('alert').filter({ hasText: 'not saved to the room' }).count()).toBe(0);
        expect(await backlogCards(ben.page)).toBe(0);
      } finally {
        await ana.leave();
        await ben.leave();
      }
    } finally {
      await server.dispose();
    }
  }, 180_000);
});
