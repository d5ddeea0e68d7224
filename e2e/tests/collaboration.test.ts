/**
 * Two people in one room: shapes drawn by one appear for the other and survive a reload; each
 * sees the other in "who is here"; and a screenshot of a busy room for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createRoom, launchChromium } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a room with two people', () => {
  it('shows a rectangle drawn by one person to the other, and keeps it after a reload', async () => {
    const url = `${baseUrl}/r/${await createRoom(baseUrl, 'Chorus ideas')}`;
    const ana = await RoomActor.join(browser, url, 'Ana');
    const ben = await RoomActor.join(browser, url, 'Ben');
    try {
      await ana.drawRectangle(300, 200);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);

      await ben.drawRectangle(600, 300);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(2);

      await ben.reload();
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(2);
      // The room still has exactly one page: a fresh load must not add a second default page.
      await expect.poll(() => ana.geoShapeCount(), { timeout: 5_000 }).toBe(2);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('lists everyone in "who is here", with their names', async () => {
    const url = `${baseUrl}/r/${await createRoom(baseUrl)}`;
    const ana = await RoomActor.join(browser, url, 'Ana Lima');
    const ben = await RoomActor.join(browser, url, 'Ben Ode');
    try {
      await expect.poll(() => ana.peopleHere(), { timeout: 10_000 }).toEqual(['Ana Lima', 'Ben Ode']);
      await expect.poll(() => ben.peopleHere(), { timeout: 10_000 }).toEqual(['Ben Ode', 'Ana Lima']);
      await expect.poll(() => ana.badge()).toBe('connected');

      await ben.leave();
      await expect.poll(() => ana.peopleHere(), { timeout: 40_000 }).toEqual(['Ana Lima']);
    } finally {
      await ana.leave();
    }
  });

  it('takes a screenshot of a room with a few shapes (e2e/screenshots/room.png)', async () => {
    const url = `${baseUrl}/r/${await createRoom(baseUrl, 'Night drive — verse sketches')}`;
    const ana = await RoomActor.join(browser, url, 'Ana Lima');
    const ben = await RoomActor.join(browser, url, 'Ben Ode');
    try {
      await ana.drawRectangle(220, 160, 220, 140);
      await ana.drawRectangle(520, 220, 180, 180);
      await ben.drawRectangle(360, 420, 260, 110);
      await expect.poll(() => ana.geoShapeCount(), { timeout: 10_000 }).toBe(3);
      // Put Ben's cursor on Ana's screen so the picture shows presence too.
      await ben.page.mouse.move(900, 360, { steps: 5 });
      await ana.page.mouse.click(1100, 700);
      await expect.poll(() => ana.page.locator('.rb-cursor').count(), { timeout: 10_000 }).toBe(1);
      const dir = join(repoRoot, 'e2e', 'screenshots');
      mkdirSync(dir, { recursive: true });
      await ana.page.screenshot({ path: join(dir, 'room.png') });
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });
});
