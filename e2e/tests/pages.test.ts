/** The pages around a room: the home page's "Create a room" and recent rooms, and a bad link. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { repoRoot } from '../support/server.ts';
import { join } from 'node:path';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('home page', () => {
  it('creates a room with the big button, shares its link, and lists it under "Recent rooms"', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    try {
      await page.goto(baseUrl);
      await expect.poll(() => page.getByText('Rooms you open on this device show up here').count()).toBe(1);
      await page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'home.png') });

      await page.getByRole('button', { name: 'Create a room' }).click();
      // The creator lands on the facilitator link.
      await page.waitForURL(/\/r\/[A-Za-z0-9_-]{21}\?token=[\w.-]+$/);
      await page.getByLabel('Display name').fill('Cleo');
      await page.getByRole('button', { name: 'Join the room' }).click();
      await page.locator('.tl-canvas').waitFor();
      const roomLink = new URL(page.url()).pathname + new URL(page.url()).search;

      await page.getByTestId('share').click();
      await expect.poll(() => page.getByTestId('share').textContent()).toBe('Link copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

      await page.goto(baseUrl);
      const recent = page.locator('.rb-recent-list a');
      await expect.poll(() => recent.count()).toBe(1);
      expect(await recent.first().getAttribute('href')).toBe(roomLink);
    } finally {
      await context.close();
    }
  });
});

describe('a link to a room that does not exist', () => {
  it('says there is no such room and links home', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/r/AAAAAAAAAAAAAAAAAAAAA`);
      await expect.poll(() => page.getByRole('heading', { name: 'No such room' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    } finally {
      await context.close();
    }
  });
});
