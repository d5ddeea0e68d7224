/**
 * Presence of what people hear, in two browser contexts against the real server: Ana plays the
 * song with her click muted; Ben's people list and his tempo ruler show her playing, her muted
 * click and her output latency (the figure her own tab reports). When she stops the song and plays
 * a reference on her own, Ben's list says which one and her ruler marker goes.
 * Writes screenshots/hearing-people.png and screenshots/hearing-ruler.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';
import { sineWav } from '../support/media.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const person = (page: Page, name: string) => page.getByTestId('who-is-here').locator(`li[data-name="${name}"]`);
const marker = (page: Page, name: string) => page.getByTestId('listener-marker').and(page.locator(`[data-name="${name}"]`));

describe('what people hear', () => {
  it('MX5 MX6 MX7 Ben sees Ana playing, her muted click and her output latency in the people list and on the tempo ruler', async () => {
    const room = await createRoom(baseUrl, 'Listening');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await ana.page.getByRole('button', { name: 'Tempo', exact: true }).click();
      await ana.page.getByRole('button', { name: 'Add your first section' }).click();
      const bars = ana.page.locator('.rb-tempo-editor').getByLabel('Bars', { exact: true });
      await bars.fill('64');
      await bars.press('Enter');
      // Ana mutes her click (the tempo panel's "Mute for me" is her mix's click channel), then plays.
      await ana.page.getByRole('checkbox', { name: 'Mute for me' }).check();
      await ana.page.getByRole('button', { name: /Play for everyone/ }).click();

      // Her own tab's figure, as her presence carries it.
      await expect.poll(() => person(ana.page, 'Ana').getAttribute('data-playing'), { timeout: 10_000 }).toBe('true');
      const latency = Number(await person(ana.page, 'Ana').getAttribute('data-latency-ms'));
      expect(latency).toBeGreaterThan(0);
      expect(latency).toBeLessThan(1000);

      // Ben's people list.
      await expect.poll(() => person(ben.page, 'Ana').getAttribute('data-playing'), { timeout: 10_000 }).toBe('true');
      expect(await person(ben.page, 'Ana').getAttribute('data-click-muted')).toBe('true');
      expect(Number(await person(ben.page, 'Ana').getAttribute('data-latency-ms'))).toBe(latency);
      expect(await person(ben.page, 'Ana').getAttribute('data-hearing')).toBe(
        `hears the song · click muted · ${latency} ms output latency`,
      );
      const avatar = person(ben.page, 'Ana').getByRole('button');
      expect(await avatar.getAttribute('aria-label')).toContain(`${latency} ms output latency`);

      // Ben's tempo ruler: a marker for Ana with the same.
      await ben.page.getByRole('button', { name: 'Tempo', exact: true }).click();
      await marker(ben.page, 'Ana').waitFor({ timeout: 10_000 });
      expect(await marker(ben.page, 'Ana').getAttribute('data-click-muted')).toBe('true');
      expect(Number(await marker(ben.page, 'Ana').getAttribute('data-latency-ms'))).toBe(latency);
      expect(await marker(ben.page, 'Ana').locator('title').textContent()).toBe(
        `Ana hears the song here · click muted · ${latency} ms output latency`,
      );

      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await ben.page.getByTestId('listener-marker').nth(1).waitFor(); // Ben's own, too: he hears the song
      await ben.page.locator('.rb-tempo-timeline').screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'hearing-ruler.png') });
      await avatar.hover();
      await person(ben.page, 'Ana').locator('.rb-person-card').waitFor();
      await ben.page.screenshot({
        path: join(repoRoot, 'e2e', 'screenshots', 'hearing-people.png'),
        clip: { x: 700, y: 0, width: 580, height: 150 },
      });

      // Ana stops the song and plays a reference on her own: Ben's list says which, the ruler marker goes.
      await ana.page.getByRole('button', { name: /Stop/ }).click();
      await openReferences(ana.page);
      await ana.page
        .getByTestId('reference-file-input')
        .setInputFiles({ name: 'bass line.wav', mimeType: 'audio/wav', buffer: Buffer.from(sineWav(20, 220, 16000)) });
      await ana.page.getByTestId('waveform').waitFor({ timeout: 20_000 });
      await ana.page.getByTestId('play').click();
      await expect
        .poll(() => person(ben.page, 'Ana').getAttribute('data-hearing'), { timeout: 10_000 })
        .toBe(`hears “bass line” · click muted · ${latency} ms output latency`);
      await expect.poll(() => marker(ben.page, 'Ana').count()).toBe(0);
      // Her mix decides what counts as heard: muting the reference for herself makes her "not playing".
      await ana.page.getByRole('button', { name: 'All references' }).click();
      await ana.page.getByTestId('personal-mixer').getByRole('button', { name: 'Mute bass line' }).click();
      await expect.poll(() => person(ben.page, 'Ana').getAttribute('data-playing'), { timeout: 10_000 }).toBe('false');
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });
});
