/**
 * Two people in one room: shapes drawn by one appear for the other and survive a reload; each
 * sees the other in "who is here"; and a screenshot of a busy room for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

describe('a room with two people', () => {
  it('shows a rectangle drawn by one person to the other, and keeps it, on the room’s one page, after a reload', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Chorus ideas')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben');
    try {
      await ana.drawRectangle(300, 200);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);

      await ben.drawRectangle(600, 300);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(2);

      await ben.reload();
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 5_000 }).toBe(2);
      // The room still has exactly one page, for both: a fresh load must not add a second default page.
      expect(await ben.pageNames()).toEqual(['Page 1']);
      expect(await ana.pageNames()).toEqual(['Page 1']);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('lists everyone in "who is here", with their names', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl)).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana Lima');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben Ode');
    try {
      await expect.poll(() => ana.peopleHere(), { timeout: 10_000 }).toEqual(['Ana Lima', 'Ben Ode']);
      await expect.poll(() => ben.peopleHere(), { timeout: 10_000 }).toEqual(['Ben Ode', 'Ana Lima']);
      await expect.poll(() => ana.badge()).toBe('connected');
      // Everyone can be told apart: no two people share a colour.
      await expect.poll(async () => new Set(await ana.peopleColors()).size).toBe(2);

      await ben.leave();
      await expect.poll(() => ana.peopleHere(), { timeout: 40_000 }).toEqual(['Ana Lima']);
    } finally {
      await ana.leave();
    }
  });

  it('takes a screenshot of a room with a few shapes (e2e/screenshots/room.png)', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Night drive — verse sketches')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana Lima');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben Ode');
    try {
      await ana.addNote(230, 250, 'Verse: half-time, Rhodes + brushes', 'yellow');
      await ana.addNote(560, 250, 'Chorus lifts to 128 BPM', 'orange');
      await ben.addNote(890, 250, 'Bridge: try the 6/8 idea from Tuesday', 'violet');
      await ana.drawArrow({ x: 300, y: 250 }, { x: 490, y: 250 });
      await ben.drawArrow({ x: 630, y: 250 }, { x: 820, y: 250 });
      await ana.drawRectangle(130, 440, 860, 130, 'Takes: chorus ×3, best at 2:14');
      await expect.poll(() => ana.shapeCount(), { timeout: 10_000 }).toBe(6);
      await expect.poll(() => ben.shapeCount(), { timeout: 10_000 }).toBe(6);
      // Put Ben's cursor on Ana's screen so the picture shows presence too.
      await ana.page.mouse.click(1000, 720);
      await ben.page.mouse.move(760, 560, { steps: 5 });
      const label = ana.page.locator('.rb-cursor-label');
      await expect.poll(async () => (await label.boundingBox())?.x ?? 0, { timeout: 10_000 }).toBeGreaterThan(750);
      const dir = join(repoRoot, 'e2e', 'screenshots');
      mkdirSync(dir, { recursive: true });
      await ana.page.screenshot({ path: join(dir, 'room.png') });
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });
});
