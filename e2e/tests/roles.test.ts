/**
 * Capability links and roles in real browsers (README "Rooms, links and roles", server SPEC A1–A8):
 * the facilitator shares viewer and editor links from the Share dialog, the editor draws and the
 * viewer sees it, the viewer can't draw, everyone shows with their role, the facilitator renames
 * the room for everybody, and replacing the editor link shuts the old one out for good.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const REPLACED = 'This link was replaced — ask the facilitator for a new one.';

describe('rooms, links and roles', () => {
  it('facilitator shares links; editor draws, viewer watches but cannot draw; roles show; rename is live; a replaced link stops working', async () => {
    const room = await createRoom(baseUrl, 'Workshop: verse rewrite');
    const fay = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.facilitator}`, 'Fay', { clipboard: true });
    const actors = [fay];
    try {
      // A1/A6: the Share dialog lists the three links, each a full URL for this room.
      const dialog = await fay.openShareDialog();
      for (const role of ['Facilitator', 'Editor', 'Viewer']) {
        expect(await dialog.getByRole('textbox', { name: `${role} link` }).inputValue()).toMatch(
          new RegExp(`^${baseUrl}/r/${room.id}\\?token=`),
        );
      }
      await fay.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'share.png') });
      const viewerUrl = await fay.copyLink('viewer');
      const editorUrl = await fay.copyLink('editor');
      expect(viewerUrl).toMatch(new RegExp(`^${baseUrl}/r/${room.id}\\?token=`));
      expect(editorUrl).not.toBe(viewerUrl);
      await fay.closeDialog();

      const ed = await RoomActor.join(chromium.browser, editorUrl, 'Ed');
      actors.push(ed);
      const vi = await RoomActor.join(chromium.browser, viewerUrl, 'Vi');
      actors.push(vi);

      // The viewer is told before trying; nobody else is.
      expect(await vi.page.getByTestId('view-only').textContent()).toContain('View only');
      expect(await ed.page.getByTestId('view-only').count()).toBe(0);
      expect(await fay.page.getByTestId('view-only').count()).toBe(0);

      // A8: everybody sees everybody with the role the server stamped.
      const roles = { Fay: 'facilitator', Ed: 'editor', Vi: 'viewer' };
      for (const a of [fay, ed, vi]) await expect.poll(() => a.peopleRoles(), { timeout: 10_000 }).toEqual(roles);

      // The editor draws, everyone sees it.
      await ed.drawRectangle(300, 220);
      for (const a of [fay, ed, vi]) await expect.poll(() => a.geoShapeCount(), { timeout: 10_000 }).toBe(1);

      // A2: the viewer's attempt leaves no shape anywhere, not even in its own tab.
      await vi.drawRectangle(600, 300);
      await vi.page.waitForTimeout(1500);
      for (const a of [fay, ed, vi]) expect(await a.geoShapeCount()).toBe(1);

      // A3: the facilitator renames the room in place; everyone's bar and browser tab follow.
      await fay.page.getByTestId('room-title').click();
      const titleInput = fay.page.getByLabel('Room title');
      await titleInput.fill('Workshop: chorus lift');
      await titleInput.press('Enter');
      for (const a of [fay, ed, vi]) {
        await expect.poll(() => a.roomTitle(), { timeout: 10_000 }).toBe('Workshop: chorus lift');
        await expect.poll(() => a.page.title()).toBe('Workshop: chorus lift · Riffboard');
      }
      // Only the facilitator is offered renaming.
      expect(await ed.page.getByRole('button', { name: /rename/i }).count()).toBe(0);

      // A4: replacing the editor link (after confirming) disconnects Ed with the table's sentence…
      const shareAgain = await fay.openShareDialog();
      const editorRow = shareAgain.locator('li[data-role="editor"]');
      const oldEditorLink = await editorRow.getByRole('textbox', { name: 'Editor link' }).inputValue();
      await editorRow.getByRole('button', { name: 'Replace link' }).click();
      await editorRow.getByRole('button', { name: 'Replace editor link' }).click();
      await expect.poll(() => editorRow.getByRole('textbox', { name: 'Editor link' }).inputValue()).not.toBe(oldEditorLink);
      await expect.poll(() => ed.page.getByRole('alert').filter({ hasText: REPLACED }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => ed.badge()).toBe('closed');
      // …and Ed's tab does not keep trying: no new sync socket in the next few seconds.
      const sockets = ed.syncSocketsOpened;
      await ed.page.waitForTimeout(4000);
      expect(ed.syncSocketsOpened).toBe(sockets);
      // The viewer, on a link that was not replaced, stays connected.
      expect(await vi.badge()).toBe('connected');

      // A1: reloading the old link is refused by the room lookup (403 link_replaced).
      chromium.problems.allow(/\/api\/rooms\/[\w-]+: Failed to load resource: .* 403/, 'the replaced link is refused, as it should be');
      await ed.page.reload();
      await expect
        .poll(() => ed.page.getByRole('heading', { name: 'This link doesn’t open the room' }).count(), { timeout: 10_000 })
        .toBe(1);

      // The new editor link works.
      const newEditorUrl = await fay.copyLink('editor');
      await fay.closeDialog();
      const ed2 = await RoomActor.join(chromium.browser, newEditorUrl, 'Eddie');
      actors.push(ed2);
      await expect.poll(() => ed2.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      expect(await ed2.roomTitle()).toBe('Workshop: chorus lift');
    } finally {
      for (const a of actors) await a.leave();
    }
  });

  it('a viewer shares only the viewer link, and the dialog closes with Esc and keeps focus inside', async () => {
    const room = await createRoom(baseUrl);
    const vi = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Vi', { clipboard: true });
    try {
      const dialog = await vi.openShareDialog();
      expect(await dialog.locator('li[data-role]').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).toEqual(['viewer']);
      expect(await dialog.getByRole('button', { name: 'Replace link' }).count()).toBe(0);
      // Tab cycles within the dialog.
      for (let i = 0; i < 6; i++) {
        await vi.page.keyboard.press('Tab');
        expect(await vi.page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
      }
      await vi.closeDialog();
      expect(await vi.page.getByRole('dialog').count()).toBe(0);
    } finally {
      await vi.leave();
    }
  });
});
