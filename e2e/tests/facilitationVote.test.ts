/**
 * A secret dot vote end to end (F7, F8 in shared/src/facilitation/SPEC.md): the facilitator opens a
 * vote on the backlog's ideas; a participant places dots from two tabs of one browser (one budget
 * across them); before the reveal everybody sees only how many voted — the facilitator too — and
 * the reveal shows dots per idea with the winner highlighted, in the agenda's vote and on the
 * backlog's cards. Writes screenshots of a vote in progress, revealed, and the backlog after it.
 */
import { describe, expect, inject, it } from 'vitest';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { openAgenda, screenshot } from '../support/facilitation.ts';

const chromium = chromiumPerFile();
const baseUrl = inject('baseUrl');

describe('dot vote across browsers', () => {
  it('F7/F8 budgets hold across tabs, counts stay hidden until the reveal, the reveal highlights the winner in the vote and the backlog', async () => {
    const room = await createRoom(baseUrl, 'Vote night');
    const fay = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.facilitator}`, 'Fay');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    try {
      // Fay catches three ideas in the backlog, then opens a vote: 2 dots each, one per idea.
      await fay.page.getByRole('button', { name: 'Backlog', exact: true }).click();
      for (const idea of ['Half-time chorus', 'Shuffle verse', 'Key change']) {
        await fay.page.getByLabel('New idea').fill(idea);
        await fay.page.getByLabel('New idea').press('Enter');
      }
      await openAgenda(fay.page);
      await fay.page.getByLabel('Dots each').fill('2');
      await fay.page.getByRole('button', { name: /Vote on 3 backlog ideas/ }).click();

      await openAgenda(ana.page);
      await ana.page.getByTestId('vote').waitFor();
      await ana.page.getByRole('button', { name: 'Add a dot to Shuffle verse' }).click();
      await expect.poll(() => ana.page.getByTestId('dots-left').textContent()).toBe('1 of 2 dots left');
      // A second tab of Ana's browser shares her budget: one dot left there too.
      const tab2 = await ana.context.newPage();
      await tab2.goto(ana.page.url());
      await openAgenda(tab2);
      await expect.poll(() => tab2.getByTestId('dots-left').textContent()).toBe('1 of 2 dots left');
      await tab2.getByRole('button', { name: 'Add a dot to Half-time chorus' }).click();
      await expect.poll(() => tab2.getByTestId('dots-left').textContent()).toBe('0 of 2 dots left');
      // The budget is spent: no more dots can be added.
      expect(await tab2.getByRole('button', { name: 'Add a dot to Key change' }).isDisabled()).toBe(true);
      await tab2.close();
      // Ana's first tab learns of it too (its own ballot is re-read when any ballot lands).
      await expect.poll(() => ana.page.getByTestId('dots-left').textContent()).toBe('0 of 2 dots left');

      // Fay votes too. Everybody sees two voters and nobody's dots — Fay sees only her own.
      await fay.page.getByRole('button', { name: 'Add a dot to Shuffle verse' }).click();
      for (const a of [fay, ana]) await expect.poll(() => a.page.getByTestId('vote-status').textContent()).toMatch(/^2 voted so far/);
      const fayDots = await fay.page.getByTestId('vote-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-dots')));
      expect(fayDots).toEqual(['0', '1', '0']);
      await screenshot(ana.page, 'vote-in-progress.png');

      await fay.page.getByRole('button', { name: 'Reveal', exact: true }).click();
      for (const a of [fay, ana]) {
        await expect.poll(() => a.page.getByTestId('vote').getAttribute('data-state')).toBe('revealed');
        const rows = await a.page
          .getByTestId('vote-option')
          .evaluateAll((els) =>
            els.map((e) => [e.querySelector('.rb-vote-label')?.textContent, e.getAttribute('data-dots'), e.getAttribute('data-winner')]),
          );
        expect(rows).toEqual([
          ['Shuffle verse', '2', 'true'],
          ['Half-time chorus', '1', 'false'],
          ['Key change', '0', 'false'],
        ]);
      }
      await screenshot(fay.page, 'vote-revealed.png');

      // The backlog shows the outcome on the ideas themselves: dots on each, the winner ringed.
      for (const a of [fay, ana]) {
        await a.page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog', exact: true }).click();
        await expect
          .poll(() =>
            a.page.getByTestId('idea-card').evaluateAll((els) =>
              Object.fromEntries(
                els.map((e) => {
                  const dots = e.querySelector('[data-testid="idea-dots"]');
                  return [
                    e.querySelector('.rb-idea-title')?.textContent,
                    [dots?.getAttribute('data-dots'), dots?.getAttribute('data-winner'), e.classList.contains('rb-idea-winner')],
                  ];
                }),
              ),
            ),
          )
          .toEqual({
            'Shuffle verse': ['2', 'true', true],
            'Half-time chorus': ['1', 'false', false],
            'Key change': ['0', 'false', false],
          });
      }
      await screenshot(ana.page, 'vote-backlog-winners.png');
    } finally {
      await fay.leave();
      await ana.leave();
    }
  });
});
