/**
 * The room on a phone (390×844, touch) and a tablet (1024×768, touch), as people who join a jam
 * from one to follow the click, the timer and the votes: the top bar fits, panels open as
 * full-screen sheets on the phone and beside the canvas on the tablet, nothing overlaps, and every
 * control of the room's own is big enough for a finger. tldraw's UI sizes itself and is not measured.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPerFile, createRoom, type CreatedRoom } from '../support/browser.ts';
import { RoomActor, type Screen } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { sineWav } from '../support/media.ts';
import { boxOf, covered, offScreen, overlapProblems, sidewaysScroll, smallTouchTargets, topBarProblems } from '../support/layoutChecks.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const PHONE: Screen = { width: 390, height: 844, touch: true, mobile: true };
const TABLET: Screen = { width: 1024, height: 768, touch: true };
const PANELS = ['Tempo', 'Backlog', 'References'] as const;

const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', name) });

let room: CreatedRoom;
const actors: RoomActor[] = [];

/** A room with something in each panel, made by Ana at her desk, and Ben there too. */
beforeAll(async () => {
  room = await createRoom(baseUrl, 'Friday jam — rehearsal set for the autumn tour');
  const ana = await RoomActor.join(chromium.browser, baseUrl + room.links.editor, 'Ana');
  actors.push(ana);
  await ana.page.getByRole('button', { name: 'Tempo', exact: true }).click();
  await ana.page.getByRole('button', { name: 'Add your first section' }).click();
  await ana.page.getByRole('button', { name: 'Backlog', exact: true }).click();
  await ana.page.getByLabel('New idea').fill('That synth from reference 3, but darker and with a long tail');
  await ana.page.getByLabel('New idea').press('Enter');
  await openReferences(ana.page);
  await ana.page.getByTestId('reference-file-input').setInputFiles({
    name: 'rough-mix-take-3.wav',
    mimeType: 'audio/wav',
    buffer: Buffer.from(sineWav(2)),
  });
  // The uploader lands on the new reference once it is stored.
  await ana.page.getByTestId('reference-detail').filter({ hasText: 'Ana · 0:02' }).waitFor({ timeout: 15_000 });
  actors.push(await RoomActor.join(chromium.browser, baseUrl + room.links.editor, 'Ben'));
});

afterAll(async () => {
  await Promise.all(actors.map((a) => a.leave()));
});

async function joinOn(screen: Screen, role: 'facilitator' | 'viewer', name: string): Promise<RoomActor> {
  const actor = await RoomActor.join(chromium.browser, baseUrl + room.links[role], name, { screen });
  actors.push(actor);
  await actor.page.locator('[data-testid="connection-badge"][data-status="connected"]').waitFor();
  return actor;
}

/** The open panel, as the person sees it. */
const openPanel = (page: Page) => page.locator('.rb-sidepanel:not(.rb-sidepanel-collapsed)');

/** Panel tabs whose word is cut short or pushed off screen, closed and with a panel open. */
async function cutTabs(page: Page): Promise<string[]> {
  const cut = (): Promise<string[]> =>
    page.locator('.rb-sidepanel-tabs button').evaluateAll((tabs) =>
      tabs
        .filter((tab) => getComputedStyle(tab).display !== 'none')
        .filter((tab) => {
          const word = tab.querySelector('.rb-sidepanel-tab-word') ?? tab;
          const box = tab.getBoundingClientRect();
          return word.scrollWidth > word.clientWidth + 0.5 || box.left < 0 || box.right > window.innerWidth;
        })
        .map((tab) => tab.getAttribute('aria-label') ?? tab.textContent ?? '?'),
    );
  const closed = await cut();
  await page.getByRole('button', { name: 'Activity', exact: true }).tap();
  const open = await cut();
  await page.getByRole('button', { name: 'Activity', exact: true }).tap();
  await expect.poll(() => openPanel(page).count()).toBe(0);
  return [...closed.map((t) => `${t} (closed)`), ...open.map((t) => `${t} (open)`)];
}

describe('a room on a phone (390×844, touch)', () => {
  let pia: RoomActor;
  let vic: RoomActor;
  beforeAll(async () => {
    vic = await joinOn(PHONE, 'viewer', 'Vic');
    pia = await joinOn(PHONE, 'facilitator', 'Pia');
  });

  it('keeps the title, connection badge, people and Share in the top bar: on screen, uncovered, not overflowing or overlapping, tappable', async () => {
    const { page } = pia;
    // Four people: two avatars and "+2" leave the title its room.
    await expect.poll(() => page.locator('.rb-avatar-more').textContent()).toBe('+2');
    expect(await topBarProblems(page)).toEqual([]);
    const share = page.getByTestId('share');
    const badge = page.getByTestId('connection-badge');
    expect([
      ...(await offScreen(page, share, 'Share')),
      ...(await covered(share, 'Share')),
      ...(await offScreen(page, badge, 'the connection badge')),
      ...(await covered(badge, 'the connection badge')),
      ...(await offScreen(page, page.getByTestId('room-title'), 'the room title')),
    ]).toEqual([]);
    expect((await boxOf(page.getByTestId('room-title'))).width).toBeGreaterThan(80);
    expect(await smallTouchTargets(page, '.rb-topbar')).toEqual([]);
    expect(await sidewaysScroll(page)).toEqual([]);
    await screenshot(page, 'phone-room.png');

    await share.tap();
    const dialog = page.getByRole('dialog', { name: 'Share this room' });
    await dialog.getByRole('button', { name: 'Copy viewer link' }).waitFor();
    expect([...(await offScreen(page, dialog, 'the share dialog')), ...(await smallTouchTargets(page, '.rb-modal'))]).toEqual([]);
    await screenshot(page, 'phone-share.png');
    await dialog.getByRole('button', { name: 'Close' }).tap();
    await dialog.waitFor({ state: 'detached' });
  });

  it('opens each panel as a full-width sheet over the canvas, and the Canvas tab brings the full canvas back', async () => {
    const { page } = pia;
    const topBarBottom = (await boxOf(page.locator('.rb-topbar'))).height;
    for (const title of PANELS) {
      await page.getByRole('button', { name: title, exact: true }).tap();
      const sheet = await boxOf(openPanel(page));
      expect(sheet, `${title} sheet`).toEqual({ x: 0, y: topBarBottom, width: 390, height: 844 - topBarBottom });
      // The sheet is on top: the middle of the screen is the panel, not the canvas under it.
      const middle = await page.evaluate(() => document.elementFromPoint(195, 500)?.closest('.rb-sidepanel') !== null);
      expect(middle, `${title} covers the canvas`).toBe(true);
      expect(await sidewaysScroll(page)).toEqual([]);
      expect(await smallTouchTargets(page, '.rb-sidepanel'), `${title} touch targets`).toEqual([]);
      expect(await overlapProblems(page, '.rb-sidepanel-body'), `${title} overlaps`).toEqual([]);
      await screenshot(page, `phone-${title.toLowerCase()}.png`);

      await page.getByRole('button', { name: 'Canvas', exact: true }).tap();
      await expect.poll(() => openPanel(page).count()).toBe(0);
      const canvas = await boxOf(page.locator('.tl-canvas'));
      expect(canvas.width).toBe(390);
      expect(await covered(page.locator('.tl-canvas'), 'the canvas')).toEqual([]);
    }
  });

  it("lays the tempo panel out so no button overlaps its text or another control, with a section selected and the transport's settings showing", async () => {
    const { page } = pia;
    await page.getByRole('button', { name: 'Tempo', exact: true }).tap();
    await page.locator('.rb-tempo-block').first().tap();
    await page.locator('.rb-tempo-editor').waitFor();
    const play = page.getByRole('button', { name: 'Play for everyone' });
    expect(await offScreen(page, play, 'Play for everyone')).toEqual([]);
    expect(await overlapProblems(page, '.rb-tempo-panel')).toEqual([]);
    expect(await smallTouchTargets(page, '.rb-tempo-panel')).toEqual([]);
    await screenshot(page, 'phone-tempo.png');
    await page.getByRole('button', { name: 'Canvas', exact: true }).tap();
  });

  it("fits a viewer's top bar too, the view-only badge shrunk to its eye", async () => {
    await vic.page.getByTestId('view-only').waitFor();
    expect([...(await topBarProblems(vic.page)), ...(await offScreen(vic.page, vic.page.getByTestId('share'), 'Share'))]).toEqual([]);
    expect(await vic.page.getByTestId('view-only').getAttribute('title')).toMatch(/viewer link/);
  });

  it('shows every panel tab’s word whole, in one row on screen, with the panels closed and with one open', async () => {
    expect(await cutTabs(pia.page)).toEqual([]);
  });

  it('shows the home page without sideways scrolling, "Create a room" on screen and big enough to tap', async () => {
    const { page } = pia;
    await page.goto(baseUrl);
    const create = page.getByRole('button', { name: 'Create a room' });
    await create.waitFor();
    expect([...(await sidewaysScroll(page)), ...(await offScreen(page, create, 'Create a room'))]).toEqual([]);
    expect((await boxOf(create)).height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'phone-home.png');
  });
});

describe('a room on a tablet (1024×768, touch)', () => {
  let tia: RoomActor;
  beforeAll(async () => {
    tia = await joinOn(TABLET, 'facilitator', 'Tia');
  });

  it('shows the whole title, badge word, people and Share in the top bar without overflow or overlap, all tappable', async () => {
    const { page } = tia;
    expect(await topBarProblems(page)).toEqual([]);
    const title = page.locator('.rb-title-text');
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByTestId('connection-badge').textContent()).toBe('Connected');
    expect([...(await covered(page.getByTestId('share'), 'Share')), ...(await smallTouchTargets(page, '.rb-topbar'))]).toEqual([]);
    await screenshot(page, 'tablet-room.png');
  });

  it('F9 puts the facilitator’s Bring here and Spotlight in the Agenda panel, big enough to tap, where the top bar has no room', async () => {
    const { page } = tia;
    expect(await page.locator('.rb-topbar .rb-spotlight').count()).toBe(0);
    await page.getByRole('button', { name: 'Agenda', exact: true }).tap();
    const buttons = page.locator('.rb-sidepanel .rb-spotlight');
    await buttons.getByRole('button', { name: 'Bring everyone here (Shift+B)' }).waitFor();
    await buttons.getByRole('button', { name: /^Spotlight: keep everyone on your view/ }).scrollIntoViewIfNeeded();
    expect(await smallTouchTargets(page, '.rb-sidepanel .rb-spotlight')).toEqual([]);
    await screenshot(page, 'tablet-agenda-spotlight.png');
    await page.getByRole('button', { name: 'Agenda', exact: true }).tap();
    await expect.poll(() => openPanel(page).count()).toBe(0);
  });

  it('shows every panel tab’s word whole in the strip beside the canvas and in the open panel’s row', async () => {
    expect(await cutTabs(tia.page)).toEqual([]);
  });

  it('Alt+6 opens the sixth panel (Activity) and closes it again; the tooltip names the shortcut', async () => {
    const { page } = tia;
    const tab = page.getByRole('button', { name: 'Activity', exact: true });
    expect(await tab.getAttribute('title')).toBe('Activity (Alt+6)');
    await page.locator('.tl-canvas').click({ position: { x: 200, y: 300 } });
    await page.keyboard.press('Alt+Digit6');
    await expect.poll(() => tab.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Alt+Digit6');
    await expect.poll(() => openPanel(page).count()).toBe(0);
  });

  it('opens each panel beside the canvas, leaving the canvas at least half the width, and its tab closes it again', async () => {
    const { page } = tia;
    for (const title of PANELS) {
      await page.getByRole('button', { name: title, exact: true }).tap();
      const panel = await boxOf(openPanel(page));
      const canvas = await boxOf(page.locator('.tl-canvas'));
      expect(panel.x + panel.width, `${title} panel's right edge`).toBe(1024);
      expect(canvas.width, `canvas beside ${title}`).toBeGreaterThanOrEqual(512);
      expect(await smallTouchTargets(page, '.rb-sidepanel'), `${title} touch targets`).toEqual([]);
      expect(await overlapProblems(page, '.rb-sidepanel-body'), `${title} overlaps`).toEqual([]);
      await screenshot(page, `tablet-${title.toLowerCase()}.png`);
      await page.getByRole('button', { name: title, exact: true }).tap();
      await expect.poll(() => openPanel(page).count()).toBe(0);
    }
  });
});
