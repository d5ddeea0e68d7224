/**
 * The jam backlog with several people in real Chromium, acting only through the UI: both add
 * ideas; both drag the same card to different columns at the same moment and end with the same
 * board (SPEC B2); both vote and the counts agree (B3); notes typed at once merge; a viewer sees
 * everything and is offered no way to change it. Writes `screenshots/backlog.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const STATUSES = ['idea', 'jamming', 'validated', 'parked', 'done'] as const;
type Status = (typeof STATUSES)[number];

/** The backlog as one person sees and uses it (page object over the panel). */
class Backlog {
  constructor(readonly page: Page) {}

  /** Opens the Backlog panel as a full board. */
  async openWide(): Promise<void> {
    const tab = this.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
    if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
    if ((await this.page.getByTestId('backlog-overlay').count()) === 0) await this.page.getByTestId('backlog-expand').click();
    await this.page.getByTestId('backlog-overlay').waitFor();
  }

  async add(title: string): Promise<void> {
    await this.page.getByLabel('New idea').fill(title);
    await this.page.getByLabel('New idea').press('Enter');
    await this.card(title).waitFor();
  }

  card(title: string) {
    return this.page
      .getByTestId('backlog-overlay')
      .getByTestId('idea-card')
      .filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  column(status: Status) {
    return this.page.getByTestId('backlog-overlay').getByTestId(`column-${status}`);
  }

  /** Every column's card titles, top to bottom. */
  async board(): Promise<Record<Status, string[]>> {
    const out = {} as Record<Status, string[]>;
    for (const s of STATUSES) out[s] = await this.column(s).locator('.rb-idea-title').allInnerTexts();
    return out;
  }

  /**
   * Presses the mouse on a card and moves it a little: the drag starts (the card shows as being
   * dragged), and nothing is dropped yet.
   */
  async pickUp(title: string): Promise<void> {
    const box = await this.card(title).boundingBox();
    if (!box) throw new Error(`card ${title} not visible`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width / 2 + 8, box.y + box.height / 2 + 8, { steps: 2 });
    await this.card(title).and(this.page.locator('.rb-idea-dragging')).waitFor();
  }

  /** Carries the picked-up card onto the empty space at the bottom of a column and lets go. */
  async dropOn(to: Status): Promise<void> {
    const box = await this.column(to).getByTestId('column-body').boundingBox();
    if (!box) throw new Error(`column ${to} not visible`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height - 20, { steps: 4 });
    await this.page.mouse.up();
  }

  async votes(title: string): Promise<number> {
    return Number(await this.card(title).getByTestId('vote-count').innerText());
  }

  async open(title: string): Promise<void> {
    await this.card(title).click();
    await this.page.getByTestId('idea-detail').waitFor();
  }

  notes() {
    return this.page.getByTestId('idea-detail').locator('.cm-content');
  }
}

async function joinBacklog(url: string, name: string): Promise<{ actor: RoomActor; backlog: Backlog }> {
  const actor = await RoomActor.join(chromium.browser, url, name);
  const backlog = new Backlog(actor.page);
  await backlog.openWide();
  return { actor, backlog };
}

describe('the jam backlog with two people and a viewer', () => {
  it('adds, moves concurrently, votes, merges notes, and stays read-only for a viewer', async () => {
    const room = await createRoom(baseUrl, 'Backlog jam');
    const ana = await joinBacklog(`${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await joinBacklog(`${baseUrl}${room.links.editor}`, 'Ben');
    let viewer: { actor: RoomActor; backlog: Backlog } | undefined;
    try {
      // An empty backlog invites the first idea.
      await expect.poll(() => ana.actor.page.getByTestId('backlog-empty').innerText()).toContain('Catch your first idea');

      // Both add ideas; both see all of them in the same order.
      await ana.backlog.add('Chorus in half time');
      await ben.backlog.add('Synth from reference 3');
      await ana.backlog.add('Drop the bass in verse 2');
      const expected = ['Chorus in half time', 'Synth from reference 3', 'Drop the bass in verse 2'];
      await expect.poll(async () => (await ana.backlog.board()).idea, { timeout: 10_000 }).toEqual(expected);
      await expect.poll(async () => (await ben.backlog.board()).idea, { timeout: 10_000 }).toEqual(expected);

      // B2: the same card dragged to two different columns at the same moment. Both pick the card
      // up first and only then let go together: picked up during the race, the card a pointer
      // rests on may already be another one (the other person's drop has just taken the first
      // card out of the column, and the next one slid up under the pointer).
      await ana.backlog.pickUp('Chorus in half time');
      await ben.backlog.pickUp('Chorus in half time');
      await Promise.all([ana.backlog.dropOn('jamming'), ben.backlog.dropOn('parked')]);
      await expect
        .poll(async () => JSON.stringify(await ana.backlog.board()) === JSON.stringify(await ben.backlog.board()), { timeout: 10_000 })
        .toBe(true);
      const after = await ana.backlog.board();
      const everywhere = STATUSES.flatMap((s) => after[s]);
      expect(everywhere.filter((t) => t === 'Chorus in half time')).toHaveLength(1);
      expect(after.jamming.includes('Chorus in half time') || after.parked.includes('Chorus in half time')).toBe(true);
      expect(everywhere.sort()).toEqual([...expected].sort());
      expect(after.idea).toEqual(['Synth from reference 3', 'Drop the bass in verse 2']);

      // A keyboard move: focus a card, Alt+→ moves it to the next column. (Escape first: a drag
      // whose card was moved away by the other person can leave the browser's drag session open.)
      await ben.actor.page.keyboard.press('Escape');
      // Start from a settled board: the raced drag has ended on Ben's side (no card still marked
      // as being dragged), so the key press below is the only thing that can move a card.
      await expect.poll(() => ben.actor.page.locator('.rb-idea-dragging').count(), { timeout: 5_000 }).toBe(0);
      await ben.backlog.card('Synth from reference 3').focus();
      await expect
        .poll(() => ben.actor.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), { timeout: 5_000 })
        .toContain('Synth from reference 3');
      // If the press does not move the card exactly one column, the message carries what Ben's page
      // had focused and showed right after it, and the key and focus events it saw (a card that
      // jumped two columns on one press was seen once in five runs under heavy load).
      await ben.actor.page.evaluate(() => {
        const trail: string[] = [];
        (window as unknown as { keyTrail: string[] }).keyTrail = trail;
        const where = (t: EventTarget | null): string =>
          t instanceof Element ? (t.closest('[data-idea-id]')?.getAttribute('data-status') ?? t.tagName) : String(t);
        for (const type of ['keydown', 'focusin']) {
          window.addEventListener(type, (e) => trail.push(`${type} ${e instanceof KeyboardEvent ? e.key : ''}@${where(e.target)}`), true);
        }
      });
      await ben.actor.page.keyboard.press('Alt+ArrowRight');
      const benState = async () =>
        JSON.stringify({
          focused: await ben.actor.page.evaluate(
            () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName,
          ),
          board: await ben.backlog.board(),
          events: await ben.actor.page.evaluate(() => (window as unknown as { keyTrail: string[] }).keyTrail),
        });
      await expect
        .poll(async () => (await ben.backlog.board()).jamming, {
          timeout: 10_000,
          message: `Alt+→ did not move the card: ${await benState()}`,
        })
        .toContain('Synth from reference 3');
      await expect.poll(async () => (await ana.backlog.board()).jamming, { timeout: 10_000 }).toContain('Synth from reference 3');

      // B3: both vote for one idea; counts agree. A second click by the same person removes the vote.
      await ana.backlog.card('Drop the bass in verse 2').getByTestId('vote-button').click();
      await ben.backlog.card('Drop the bass in verse 2').getByTestId('vote-button').click();
      await expect.poll(() => ana.backlog.votes('Drop the bass in verse 2'), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => ben.backlog.votes('Drop the bass in verse 2'), { timeout: 10_000 }).toBe(2);

      // Notes typed by both at the same time merge.
      await ana.backlog.open('Drop the bass in verse 2');
      await ben.backlog.open('Drop the bass in verse 2');
      // Presence: each sees the other on the card they have open.
      await expect
        .poll(() => ana.backlog.card('Drop the bass in verse 2').getByTestId('card-editors').getAttribute('aria-label'), {
          timeout: 10_000,
        })
        .toContain('Ben');
      await ana.backlog.notes().click();
      await ben.backlog.notes().click();
      await Promise.all([
        ana.actor.page.keyboard.type('kick only. ', { delay: 15 }),
        ben.actor.page.keyboard.type('bass enters bar 9', { delay: 15 }),
      ]);
      for (const p of [ana, ben]) {
        await expect.poll(() => p.backlog.notes().innerText(), { timeout: 10_000 }).toContain('kick only.');
        await expect.poll(() => p.backlog.notes().innerText(), { timeout: 10_000 }).toContain('bass enters bar 9');
      }
      await expect
        .poll(async () => (await ana.backlog.notes().innerText()) === (await ben.backlog.notes().innerText()), { timeout: 10_000 })
        .toBe(true);

      // A take with tempo and rating.
      await ana.actor.page.getByRole('button', { name: '+ Add take' }).click();
      await ana.actor.page.getByLabel('Tempo (BPM)').fill('94');
      await ana.actor.page.getByLabel('Key').fill('Am');
      await ana.actor.page.getByRole('form', { name: 'New take' }).getByRole('button', { name: '4 stars' }).click();
      await ana.actor.page.getByRole('button', { name: 'Save take' }).click();
      await expect.poll(() => ben.actor.page.getByTestId('take').first().innerText(), { timeout: 10_000 }).toContain('94 BPM');
      await ben.actor.page.getByRole('button', { name: 'Mark as best' }).click();
      await expect.poll(() => ana.actor.page.getByTestId('take').first().innerText(), { timeout: 10_000 }).toContain('Best take');
      await ana.actor.page.getByRole('button', { name: 'Close idea' }).click();
      await expect.poll(() => ana.backlog.card('Drop the bass in verse 2').innerText(), { timeout: 10_000 }).toContain('1 take');

      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await ana.actor.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'backlog.png') });

      // A viewer sees everything and is offered nothing that would change it.
      viewer = await joinBacklog(`${baseUrl}${room.links.viewer}`, 'Vic');
      const v = viewer.backlog;
      await expect.poll(async () => JSON.stringify(await v.board()), { timeout: 10_000 }).toBe(JSON.stringify(await ana.backlog.board()));
      await expect(viewer.actor.page.getByTestId('backlog-readonly').innerText()).resolves.toBe('View only');
      expect(await viewer.actor.page.getByLabel('New idea').count()).toBe(0);
      expect(await v.card('Drop the bass in verse 2').getByTestId('vote-button').isDisabled()).toBe(true);
      expect(await v.card('Drop the bass in verse 2').getAttribute('draggable')).toBe('false');
      await v.open('Drop the bass in verse 2');
      expect(await v.notes().getAttribute('contenteditable')).toBe('false');
      expect(await viewer.actor.page.getByLabel('Idea title').isDisabled()).toBe(true);
      expect(await viewer.actor.page.getByRole('button', { name: '+ Add take' }).count()).toBe(0);
      await expect.poll(() => v.notes().innerText(), { timeout: 10_000 }).toContain('bass enters bar 9');
      // Keyboard shortcuts don't move anything for a viewer either.
      await viewer.actor.page.getByRole('button', { name: 'Close idea' }).click();
      await v.card('Drop the bass in verse 2').focus();
      await viewer.actor.page.keyboard.press('Alt+ArrowRight');
      await viewer.actor.page.keyboard.press('v');
      await new Promise((r) => setTimeout(r, 500));
      expect((await ana.backlog.board()).idea).toContain('Drop the bass in verse 2');
      expect(await ana.backlog.votes('Drop the bass in verse 2')).toBe(2);
    } finally {
      await viewer?.actor.leave();
      await ana.actor.leave();
      await ben.actor.leave();
    }
  });
});
