/**
 * Versions in real browsers (shared/src/versions/SPEC.md): two people in separate contexts; one
 * saves a version with the keyboard shortcut, the other changes the board, previews the version
 * (with what differs) and restores it, which the first sees live with a notice; the restore is
 * undone by restoring the automatic version taken before it; and the versions are still listed
 * after the server restarts. Screenshots of the panel and the preview for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot, startServer } from '../support/server.ts';

const chromium = chromiumPerFile();

function versionsTab(page: Page) {
  return page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Versions' });
}

async function openVersions(page: Page): Promise<void> {
  if ((await versionsTab(page).getAttribute('aria-pressed')) !== 'true') await versionsTab(page).click();
  await page.getByTestId('versions-panel').waitFor();
}

async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name, exact: true });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
}

/** Adds a backlog idea through the Backlog panel's "New idea" field. */
async function addIdea(page: Page, title: string): Promise<void> {
  await openTab(page, 'Backlog');
  await page.getByLabel('New idea').fill(title);
  await page.getByLabel('New idea').press('Enter');
}

function rows(page: Page) {
  return page.getByTestId('version-row');
}

async function rowNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="version-row"] .rb-version-name').allTextContents();
}

describe('RV6 versions between two people', () => {
  it('RV6 save with Alt+Shift+S, change, preview with what differs, restore live for the other person, undo it, and still listed after a restart', async () => {
    const server = await startServer();
    const dir = join(repoRoot, 'e2e', 'screenshots');
    mkdirSync(dir, { recursive: true });
    try {
      const url = `${server.url}${(await createRoom(server.url, 'Night drive — versions')).links.editor}`;
      const ana = await RoomActor.join(chromium.browser, url, 'Ana');
      const ben = await RoomActor.join(chromium.browser, url, 'Ben');
      try {
        await openVersions(ana.page);
        await expect.poll(() => ana.page.getByTestId('versions-empty').isVisible()).toBe(true);

        await ana.addNote(260, 220, 'Verse: Rhodes + brushes', 'yellow');
        await ana.drawRectangle(520, 200, 160, 90, 'Chorus at 128');
        await expect.poll(() => ben.shapeCount(), { timeout: 10_000 }).toBe(2);
        // Two tempo sections (N in the tempo panel) and a backlog idea.
        await openTab(ana.page, 'Tempo');
        await ana.page.locator('.rb-tempo-panel .rb-tempo-readout').click();
        await ana.page.keyboard.press('n');
        await ana.page.keyboard.press('n');
        await addIdea(ana.page, 'Half-time verse groove');
        await openVersions(ana.page);

        // Save with the keyboard, from the canvas.
        await ana.page.mouse.click(700, 600);
        await ana.page.keyboard.press('Alt+Shift+KeyS');
        await expect.poll(() => ana.page.evaluate(() => document.activeElement?.id)).toBe('rb-version-name');
        await ana.page.keyboard.type('Two ideas');
        await ana.page.keyboard.press('Enter');
        await expect.poll(() => rowNames(ana.page), { timeout: 10_000 }).toContain('Two ideas');

        // Ben changes the room: one more shape and one more idea.
        await ben.drawRectangle(300, 420, 200, 100, 'Bridge in 6/8');
        await expect.poll(() => ana.shapeCount(), { timeout: 10_000 }).toBe(3);
        await addIdea(ben.page, 'Bridge in 6/8');

        // Ben previews the version beside the live room: one shape added since.
        await openVersions(ben.page);
        await expect.poll(() => rowNames(ben.page), { timeout: 10_000 }).toContain('Two ideas');
        const named = rows(ben.page).filter({ hasText: 'Two ideas' });
        await named.getByRole('button', { name: 'Preview' }).click();
        const preview = ben.page.getByTestId('version-preview');
        await preview.waitFor();
        const boardRow = preview.locator('[data-testid="version-diff"] tr[data-area="board"] td');
        await expect.poll(() => boardRow.allTextContents(), { timeout: 10_000 }).toEqual(['1', '–', '–']);
        await expect.poll(() => preview.locator('[data-testid="version-board"] [data-shape-id]').count()).toBe(2);
        const backlogRow = preview.locator('[data-testid="version-diff"] tr[data-area="backlog"] td');
        await expect.poll(() => backlogRow.allTextContents(), { timeout: 10_000 }).toEqual(['1', '–', '–']);
        // The tempo map and backlog as they were: Ana's two sections and her idea only.
        expect(await preview.locator('[data-testid="version-tempo"] li strong').allTextContents()).toEqual(['Intro', 'Verse']);
        expect(await preview.locator('[data-testid="version-backlog"] li strong').allTextContents()).toEqual(['Half-time verse groove']);
        await expect.poll(() => ben.shapeCount()).toBe(3); // the live room is untouched by a preview
        await ben.page.screenshot({ path: join(dir, 'versions-preview.png') });

        // Restore, with confirmation: Ana sees it live, with who did it.
        await preview.getByRole('button', { name: 'Restore this version' }).click();
        const confirm = ben.page.getByTestId('restore-confirm');
        await confirm.getByRole('button', { name: 'Restore for everybody' }).click();
        await expect.poll(() => ana.shapeCount(), { timeout: 10_000 }).toBe(2);
        await expect.poll(() => ben.shapeCount(), { timeout: 10_000 }).toBe(2);
        const toast = ana.page.getByTestId('restore-toast');
        await expect.poll(() => toast.textContent(), { timeout: 10_000 }).toMatch(/Ben restored “Two ideas”/);

        // Undo the restore: restore the automatic version taken just before it.
        await expect.poll(() => rowNames(ana.page), { timeout: 10_000 }).toContain('Before restoring “Two ideas”');
        await rows(ana.page).filter({ hasText: 'Before restoring “Two ideas”' }).getByRole('button', { name: 'Restore' }).click();
        await ana.page.getByTestId('restore-confirm').getByRole('button', { name: 'Restore for everybody' }).click();
        await expect.poll(() => ben.shapeCount(), { timeout: 10_000 }).toBe(3);
        await expect.poll(() => ana.shapeCount(), { timeout: 10_000 }).toBe(3);
        await expect
          .poll(() => ben.page.getByTestId('restore-toast').textContent(), { timeout: 10_000 })
          .toMatch(/Ana undid the restore of “Two ideas”/);
        await ana.page.mouse.move(640, 700);
        await ana.page.screenshot({ path: join(dir, 'versions-panel.png') });

        // After a restart the versions are still there.
        chromium.problems.allow(/net::ERR_CONNECTION_REFUSED/, 'the server restarts on purpose');
        await server.restart();
        await ana.reload();
        await openVersions(ana.page);
        await expect
          .poll(() => rowNames(ana.page), { timeout: 20_000 })
          .toEqual(expect.arrayContaining(['Two ideas', 'Before restoring “Two ideas”', 'Before undoing the restore of “Two ideas”']));
        await expect.poll(() => ana.shapeCount(), { timeout: 10_000 }).toBe(3);
      } finally {
        await ana.leave();
        await ben.leave();
      }
    } finally {
      await server.dispose();
    }
  }, 180_000); // two contexts and a server restart: 25 s on an idle machine, over 90 s at load average 30 on 2 cores
});
