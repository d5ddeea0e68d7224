/**
 * Long references stream: someone who didn't upload a reference hears it
 * without the browser downloading the whole file first — every request for the audio is a Range
 * request, sound comes out (the output meter moves), and a seek to near the end plays from there.
 * Listen together then hands the stream over to the decoded file, sample-exact. A file the server
 * no longer serves says so.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { sineWav } from '../support/media.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

const SECONDS = 60;

async function playheadSeconds(page: Page): Promise<number> {
  return Number(await page.getByTestId('playhead').getAttribute('data-seconds'));
}

/** The output meter's level in dBFS (−Infinity when silent). */
async function level(page: Page): Promise<number> {
  const v = await page.getByTestId('output-meter').getAttribute('data-level');
  return v === null || v === '-inf' ? -Infinity : Number(v);
}

describe('streaming a long reference', () => {
  it('plays and seeks with Range requests only, then listen-together hands over to the decoded file', async () => {
    const room = await createRoom(baseUrl, 'Long mix');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await openReferences(ana.page);
      await ana.page.getByTestId('reference-file-input').setInputFiles({
        name: 'long-mix.wav',
        mimeType: 'audio/wav',
        buffer: Buffer.from(sineWav(SECONDS, 330, 44_100)), // 5.3 MB
      });
      await expect.poll(() => ana.page.getByTestId('reference-detail').textContent(), { timeout: 20_000 }).toContain('1:00');

      // Every request Ben's page makes for the audio file itself (not its waveform sidecar).
      const audioRequests: { range: string | undefined }[] = [];
      ben.page.on('request', (req: Request) => {
        if (!/\/assets\/[0-9a-f]{64}(\?|$)/.test(req.url())) return;
        void req.allHeaders().then((h) => audioRequests.push({ range: h.range }));
      });
      await openReferences(ben.page);
      await ben.page.getByTestId('reference-row').filter({ hasText: 'long-mix' }).click();
      await ben.page.getByTestId('waveform').waitFor({ timeout: 15_000 });

      // Play: sound comes out of the stream and the playhead runs.
      await ben.page.getByTestId('play').click();
      await expect.poll(() => level(ben.page), { timeout: 10_000 }).toBeGreaterThan(-40);
      expect(await ben.page.getByTestId('output-meter').getAttribute('data-source')).toBe('stream');
      await expect.poll(() => playheadSeconds(ben.page), { timeout: 10_000 }).toBeGreaterThan(0.3);

      // Seek near the end while playing: it plays on from there.
      const box = await ben.page.getByTestId('waveform').boundingBox();
      if (!box) throw new Error('no waveform');
      await ben.page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
      await expect.poll(() => playheadSeconds(ben.page), { timeout: 10_000 }).toBeGreaterThan(SECONDS * 0.9);
      await expect.poll(() => level(ben.page), { timeout: 10_000 }).toBeGreaterThan(-40);
      const afterSeek = await playheadSeconds(ben.page);
      await expect.poll(() => playheadSeconds(ben.page), { timeout: 5_000 }).toBeGreaterThan(afterSeek + 0.2);
      await ben.page.getByTestId('play').click(); // pause

      // Nothing was downloaded whole: every request for the file asked for a range.
      expect(audioRequests.length).toBeGreaterThan(0);
      expect(audioRequests.filter((r) => r.range === undefined)).toEqual([]);

      // Listen together: Ben starts on the stream, then the decoded file takes over.
      await ana.page.getByTestId('listen-together').click();
      await expect.poll(() => ben.page.getByTestId('output-meter').getAttribute('data-source'), { timeout: 20_000 }).toBe('buffer');
      await expect.poll(() => level(ben.page), { timeout: 5_000 }).toBeGreaterThan(-40);
      await ben.page.getByTestId('listen-together').click();
      await expect.poll(() => ana.page.getByTestId('listen-together').textContent(), { timeout: 10_000 }).toBe('Play for everyone');

      // A file the server no longer serves is named as such, not blamed on the audio's format.
      const cy = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Cy');
      try {
        chromium.problems.allow(
          /\/assets\/[0-9a-f]{64}\?token=[^:]*: Failed to load resource: .* 404/,
          'the file is made to 404 on purpose',
        );
        await cy.page.route(/\/assets\/[0-9a-f]{64}\?/, (r) => r.fulfill({ status: 404, body: 'gone' }));
        await openReferences(cy.page);
        await cy.page.getByTestId('reference-row').filter({ hasText: 'long-mix' }).click();
        await cy.page.getByTestId('waveform').waitFor({ timeout: 15_000 });
        await cy.page.getByTestId('play').click();
        await expect
          .poll(() => cy.page.getByTestId('reference-detail').getByRole('alert').first().textContent(), { timeout: 10_000 })
          .toBe('The audio file is no longer on the server.');
      } finally {
        await cy.leave();
      }
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });
});
