/**
 * The tempo lane in real Chromium, two people in one room (SPEC T6.6, U1): Ana adds a tempo point
 * inside the song by double-clicking the lane, drags it, and turns a point into a ramp; Ben sees
 * each edit as it lands (the points and the song's length follow), adds and deletes his own point,
 * and Ana's undo takes back only her own last edit.
 */
import { inject, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** tempoUndoManager's capture time (client/src/transport/roomTransport.ts). */
const UNDO_CAPTURE_MS = 400;

class Lane {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    const tab = this.page.getByRole('button', { name: 'Tempo', exact: true });
    if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
    await this.page.locator('.rb-tempo-panel').waitFor();
  }

  /** The tempo points as their labels read: "Tempo point at bar 5 beat 1: 150 BPM, jump". */
  points(): Promise<string[]> {
    return this.page.locator('.rb-tempo-point').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  footer(): Promise<string> {
    return this.page.locator('.rb-tempo-footer .rb-muted').innerText();
  }

  async box(): Promise<{ x: number; y: number; width: number; height: number }> {
    const b = await this.page.getByTestId('tempo-lane').boundingBox();
    if (!b) throw new Error('tempo lane not visible');
    return b;
  }

  /** Double-clicks the lane at a fraction of the song's length and of the lane's height (0 = top). */
  async addAt(fx: number, fy: number): Promise<void> {
    const b = await this.box();
    await this.page.mouse.dblclick(b.x + fx * b.width, b.y + fy * b.height);
  }

  /** The point whose label contains `where` (e.g. "bar 5 beat 1"). */
  point(where: string) {
    return this.page.locator(`.rb-tempo-point[aria-label*="${where}:"]`);
  }

  async drag(where: string, dx: number, dy: number): Promise<void> {
    const b = await this.point(where).boundingBox();
    if (!b) throw new Error(`no point at ${where}`);
    const x = b.x + b.width / 2;
    const y = b.y + b.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let i = 1; i <= 5; i++) await this.page.mouse.move(x + (dx * i) / 5, y + (dy * i) / 5);
    await this.page.mouse.up();
  }
}

describe('tempo lane: point editing in two browsers', () => {
  it('T6.6 U1 add, drag, ramp and delete tempo points live for both; undo takes back only my own edit', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Tempo lane')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben');
    const [anaLane, benLane] = [new Lane(ana.page), new Lane(ben.page)];
    await anaLane.open();
    await benLane.open();

    // One section of 8 bars at 100 BPM (the section editor sets the point at bar 1).
    await ana.page.getByRole('button', { name: 'Add your first section' }).click();
    for (const [label, value] of [
      ['Bars', '8'],
      ['BPM', '100'],
    ] as const) {
      const input = ana.page.locator('.rb-tempo-editor').getByLabel(label, { exact: true });
      await input.fill(value);
      await input.press('Enter');
    }
    for (const l of [anaLane, benLane]) {
      await eventually(() => l.points()).toEqual(['Tempo point at bar 1 beat 1: 100 BPM, jump']);
      await eventually(() => l.footer()).toBe('8 bars · 0:19'); // 32 beats at 100
    }

    // Ana double-clicks the lane halfway through the song (bar 5 at one tempo), high up: a faster point.
    await anaLane.addAt(0.5, 0.15);
    for (const l of [anaLane, benLane]) await eventually(() => l.point('bar 5 beat 1').count()).toBe(1);
    const added = Number(/: ([\d.]+) BPM/.exec((await benLane.point('bar 5 beat 1').getAttribute('aria-label')) ?? '')?.[1]);
    expect(added).toBeGreaterThan(100);

    // She drags it down and a little later: Ben sees it move and slow down, and the song get longer.
    const before = await benLane.footer();
    await anaLane.drag('bar 5 beat 1', 0, 60);
    await eventually(async () => {
      const labels = await benLane.points();
      const moved = labels.find((l) => !l.includes('bar 1 beat 1'));
      return moved !== undefined && Number(/: ([\d.]+) BPM/.exec(moved)?.[1]) < added;
    }).toBe(true);
    await eventually(() => benLane.footer()).not.toBe(before);

    // She turns the first point into a ramp towards the second: Ben's label says so. (Edits less
    // than the undo manager's capture time apart are one undo step, as in a DAW; a person's clicks
    // are further apart than a script's, so wait that long to make this its own step.)
    await ana.page.waitForTimeout(UNDO_CAPTURE_MS + 200);
    await anaLane.point('bar 1 beat 1').click();
    await ana.page.getByRole('radio', { name: 'Ramp' }).click();
    await eventually(async () => (await benLane.point('bar 1 beat 1').getAttribute('aria-label'))?.endsWith('ramp')).toBe(true);

    // Ben adds his own point near the end; Ana undoes: her ramp goes, Ben's point stays.
    await benLane.addAt(0.875, 0.5);
    for (const l of [anaLane, benLane]) await eventually(async () => (await l.points()).length).toBe(3);
    await ana.page.getByRole('button', { name: 'Undo', exact: true }).click();
    for (const l of [anaLane, benLane]) {
      await eventually(async () => (await l.point('bar 1 beat 1').getAttribute('aria-label'))?.endsWith('jump')).toBe(true);
      await eventually(async () => (await l.points()).length).toBe(3);
    }

    // Ben deletes his point with the Delete key: the point goes for both, the section stays.
    const bens = (await benLane.points()).find((l) => /bar [67] /.test(l) || /bar 8 /.test(l));
    expect(bens).toBeDefined();
    const where = /at (bar \d+ beat \d+(?: \+\d+)?):/.exec(bens!)?.[1] ?? '';
    await benLane.point(where).click();
    await ben.page.keyboard.press('Delete');
    for (const l of [anaLane, benLane]) await eventually(async () => (await l.points()).length).toBe(2);
    expect(await ana.page.locator('.rb-tempo-block').count()).toBe(1);

    await anaLane.point('bar 1 beat 1').click();
    await ana.page.getByRole('radio', { name: 'Ramp' }).click();
    await eventually(async () => (await anaLane.point('bar 1 beat 1').getAttribute('aria-label'))?.endsWith('ramp')).toBe(true);
    await ana.page.locator('.rb-sidepanel').screenshot({ path: new URL('../screenshots/tempo-lane.png', import.meta.url).pathname });
    for (const a of [ana, ben]) await a.leave();
  });
});
