/**
 * "Bring everyone to me" and the spotlight (F9 in shared/src/facilitation/SPEC.md), three people in
 * their own Chromium contexts against the real server: the facilitator (Fay) and two participants
 * (Ana, Ben). Bringing moves both participants' view to Fay's and opens her panel; the spotlight
 * keeps them on her view and panel as she moves; Ben, panning on his own, leaves it and the people
 * list stops showing him as following; Fay's Shift+S stops it for Ana. Writes screenshots of the
 * spotlight from a follower's and from the facilitator's side.
 */
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { screenshot } from '../support/facilitation.ts';

const chromium = chromiumPerFile();
const baseUrl = inject('baseUrl');

/** Board units the participants' view centres may differ from the facilitator's (rounding, throttled presence). */
const NEAR = 12;

/** Whether `who` looks at the same part of the board as `leader`: same centre, same zoom. */
async function sameView(who: RoomActor, leader: RoomActor): Promise<boolean> {
  const [a, b] = await Promise.all([who.cameraCenter(), leader.cameraCenter()]);
  return Math.abs(a.x - b.x) < NEAR && Math.abs(a.y - b.y) < NEAR && Math.abs(a.z - b.z) < 0.01;
}

/** Whom `name` follows, as `viewer`'s people list shows it ('' for nobody). */
async function followsSeenBy(viewer: RoomActor, name: string): Promise<string> {
  return (await viewer.page.getByTestId('who-is-here').locator(`li[data-name="${name}"]`).getAttribute('data-following')) ?? '';
}

describe('bring everyone to me and the spotlight', () => {
  it('F9 bring moves everyone’s view and panel once; the spotlight keeps them following until they pan or the facilitator stops it', async () => {
    const room = await createRoom(baseUrl, 'Songwriting camp');
    const fay = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.facilitator}`, 'Fay');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      // Something to look at, then Fay goes somewhere else on the board with the Backlog open.
      await fay.drawRectangle(400, 300, 160, 100);
      await fay.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog', exact: true }).click();
      await fay.pan(-420, -260);
      await expect.poll(() => ana.peopleHere(), { timeout: 10_000 }).toEqual(['Ana', 'Ben', 'Fay']);
      await expect.poll(() => ben.peopleHere(), { timeout: 10_000 }).toEqual(['Ben', 'Ana', 'Fay']);
      expect(await sameView(ana, fay)).toBe(false);
      // Participants get no spotlight controls: the spotlight is the facilitator's (F5).
      expect(await ana.page.getByRole('button', { name: /Bring everyone here/ }).count()).toBe(0);

      // Bring everyone here: both views move to Fay's and her Backlog opens for them, once.
      await fay.page.getByRole('button', { name: 'Bring everyone here (Shift+B)' }).click();
      for (const p of [ana, ben]) {
        await expect.poll(() => p.openPanel(), { timeout: 10_000, message: `${p.name} gets Fay’s panel` }).toBe('Backlog');
        await expect.poll(() => sameView(p, fay), { timeout: 10_000, message: `${p.name} sees Fay’s view` }).toBe(true);
      }
      // A bring is not following: no frame, nobody listed as following, and Fay's next move stays hers.
      expect(await ana.page.getByTestId('following').count()).toBe(0);
      expect(await followsSeenBy(fay, 'Ana')).toBe('');
      await ana.page.waitForTimeout(1000); // the bring lets go once the view has settled (800 ms)
      await fay.pan(250, 120);
      await fay.page.waitForTimeout(800);
      expect(await sameView(ana, fay)).toBe(false);

      // Spotlight: both follow Fay's view and panel as she moves, and the people list says so.
      await fay.page.getByRole('button', { name: /^Spotlight: keep everyone on your view/ }).click();
      for (const p of [ana, ben]) {
        await expect
          .poll(() => p.page.getByTestId('following').textContent(), { timeout: 10_000 })
          .toContain('Following Fay’s spotlight — press Esc or move to stop');
        await expect.poll(() => sameView(p, fay), { timeout: 10_000, message: `${p.name} follows the spotlight` }).toBe(true);
      }
      await expect.poll(() => followsSeenBy(fay, 'Ana'), { timeout: 10_000 }).toBe('Fay');
      await expect.poll(() => followsSeenBy(fay, 'Ben'), { timeout: 10_000 }).toBe('Fay');
      await expect.poll(() => fay.page.getByTestId('spotlight-toggle').textContent()).toBe('Spotlight · 2 following');
      expect(await fay.page.getByTestId('who-is-here').locator('li[data-name="Ana"] button').getAttribute('aria-label')).toMatch(
        /in Fay’s spotlight/,
      );
      await fay.pan(-300, 200);
      await fay.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Agenda', exact: true }).click();
      for (const p of [ana, ben]) {
        await expect.poll(() => p.openPanel(), { timeout: 10_000, message: `${p.name} follows Fay’s panel` }).toBe('Agenda');
        await expect.poll(() => sameView(p, fay), { timeout: 10_000, message: `${p.name} follows Fay’s pan` }).toBe(true);
      }
      await screenshot(ana.page, 'spotlight-follower.png');
      await fay.page.getByTestId('who-is-here').locator('li[data-name="Ana"] button').hover();
      await screenshot(fay.page, 'spotlight-facilitator.png');

      // Ben pans on his own: he leaves the spotlight, and Fay's people list shows it.
      await ben.pan(180, 140);
      await expect.poll(() => ben.page.getByTestId('following').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => followsSeenBy(fay, 'Ben'), { timeout: 10_000 }).toBe('');
      expect(await followsSeenBy(fay, 'Ana')).toBe('Fay');
      await expect.poll(() => fay.page.getByTestId('spotlight-toggle').textContent()).toBe('Spotlight · 1 following');
      await fay.pan(200, -150);
      await expect.poll(() => sameView(ana, fay), { timeout: 10_000, message: 'Ana still follows' }).toBe(true);
      expect(await sameView(ben, fay)).toBe(false);

      // Fay stops the spotlight with its shortcut (pressed with the agenda in front of her): Ana gets her own view back.
      await fay.page.getByTestId('agenda-panel').click({ position: { x: 5, y: 5 } });
      await fay.page.keyboard.press('Shift+S');
      await expect.poll(() => ana.page.getByTestId('following').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => followsSeenBy(fay, 'Ana'), { timeout: 10_000 }).toBe('');
      await expect.poll(() => fay.page.getByTestId('spotlight-toggle').getAttribute('aria-pressed')).toBe('false');
      await fay.pan(-200, 0);
      await fay.page.waitForTimeout(800);
      expect(await sameView(ana, fay)).toBe(false);
    } finally {
      await fay.leave();
      await ana.leave();
      await ben.leave();
    }
  });
});
