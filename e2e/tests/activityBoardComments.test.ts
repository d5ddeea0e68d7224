/**
 * Board comments in the activity feed (shared/src/activity/SPEC.md W8), two people in separate
 * browser contexts: Ana pins a comment to a rectangle and Ben replies; each sees the other's
 * comment as a sentence in the Activity panel, and a click on it opens that thread on the canvas.
 * Writes screenshots/activity-board-comment.png.
 */
import { describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { threadCard } from '../support/boardComments.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

describe('board comments in the activity feed', () => {
  it('W8 Ben sees "Ana commented on a shape" and "You replied to Ana’s comment" in the feed, and a click on Ana’s comment opens her thread on his canvas', async () => {
    const room = await createRoom(baseUrl, 'Song form sketch');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await ana.drawRectangle(260, 260, 200, 120);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      await ana.page.keyboard.press('Control+a');
      await ana.page.keyboard.press('c');
      const composer = ana.page.getByTestId('comment-composer');
      await composer.getByLabel('Comment').fill('Make the bridge twice as long');
      await composer.getByLabel('Comment').press('Enter');
      await threadCard(ana.page).waitFor();
      await ana.page.getByRole('button', { name: 'Close comments' }).click();

      await ben.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Activity' }).click();
      const line = ben.page
        .getByTestId('activity-panel')
        .getByRole('button', { name: 'Ana commented on a shape: “Make the bridge twice as long”' });
      await line.waitFor({ timeout: 15_000 });
      expect(await threadCard(ben.page).count()).toBe(0);
      await line.click();
      await expect.poll(() => threadCard(ben.page).textContent(), { timeout: 5_000 }).toContain('Make the bridge twice as long');

      await threadCard(ben.page).getByLabel('Reply').fill('Agreed, eight more bars');
      await threadCard(ben.page).getByRole('button', { name: 'Reply', exact: true }).click();
      await ben.page
        .getByTestId('activity-panel')
        .getByRole('button', { name: 'You replied to Ana’s comment: “Agreed, eight more bars”' })
        .waitFor({ timeout: 15_000 });
      await ben.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'activity-board-comment.png') });
    } finally {
      await Promise.all([ana.leave(), ben.leave()]);
    }
  });
});
