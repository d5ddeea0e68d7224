/** The pages around a room: the home page's "Create a room" and recent rooms, and a bad link. */
import { describe, expect, inject, it } from 'vitest';
import { chromiumPerFile } from '../support/browser.ts';
import { repoRoot } from '../support/server.ts';
import { join } from 'node:path';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

describe('home page', () => {
  it('creates a room with the big button, shares a viewer link from the Share dialog, and lists it under "Recent rooms"', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
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

      // Share opens the dialog; the viewer link it copies is not the creator's own (facilitator) link.
      await page.getByTestId('share').click();
      const share = page.getByRole('dialog', { name: 'Share this room' });
      await share.getByRole('button', { name: 'Copy viewer link' }).click();
      await expect.poll(() => share.getByRole('button', { name: 'Copy viewer link' }).textContent()).toBe('Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(new RegExp(`^${baseUrl}/r/[A-Za-z0-9_-]{21}\\?token=`));
      expect(copied).not.toBe(page.url());
      await page.keyboard.press('Escape');
      await expect.poll(() => share.count()).toBe(0);

      await page.goto(baseUrl);
      const recent = page.locator('.rb-recent-list a');
      await expect.poll(() => recent.count()).toBe(1);
      expect(await recent.first().getAttribute('href')).toBe(roomLink);
    } finally {
      await context.close();
    }
  });
});

describe('the console check', () => {
  it('catches a Content-Security-Policy violation and the uncaught error it causes', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Create a room' }).waitFor();
      expect(chromium.problems.seen()).toEqual([]); // the home page itself is clean
      // What tldraw did with its inlined English strings: fetch a data: URL, which connect-src refuses.
      await page.evaluate(() => {
        void fetch('data:application/json,{}');
      });
      await expect.poll(() => chromium.problems.seen().join('\n')).toMatch(/Content Security Policy/);
      await expect.poll(() => chromium.problems.seen().join('\n')).toMatch(/uncaught .*Failed to fetch/);
      chromium.problems.allow(
        /Content Security Policy|CSP connect-src|Failed to fetch/,
        'caused on purpose: this test checks that they are caught',
      );
    } finally {
      await context.close();
    }
  });
});

describe('a link to a room that does not exist', () => {
  it('says there is no such room and links home', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    try {
      // The room lookup answers 404 on purpose here, and Chromium logs every failed request.
      chromium.problems.allow(/\/api\/rooms\/AAAAAAAAAAAAAAAAAAAAA: Failed to load resource: .* 404/, 'the room does not exist');
      await page.goto(`${baseUrl}/r/AAAAAAAAAAAAAAAAAAAAA`);
      await expect.poll(() => page.getByRole('heading', { name: 'No such room' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    } finally {
      await context.close();
    }
  });
});
