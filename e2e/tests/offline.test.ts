/**
 * Local first: edits made while offline are kept and merge when the connection returns, and a
 * room reloads from this device's copy while the server is down.
 */
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { startServer } from '../support/server.ts';

const chromium = chromiumPerFile();

describe('offline', () => {
  it('merges edits made on both sides while one person was offline', async () => {
    const baseUrl = inject('baseUrl');
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Bridge options')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben');
    try {
      await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('connected');
      await expect.poll(() => ben.peopleHere(), { timeout: 10_000 }).toEqual(['Ben', 'Ana']);

      const socketsBefore = ana.syncSocketsOpened;
      await ana.context.setOffline(true);
      await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('offline');

      await ana.drawRectangle(250, 200);
      await ben.drawRectangle(650, 350);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 5_000 }).toBe(1);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 5_000 }).toBe(1);
      // Still apart: nothing crossed while Ana was offline.
      expect(await ana.geoShapeCount()).toBe(1);

      await ana.context.setOffline(false);
      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');
      // Going offline dropped the socket (Chromium's offline emulation alone leaves it open and
      // silent; the app closes it on the browser's "offline" event): coming back opens a new one.
      expect(ana.syncSocketsOpened).toBeGreaterThan(socketsBefore);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => ben.peopleHere(), { timeout: 10_000 }).toEqual(['Ben', 'Ana']);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('reloads a room from this device while the server is down, and syncs what was drawn meanwhile', async () => {
    // Its own server, so stopping it doesn't disturb other tests.
    const server = await startServer();
    try {
      const url = `${server.url}${(await createRoom(server.url, 'Late-night demo')).links.editor}`;
      const ana = await RoomActor.join(chromium.browser, url, 'Ana');
      try {
        await ana.drawRectangle(250, 200);
        await ana.drawRectangle(550, 300);
        await expect.poll(() => ana.geoShapeCount()).toBe(2);
        await ana.waitForOfflineShell();

        // While the server is down the sync socket and the room lookup fail to connect, as they must.
        chromium.problems.allow(/net::ERR_CONNECTION_REFUSED/, 'the server is stopped on purpose');
        await server.stop();
        await expect.poll(() => ana.badge(), { timeout: 20_000 }).toBe('offline');
        await ana.reload();
        await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(2);
        expect(await ana.roomTitle()).toBe('Late-night demo');
        await expect.poll(() => ana.badge(), { timeout: 20_000 }).toBe('offline');

        await ana.drawRectangle(400, 480);
        await expect.poll(() => ana.geoShapeCount()).toBe(3);

        await server.restart();
        await expect.poll(() => ana.badge(), { timeout: 20_000 }).toBe('connected');
        // Someone who never saw the room gets all three shapes from the server.
        const ben = await RoomActor.join(chromium.browser, url, 'Ben');
        try {
          await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(3);
        } finally {
          await ben.leave();
        }
      } finally {
        await ana.leave();
      }
    } finally {
      await server.dispose();
    }
  });
});
