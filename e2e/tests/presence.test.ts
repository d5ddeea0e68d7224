/**
 * Presence people can rely on: which panel someone has open, changing your name later, coming
 * back after a dropped connection, and following someone's view on the canvas.
 */
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

/** What `viewer` sees of `name` in "who is here": its data attributes. */
async function personSeenBy(viewer: RoomActor, name: string): Promise<{ panel: string; idle: string; role: string } | null> {
  const li = viewer.page.getByTestId('who-is-here').locator(`li[data-name="${name}"]`);
  if ((await li.count()) === 0) return null;
  return {
    panel: (await li.getAttribute('data-panel')) ?? '',
    idle: (await li.getAttribute('data-idle')) ?? '',
    role: (await li.getAttribute('data-role')) ?? '',
  };
}

/** The label of `name`'s avatar in `viewer`'s "who is here" (what a screen reader says). */
async function avatarLabel(viewer: RoomActor, name: string): Promise<string> {
  const li = viewer.page.getByTestId('who-is-here').locator(`li[data-name="${name}"]`);
  return (await li.locator('button').first().getAttribute('aria-label')) ?? '';
}

/** IDLE_AFTER_MS in client/src/room/presence.ts: no input for this long marks a person idle. */
const IDLE_AFTER_MS = 60_000;

describe('presence', () => {
  it('shows the panel someone has open, a changed name, and the same person again after a reconnect', async () => {
    const room = await createRoom(baseUrl);
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Ben');
    try {
      // Ben closes whatever panel opened by default, then opens Backlog: Ana sees it.
      const tabs = ben.page.getByRole('navigation', { name: 'Panels' });
      // The Canvas tab (phones only: the board instead of a panel) is hidden at this width.
      const pressed = tabs.locator('button[aria-pressed="true"]:visible');
      if ((await pressed.count()) > 0) await pressed.click();
      await expect.poll(async () => (await personSeenBy(ana, 'Ben'))?.panel, { timeout: 10_000 }).toBe('');
      await tabs.getByRole('button', { name: 'Backlog' }).click();
      await expect.poll(async () => (await personSeenBy(ana, 'Ben'))?.panel, { timeout: 10_000 }).toBe('backlog');
      expect((await personSeenBy(ana, 'Ben'))?.role).toBe('viewer');
      expect((await personSeenBy(ana, 'Ben'))?.idle).toBe('false');

      // Ben renames himself from his own avatar.
      await ben.page.getByRole('button', { name: /^Ben \(you\).*Change your name and colour/ }).click();
      const profile = ben.page.getByRole('dialog', { name: 'How others see you' });
      await profile.getByLabel('Display name').fill('Ben on keys');
      await profile.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => ana.peopleHere(), { timeout: 10_000 }).toContain('Ben on keys');

      // A dropped connection: Ben comes back as the same person with the same panel open.
      await ben.context.setOffline(true);
      await expect.poll(() => ben.badge(), { timeout: 10_000 }).toBe('offline');
      await ben.context.setOffline(false);
      await expect.poll(() => ben.badge(), { timeout: 15_000 }).toBe('connected');
      await expect
        .poll(() => personSeenBy(ana, 'Ben on keys'), { timeout: 10_000 })
        .toEqual({ panel: 'backlog', idle: 'false', role: 'viewer' });
      expect(await ana.peopleHere()).toEqual(['Ana', 'Ben on keys']);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('shows someone as idle to the others after a minute without input, and active again on their next move', async () => {
    const room = await createRoom(baseUrl);
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await expect.poll(async () => (await personSeenBy(ana, 'Ben'))?.idle, { timeout: 10_000 }).toBe('false');
      // Ben's page gets a clock the test can move; his next input arms the idle timer on it.
      await ben.page.clock.install();
      await ben.page.mouse.move(300, 300);
      await ben.page.mouse.move(320, 310);
      await ben.page.clock.fastForward(IDLE_AFTER_MS + 1_000);
      await expect.poll(async () => (await personSeenBy(ana, 'Ben'))?.idle, { timeout: 15_000 }).toBe('true');
      await expect.poll(() => avatarLabel(ana, 'Ben'), { timeout: 5_000 }).toMatch(/idle/);

      await ben.page.mouse.move(400, 400);
      await expect.poll(async () => (await personSeenBy(ana, 'Ben'))?.idle, { timeout: 15_000 }).toBe('false');
      expect(await avatarLabel(ana, 'Ben')).not.toMatch(/idle/);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('follows a person: the follower’s camera moves when they pan, until the follower presses Esc', async () => {
    const room = await createRoom(baseUrl);
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await ana.drawRectangle(400, 300);
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      // Let Ana's viewport reach Ben before he starts following.
      await expect.poll(() => ben.page.getByRole('button', { name: /^Ana, Editor/ }).count(), { timeout: 10_000 }).toBe(1);

      await ben.page.getByRole('button', { name: /Follow Ana$/ }).click();
      await expect.poll(() => ben.page.getByTestId('following').textContent()).toContain('Following Ana — press Esc or move to stop');
      const start = await ben.firstShapeBox();
      if (!start) throw new Error('no shape on Ben’s screen');

      // Ana pans with the hand tool; the rectangle moves the same way on Ben's screen.
      await ana.pan(-200, -150);
      await expect.poll(async () => (await ana.firstShapeBox())?.x ?? start.x, { timeout: 10_000 }).toBeLessThan(start.x - 100);
      await expect.poll(async () => (await ben.firstShapeBox())?.x ?? start.x, { timeout: 10_000 }).toBeLessThan(start.x - 100);
      await expect.poll(async () => (await ben.firstShapeBox())?.y ?? start.y, { timeout: 10_000 }).toBeLessThan(start.y - 70);

      // Esc hands Ben his own view back: Ana's next pan no longer moves it.
      await ben.page.keyboard.press('Escape');
      await expect.poll(() => ben.page.getByTestId('following').count()).toBe(0);
      const stopped = await ben.firstShapeBox();
      await ana.pan(300, 0);
      await ana.page.waitForTimeout(1000);
      expect((await ben.firstShapeBox())?.x).toBe(stopped?.x);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });
});
