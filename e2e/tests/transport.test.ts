/**
 * The shared transport end to end, three people in their own browser contexts against the
 * real server: each browser's server-clock estimate is right within the bound it reports (C9);
 * "Play for everyone" makes every context schedule the first downbeat at the same server time, each
 * on a settled clock and right within its bound (C8); a late joiner's playhead is on the same bar;
 * seek, loop and Stop reach everybody (X2–X5).
 *
 * The first-downbeat check here reads each context's scheduled time back through the same clock
 * mapping it was scheduled with: it checks the clock estimate, not the sound. What the output
 * actually plays is measured by tapping it, in audioSync.test.ts (A5).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SETTLED_BOUND_MS } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { openTempo, until } from '../support/waiting.ts';

const chromium = chromiumPerFile();
const baseUrl = inject('baseUrl');
/** How closely the server and a page each read this machine's clock (their time origins are whole-ms wall-clock readings). */
const CLOCK_READING_MS = 1;

const sync = (page: Page) => page.getByTestId('clock-sync');
const position = (page: Page) => page.getByTestId('transport-position');

async function readPosition(page: Page): Promise<{ bar: number; beat: number; phase: string }> {
  const el = position(page);
  const [bar, beat, phase] = await Promise.all([el.getAttribute('data-bar'), el.getAttribute('data-beat'), el.getAttribute('data-phase')]);
  return { bar: Number(bar), beat: Number(beat), phase: phase ?? '' };
}

async function fillField(page: Page, label: string, value: string): Promise<void> {
  const input = page.locator('.rb-tempo-editor').getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

describe('shared transport across three browsers', () => {
  it('C8/C9/X2/X3/X4/X5 clocks are right within their bounds, everybody schedules the same first downbeat (read back through the clock mapping), a late joiner lands on the same bar, seek/loop/stop propagate', async () => {
    const url = `${baseUrl}${(await createRoom(baseUrl, 'Transport')).links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    const ben = await RoomActor.join(chromium.browser, url, 'Ben');
    for (const a of [ana, ben]) await openTempo(a.page);

    // Ana sketches a song: Intro 2 bars at 240, Verse 40 bars at 240 (quick bars keep the loop check short).
    await ana.page.getByRole('button', { name: 'Add your first section' }).click();
    await fillField(ana.page, 'Bars', '2');
    await fillField(ana.page, 'BPM', '240');
    await ana.page.getByRole('button', { name: '+ Add' }).click();
    await fillField(ana.page, 'Bars', '40');
    await until('Ben sees both sections', async () => ((await ben.page.locator('.rb-tempo-block').count()) === 2 ? true : undefined));

    // C9: each browser's server-clock estimate is right within the bound it reports, once that bound
    // is as tight as C8 plays on (5 ms; on an idle loopback it gets under 2 ms, while a page slowed
    // eightfold took over 20 s to prove 2 ms). The truth is this machine's clock: the server's and the
    // page's (`performance.timeOrigin` + `performance.now()`) each read it within 0.6 ms (their time
    // origins come from the wall clock at millisecond resolution), hence the 1 ms allowance.
    for (const a of [ana, ben]) {
      const { offset, bound } = await until(
        `${a.name}'s clock proven within ${SETTLED_BOUND_MS} ms`,
        async () => {
          const el = sync(a.page);
          const u = await el.getAttribute('data-uncertainty-ms');
          return u !== null && Number(u) <= SETTLED_BOUND_MS
            ? { offset: Number(await el.getAttribute('data-offset-ms')), bound: Number(u) }
            : undefined;
        },
        30_000,
      );
      const err = await a.page.evaluate((o) => o - performance.timeOrigin, offset);
      console.info(`${a.name}: server-clock estimate vs this machine's clock: ${err.toFixed(2)} ms, proven within ±${bound.toFixed(2)} ms`);
      expect(Math.abs(err)).toBeLessThanOrEqual(bound + CLOCK_READING_MS);
      await expect.poll(() => sync(a.page).textContent()).toMatch(/in sync ±\d/);
    }

    // Play for everyone. Each context reports the first downbeat it scheduled: its time in the shared
    // schedule and when it will actually sound on this machine's clock. On loopback the server's
    // clock is this machine's clock, so "sounds at − should sound at" is each context's error.
    const firstDownbeat = (a: RoomActor) =>
      until(`${a.name}'s first downbeat`, async () => {
        // Both attributes in one page turn, so they always come from the same render.
        const { start, local, model, bound, accepted } = await sync(a.page).evaluate((el) => ({
          start: el.getAttribute('data-first-downbeat-start'),
          local: el.getAttribute('data-first-downbeat-local-ms'),
          model: el.getAttribute('data-first-downbeat-model-ms'),
          bound: el.getAttribute('data-first-downbeat-uncertainty-ms'),
          accepted: el.getAttribute('data-first-downbeat-accepted-bound-ms'),
        }));
        return start && local && model && bound && accepted
          ? { start: Number(start), local: Number(local), model: Number(model), bound: Number(bound), accepted: Number(accepted) }
          : undefined;
      });
    await ana.page.getByRole('button', { name: /Play for everyone/ }).click();
    const starts = await Promise.all([ana, ben].map(firstDownbeat));
    // The same start, and downbeats on its one grid (4/4 at 240 BPM: a bar is 1 s). Normally both
    // schedule the count-in's first click; a context whose copy of the press arrives after the
    // 300 ms lead (X2) skips what has passed rather than play it late, so with its pages slowed
    // eightfold Ben's first downbeat was the next bar's.
    expect(starts[0]!.start).toBe(starts[1]!.start);
    const firstOfAll = Math.min(...starts.map((s) => s.model));
    for (const s of starts) {
      const bars = (s.model - firstOfAll) / 1000;
      expect(Math.abs(bars - Math.round(bars))).toBeLessThan(1e-6);
    }
    if (starts[0]!.model !== starts[1]!.model)
      console.info(`a context missed the count-in's first click: ${starts.map((s) => s.model - firstOfAll).join(', ')} ms`);

    // Cam joins mid-song (bar 1 starts 0.3 s + a 1 s count-in after the press) and joins in on a later downbeat.
    await until('song playing', async () => ((await readPosition(ana.page)).phase === 'playing' ? true : undefined));
    const cam = await RoomActor.join(chromium.browser, url, 'Cam');
    await openTempo(cam.page);
    const camStart = await firstDownbeat(cam);
    expect(camStart.model).toBeGreaterThan(firstOfAll);
    const all = [...starts, camStart];
    const errors = all.map((s) => s.local - s.model);
    console.info(
      `first-downbeat error per context (ms): ${all.map((s, i) => `${errors[i]!.toFixed(2)} (±${s.bound.toFixed(2)}, C8 accepted ±${s.accepted.toFixed(1)})`).join(', ')}; spread ${(Math.max(...errors) - Math.min(...errors)).toFixed(2)} ms`,
    );
    // Each context sounded on a settled clock (C8: proven within 5 ms, or a looser bound only after
    // waiting for it) and is right within what it proved (C9), so any two are within the sum of
    // their bounds. Ana and Ben, whose clocks were proven within 2 ms before the press, played on
    // one within 5 ms. (A late joiner on a loaded machine may have waited for a looser one; one
    // starved of CPU once started 1.15 s off on a ±1.15 s bound, which C8 now refuses.) How close
    // they typically land is the benchmark's business (e2e/bench/transportBench.ts, start skew).
    for (const [i, s] of all.entries()) {
      expect(s.bound).toBeLessThanOrEqual(s.accepted);
      expect(Math.abs(errors[i]!)).toBeLessThanOrEqual(s.bound + CLOCK_READING_MS);
    }
    for (const s of starts) expect(s.bound).toBeLessThanOrEqual(SETTLED_BOUND_MS);

    // The late joiner's playhead is on Ana's bar (read back to back; retried across a bar line).
    await until('Cam on Ana’s bar', async () => {
      const [a, c] = await Promise.all([readPosition(ana.page), readPosition(cam.page)]);
      return a.phase === 'playing' && c.phase === 'playing' && a.bar === c.bar ? true : undefined;
    });

    // Loop the Intro (bars 1–2): everybody's playhead stays in bars 1–2 for a while.
    await ana.page.locator('.rb-tempo-block').first().click();
    await ana.page.getByRole('button', { name: /Loop/ }).click();
    for (const a of [ana, ben, cam]) await a.page.locator('.rb-tempo-loop').waitFor();
    await until('Cam inside the loop', async () => ((await readPosition(cam.page)).bar <= 2 ? true : undefined), 5000);
    // Read for 1.5 loop passes at 240 BPM, and on until both bars were seen (reads are slow under load).
    const seen = new Set<number>();
    const started = Date.now();
    while (Date.now() - started < 3000 || (seen.size < 2 && Date.now() - started < 15_000)) {
      for (const a of [ana, ben, cam]) seen.add((await readPosition(a.page)).bar);
    }
    expect([...seen].sort()).toEqual([1, 2]);

    // Clear the loop, then seek: clicking bar 30 on Ben's ruler moves everyone there. (Far ahead:
    // playing on from the loop takes ~28 s to get there, and at one bar a second a check for one
    // exact bar would race the reads.)
    await ana.page.getByRole('button', { name: /Loop/ }).click();
    for (const a of [ana, ben, cam]) await a.page.locator('.rb-tempo-loop').waitFor({ state: 'detached' });
    const ruler = await ben.page.getByTestId('tempo-ruler').boundingBox();
    if (!ruler) throw new Error('no ruler');
    // The lane is inset 8 px each side; at one tempo, bar 30 of 42 is the 29/42 to 30/42 stretch.
    await ben.page.mouse.click(ruler.x + 8 + (ruler.width - 16) * (29.5 / 42), ruler.y + ruler.height / 2);
    for (const a of [ana, ben, cam]) {
      await until(
        `${a.name} past bar 30`,
        async () => {
          const p = await readPosition(a.page);
          return p.bar >= 30 && p.phase === 'playing' ? true : undefined;
        },
        5000,
      );
    }

    // Stop stops all.
    await cam.page.getByRole('button', { name: /Stop/ }).click();
    await until('everyone stopped', async () => {
      const ps = await Promise.all([ana, ben, cam].map((a) => readPosition(a.page)));
      return ps.every((p) => p.phase === 'stopped') ? true : undefined;
    });
    await ana.page.locator('.rb-sidepanel').screenshot({ path: new URL('../screenshots/tempo.png', import.meta.url).pathname });
    for (const a of [ana, ben, cam]) await a.context.close();
  }, 180_000); // three Chromium contexts, a 3 s loop watch: 55–95 s at load average 30 on 2 cores
});
