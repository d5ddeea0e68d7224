/**
 * Activity in real browsers (server SPEC H2, H8; shared W3, W6): two people in separate browser
 * contexts (each its own person key) edit the board; the Activity panel attributes each change to
 * the right person, and clicking a line zooms the canvas to the shape. A person who comes back sees
 * "since you were last here" listing exactly what the others changed, marked on the board.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();
const shots = join(repoRoot, 'e2e', 'screenshots');

async function openActivity(actor: RoomActor): Promise<void> {
  await actor.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Activity' }).click();
  await actor.page.getByTestId('activity-panel').waitFor();
}

async function feedLines(actor: RoomActor, within = 'activity-panel'): Promise<string[]> {
  const panel = actor.page.getByTestId(within);
  return (await panel.locator('section[aria-label="Activity"] [data-testid="activity-line"]').allTextContents()).map((t) => t.trim());
}

async function sinceLines(actor: RoomActor): Promise<string[]> {
  return (await actor.page.getByTestId('since-visit').getByTestId('activity-line').allTextContents()).map((t) => t.trim());
}

/** How many activity entries the server has for the room of `link` (read with its token). */
async function recordedChanges(link: string): Promise<number> {
  const u = new URL(link);
  const res = await fetch(`${baseUrl}/api${u.pathname.replace(/^\/r\//, '/rooms/')}/activity`, {
    headers: { authorization: `Bearer ${u.searchParams.get('token') ?? ''}` },
  });
  return ((await res.json()) as { entries: unknown[] }).entries.length;
}

/** Where a shape's middle is, relative to the middle of the canvas (screen px). */
async function offsetFromCanvasCentre(actor: RoomActor, text: string): Promise<{ dx: number; dy: number } | null> {
  const shape = actor.page.locator('.tl-shape', { hasText: text }).first();
  const box = await shape.boundingBox();
  const canvas = await actor.page.locator('.tl-canvas').boundingBox();
  if (!box || !canvas) return null;
  return { dx: box.x + box.width / 2 - (canvas.x + canvas.width / 2), dy: box.y + box.height / 2 - (canvas.y + canvas.height / 2) };
}

describe('activity feed', () => {
  it('H2 W3 two people edit; each one’s feed attributes every change to the right person; a click zooms to the shape', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Night drive')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana Lima');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben Ode');
    try {
      await openActivity(ana);
      await expect.poll(() => ana.page.getByTestId('activity-empty').isVisible()).toBe(true);
      await ana.drawRectangle(200, 200, 140, 90, 'Verse riff');
      await ben.addNote(520, 260, 'Chorus at 128');
      await expect
        .poll(() => feedLines(ana), { timeout: 15_000 })
        .toEqual(['Ben Ode added the note “Chorus at 128” to the board', 'You added the shape “Verse riff” to the board']);
      await openActivity(ben);
      await expect
        .poll(() => feedLines(ben), { timeout: 15_000 })
        .toEqual(['You added the note “Chorus at 128” to the board', 'Ana Lima added the shape “Verse riff” to the board']);
      // Group headers name each person once.
      expect(await ana.page.getByTestId('activity-panel').locator('.rb-activity-name').allTextContents()).toEqual(
        expect.arrayContaining(['Ben Ode', 'You']),
      );

      // Ana looks elsewhere, then clicks Ben's line: the canvas comes back to his note.
      await ana.pan(-700, -500);
      // (A shape far out of view is not drawn at all, so it has no box.)
      await expect
        .poll(async () => {
          const o = await offsetFromCanvasCentre(ana, 'Chorus at 128');
          return o === null || Math.hypot(o.dx, o.dy) > 300;
        })
        .toBe(true);
      await ana.page
        .getByTestId('activity-panel')
        .getByRole('button', { name: 'Ben Ode added the note “Chorus at 128” to the board' })
        .click();
      await expect
        .poll(
          async () => {
            const o = await offsetFromCanvasCentre(ana, 'Chorus at 128');
            return o !== null && Math.abs(o.dx) < 40 && Math.abs(o.dy) < 40;
          },
          { timeout: 5_000 },
        )
        .toBe(true);
      mkdirSync(shots, { recursive: true });
      await ana.page.screenshot({ path: join(shots, 'activity.png') });
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('H8 W6 since you were last here lists exactly the others’ changes, marks them on the board, and forgets them once seen', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Album sketches')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana Lima');
    try {
      await ana.drawRectangle(200, 200, 140, 90, 'Ana before');
      await expect.poll(() => ana.geoShapeCount()).toBe(1);
      // Ana leaves the room (same browser, so the same person key when she comes back).
      await ana.page.goto('about:blank');
      const ben = await RoomActor.join(chromium.browser, url, 'Ben Ode');
      const cid = await RoomActor.join(chromium.browser, url, 'Cid Rao');
      try {
        await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
        await ben.addNote(560, 260, 'Bridge in 6/8');
        await cid.drawRectangle(300, 450, 160, 80, 'Outro vamp');
        await ben.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' }).click();
        await ben.page.getByLabel('New idea').fill('Try the bridge in 6/8');
        await ben.page.getByLabel('New idea').press('Enter');
        // Everything reached the server before Ana comes back.
        await expect.poll(() => recordedChanges(url), { timeout: 15_000 }).toBe(4);
        await ana.page.goto(url);
        await ana.waitForBoard();
        const notice = ana.page.getByTestId('since-notice');
        await expect
          .poll(() => notice.textContent(), { timeout: 15_000 })
          .toBe('Since you were last here, Ben Ode and Cid Rao made 3 changes.ShowMark as seen');
        // Ana's own change after coming back is not news to her.
        await ana.drawRectangle(700, 480, 120, 80, 'Ana after');
        await expect.poll(() => ana.page.locator('[data-changed-shape]').count(), { timeout: 10_000 }).toBe(2);
        mkdirSync(shots, { recursive: true });
        await ana.page.screenshot({ path: join(shots, 'since-visit-notice.png') });
        await notice.getByRole('button', { name: 'Show' }).click();
        await expect.poll(() => ana.openPanel()).toBe('Activity');
        expect(await sinceLines(ana)).toEqual([
          'Ben Ode added the idea “Try the bridge in 6/8” to the backlog',
          'Cid Rao added the shape “Outro vamp” to the board',
          'Ben Ode added the note “Bridge in 6/8” to the board',
        ]);
        await ana.page.screenshot({ path: join(shots, 'since-visit.png') });
        // Opening one marks it seen: the note's dot goes, the others stay.
        await ana.page
          .getByTestId('since-visit')
          .getByRole('button', { name: 'Ben Ode added the note “Bridge in 6/8” to the board' })
          .click();
        await expect.poll(() => ana.page.locator('[data-changed-shape]').count()).toBe(1);
        // The new idea is marked in the backlog too, and its line opens it there.
        await ana.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' }).click();
        await expect.poll(() => ana.page.locator('.rb-sidepanel [data-changed-item]').count()).toBe(1);
        await ana.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Activity' }).click();
        await ana.page
          .getByTestId('since-visit')
          .getByRole('button', { name: 'Ben Ode added the idea “Try the bridge in 6/8” to the backlog' })
          .click();
        await expect.poll(() => ana.openPanel()).toBe('Backlog');
        await expect.poll(() => ana.page.getByRole('dialog', { name: 'Idea: Try the bridge in 6/8' }).isVisible()).toBe(true);
        expect(await ana.page.locator('.rb-sidepanel [data-changed-item]').count()).toBe(0);
        // "Mark all as seen" clears the rest and is remembered.
        await ana.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Activity' }).click();
        await ana.page.getByRole('button', { name: 'Mark all as seen' }).click();
        await expect.poll(() => ana.page.getByTestId('since-visit').count()).toBe(0);
        await expect.poll(() => ana.page.locator('[data-changed-shape]').count()).toBe(0);
        await ana.reload();
        await ana.page.waitForTimeout(1500);
        expect(await ana.page.getByTestId('since-notice').count()).toBe(0);
      } finally {
        await ben.leave();
        await cid.leave();
      }
    } finally {
      await ana.leave();
    }
  });
});
