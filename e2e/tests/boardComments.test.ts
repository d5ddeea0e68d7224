/**
 * Comments on the board (shared/src/boardComments/SPEC.md N1–N7), two people in separate browser
 * contexts and a viewer in a third: Ana pins a comment to a spot on an image; Ben sees the pin
 * marked unread, opens it and replies; Ana sees the reply (her pin unread until she opens it); Ana
 * resolves it and Ben sees who did; the viewer reads the thread but is offered no way to comment;
 * Ana moves the image and the pin stays on the same spot of it in every browser; Ana deletes the
 * image and the thread stays, saying so. Writes screenshots/board-comment-{pin,unread,thread,viewer,list,deleted}.png.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { dropOnCanvas, solidPng } from '../support/media.ts';
import { screenshot } from '../support/facilitation.ts';
import { boxOf, imageShape, pinComment, pinOnShape, pins, threadCard } from '../support/boardComments.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const GONE = 'The shape this was pinned to was deleted.';

async function expectPinAt(page: Page, fx: number, fy: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const at = await pinOnShape(page, imageShape(page));
        return Math.abs(at.fx - fx) < 0.02 && Math.abs(at.fy - fy) < 0.02;
      },
      { timeout: 10_000, message: `pin at ${fx}, ${fy} of the image` },
    )
    .toBe(true);
}

describe('comments on the board', () => {
  it('N1/N3/N4/N5/N6/N7 a comment on a spot of an image: seen unread by another person, replied to, resolved, follows the image when moved, says so when it is deleted; a viewer reads but cannot comment', async () => {
    const room = await createRoom(baseUrl, 'Cover art review');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana Ruiz');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben Ode');
    const vi = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Vi Lee');
    const actors = [ana, ben, vi];
    try {
      await dropOnCanvas(ana.page, 'cover.png', 'image/png', solidPng(320, 240, [52, 38, 88]));
      for (const a of actors) await expect.poll(() => imageShape(a.page).count(), { timeout: 15_000 }).toBe(1);
      // Click away so the new image is not selected (C would then pin to the image's corner).
      await ana.page.keyboard.press('Escape');

      // N1/N4: Ana pins a comment to the spot a quarter across and three quarters down the image.
      await pinComment(ana.page, imageShape(ana.page), 0.25, 0.75, 'Could the sky be darker here?');
      await expect.poll(() => threadCard(ana.page).textContent()).toContain('Could the sky be darker here?');
      await expectPinAt(ana.page, 0.25, 0.75);
      expect(await pins(ana.page).first().getAttribute('data-unread')).toBe('false'); // her own comment
      await screenshot(ana.page, 'board-comment-pin.png');
      await ana.page.getByRole('button', { name: 'Close comments' }).click();

      // N5: Ben sees the pin on the same spot, marked unread, and the control counts it.
      await expect.poll(() => pins(ben.page).count(), { timeout: 10_000 }).toBe(1);
      await expectPinAt(ben.page, 0.25, 0.75);
      expect(await pins(ben.page).first().getAttribute('data-unread')).toBe('true');
      expect(await ben.page.getByTestId('comments-unread-count').textContent()).toBe('1 new');
      await screenshot(ben.page, 'board-comment-unread.png');

      // Ben opens it (read now, and still read after a reload: kept in this browser) and replies.
      await pins(ben.page).first().click();
      await expect.poll(() => threadCard(ben.page).textContent()).toContain('Could the sky be darker here?');
      expect(await threadCard(ben.page).textContent()).toContain('Ana Ruiz');
      await expect.poll(() => pins(ben.page).first().getAttribute('data-unread')).toBe('false');
      await threadCard(ben.page).getByLabel('Reply').fill('Yes, and warmer at the horizon');
      await threadCard(ben.page).getByRole('button', { name: 'Reply', exact: true }).click();
      await expect.poll(() => threadCard(ben.page).getByTestId('thread-reply').count()).toBe(1);
      await screenshot(ben.page, 'board-comment-thread.png');
      await ben.reload();
      await expect.poll(() => pins(ben.page).count(), { timeout: 15_000 }).toBe(1);
      expect(await pins(ben.page).first().getAttribute('data-unread')).toBe('false');
      expect(await ben.page.getByTestId('comments-unread-count').count()).toBe(0);

      // N5: Ana's pin turns unread with Ben's reply; opening it shows the reply and clears it.
      await expect.poll(() => pins(ana.page).first().getAttribute('data-unread'), { timeout: 10_000 }).toBe('true');
      await pins(ana.page).first().click();
      await expect.poll(() => threadCard(ana.page).getByTestId('thread-reply').textContent()).toContain('Yes, and warmer at the horizon');
      expect(await threadCard(ana.page).textContent()).toContain('Ben Ode');
      await expect.poll(() => pins(ana.page).first().getAttribute('data-unread')).toBe('false');

      // N7: the viewer reads the thread and its reply, and is offered no way to comment.
      await expect.poll(() => pins(vi.page).count(), { timeout: 10_000 }).toBe(1);
      await pins(vi.page).first().click();
      await expect.poll(() => threadCard(vi.page).textContent()).toContain('Yes, and warmer at the horizon');
      expect(await threadCard(vi.page).getByLabel('Reply').count()).toBe(0);
      expect(await threadCard(vi.page).getByRole('button', { name: 'Resolve' }).count()).toBe(0);
      expect(await vi.page.getByTestId('comment-tool').count()).toBe(0);
      await screenshot(vi.page, 'board-comment-viewer.png');
      await vi.page.getByRole('button', { name: 'Close comments' }).click();
      await vi.page.keyboard.press('c');
      expect(await vi.page.getByTestId('comment-placing').count()).toBe(0);

      // N3: Ana resolves; Ben (with the thread open) sees who resolved it, and can reopen.
      await pins(ben.page).first().click();
      await threadCard(ana.page).getByRole('button', { name: 'Resolve' }).click();
      await expect
        .poll(() => threadCard(ben.page).getByTestId('thread-resolved').textContent(), { timeout: 10_000 })
        .toContain('Resolved by Ana Ruiz');
      expect(await threadCard(ben.page).getByRole('button', { name: 'Reopen' }).count()).toBe(1);
      await expect.poll(() => ben.page.getByTestId('comments-open-count').textContent()).toBe('0');

      // N4: Ana drags the image; the pin stays on the same spot of it, in her browser and in Ben's.
      await ana.page.getByRole('button', { name: 'Close comments' }).click();
      const before = await boxOf(imageShape(ana.page));
      const pinBefore = await boxOf(pins(ben.page).first());
      await ana.page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
      await ana.page.mouse.down();
      await ana.page.mouse.move(before.x + before.width / 2 + 90, before.y + before.height / 2 - 60, { steps: 8 });
      await ana.page.mouse.move(before.x + before.width / 2 + 180, before.y + before.height / 2 - 120, { steps: 8 });
      await ana.page.mouse.up();
      await expect.poll(async () => (await boxOf(imageShape(ana.page))).x - before.x, { timeout: 5_000 }).toBeGreaterThan(150);
      await expectPinAt(ana.page, 0.25, 0.75);
      await expect.poll(async () => (await boxOf(pins(ben.page).first())).x - pinBefore.x, { timeout: 10_000 }).toBeGreaterThan(150);
      await expectPinAt(ben.page, 0.25, 0.75);

      // N6: Ana deletes the image; the thread stays, says so, and still reads with its reply.
      await imageShape(ana.page).click();
      await ana.page.keyboard.press('Delete');
      for (const a of actors) await expect.poll(() => imageShape(a.page).count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => pins(ben.page).count()).toBe(0);
      await expect.poll(() => threadCard(ben.page).getByTestId('thread-shape-gone').textContent(), { timeout: 10_000 }).toBe(GONE);
      expect(await threadCard(ben.page).textContent()).toContain('Yes, and warmer at the horizon');
      await ana.page.getByTestId('comments-toggle').click();
      await ana.page.getByText('Show resolved').click();
      const row = ana.page.getByTestId('comments-row');
      await expect.poll(() => row.textContent()).toContain('The shape this was pinned to was deleted');
      await screenshot(ana.page, 'board-comment-list.png');
      await row.click();
      await expect.poll(() => threadCard(ana.page).getByTestId('thread-shape-gone').textContent()).toBe(GONE);
      await screenshot(ana.page, 'board-comment-deleted.png');
    } finally {
      for (const a of actors) await a.leave();
    }
    // Three browsers and a dozen round trips: on a loaded two-core machine this took 50 s.
  }, 180_000);

  it('N1/N4/N5 any canvas shape: C with a rectangle selected pins a thread to its corner; Esc cancels placing; Comment here in the context menu pins to the spot right-clicked; the list takes another person to the thread; a deleted thread leaves every board', async () => {
    const room = await createRoom(baseUrl, 'Song form sketch');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana Ruiz');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben Ode');
    try {
      await ana.drawRectangle(260, 260, 200, 120);
      const rect = (page: Page) => page.locator('.tl-shape[data-shape-type="geo"]');
      for (const a of [ana, ben]) await expect.poll(() => a.geoShapeCount(), { timeout: 10_000 }).toBe(1);

      // Esc leaves the placing mode without pinning anything.
      await ana.page.keyboard.press('c');
      await ana.page.getByTestId('comment-placing').waitFor();
      await ana.page.keyboard.press('Escape');
      await expect.poll(() => ana.page.getByTestId('comment-placing').count()).toBe(0);

      // With the rectangle selected, C pins to it (its top-right corner): no click needed.
      await ana.page.keyboard.press('Control+a');
      await ana.page.keyboard.press('c');
      const composer = ana.page.getByTestId('comment-composer');
      expect(await composer.getByLabel('Comment').getAttribute('placeholder')).toBe('Comment on a shape…');
      await composer.getByLabel('Comment').fill('Make the bridge twice as long');
      await composer.getByLabel('Comment').press('Enter');
      await threadCard(ana.page).waitFor();
      const r = await boxOf(rect(ana.page));
      const p = await boxOf(pins(ana.page).first());
      expect(Math.abs(p.x - (r.x + r.width))).toBeLessThan(4);
      expect(Math.abs(p.y + p.height - r.y)).toBeLessThan(4);

      // Ben right-clicks a spot on the rectangle: "Comment here" pins a thread to that very spot.
      await ana.page.getByRole('button', { name: 'Close comments' }).click();
      const br = await boxOf(rect(ben.page));
      await ben.page.mouse.click(br.x + br.width * 0.5, br.y + br.height * 0.8, { button: 'right' });
      await ben.page.getByRole('menuitem', { name: /Comment here/ }).click();
      await ben.page.getByTestId('comment-composer').getByLabel('Comment').fill('And a key change here');
      await ben.page.getByTestId('comment-composer').getByLabel('Comment').press('Enter');
      await expect.poll(() => pins(ben.page).count()).toBe(2);
      const benPin = await boxOf(ben.page.locator('[data-testid="comment-pin"]', { hasText: 'BO' }));
      expect(Math.abs(benPin.x - (br.x + br.width * 0.5))).toBeLessThan(4);
      expect(Math.abs(benPin.y + benPin.height - (br.y + br.height * 0.8))).toBeLessThan(4);
      await ben.page.getByRole('button', { name: 'Close comments' }).click();
      await expect.poll(() => pins(ana.page).count(), { timeout: 10_000 }).toBe(2);

      // Ben goes through the board's threads from the list: it brings the pin into view and opens it.
      await ben.pan(-400, -300);
      await ben.page.getByTestId('comments-toggle').click();
      const row = ben.page.getByTestId('comments-row').filter({ hasText: 'Make the bridge twice as long' });
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      expect(await row.textContent()).toContain('on a shape');
      await row.click();
      await expect.poll(() => threadCard(ben.page).textContent()).toContain('Make the bridge twice as long');
      const canvas = await boxOf(ben.page.locator('.tl-canvas'));
      await expect
        .poll(async () => {
          const pin = await boxOf(ben.page.locator('[data-testid="comment-pin"]', { hasText: 'AR' }));
          return pin.x > canvas.x && pin.x < canvas.x + canvas.width && pin.y > canvas.y && pin.y < canvas.y + canvas.height;
        })
        .toBe(true);

      // N1/N5: Ana deletes her thread; it leaves Ben's board, and his browser forgets he read it.
      const threadId = await threadCard(ben.page).getAttribute('data-thread-id');
      const readRecord = (): Promise<string> =>
        ben.page.evaluate((id) => localStorage.getItem(`riffboard:comments-read:${id}`) ?? '', room.id);
      expect(await readRecord()).toContain(threadId);
      await pins(ana.page).filter({ hasText: 'AR' }).click();
      await threadCard(ana.page).getByRole('button', { name: 'Delete thread' }).click();
      await expect.poll(() => pins(ben.page).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(readRecord).not.toContain(threadId);
    } finally {
      for (const a of [ana, ben]) await a.leave();
    }
  });
});
