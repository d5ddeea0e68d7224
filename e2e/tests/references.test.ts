/**
 * Annotated references, end to end in real Chromium against the real server: an uploaded WAV shows
 * its waveform for both people; a region comment made by one is a marker and a thread for the
 * other, and clicking it seeks; an image dropped on the canvas appears for the other; "Play for
 * everyone" starts both at the same position; viewers can listen but not comment; an undecodable
 * file is refused with a sentence; an editor deletes a reference with its comments and board card
 * and everyone's panel and board lose it, while viewers are never offered Delete. Writes
 * screenshots/references.png and screenshots/reference-delete.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';
import { dropOnCanvas, sineWav, tinyPng } from '../support/media.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

async function uploadFile(page: Page, name: string, mimeType: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('reference-file-input').setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
}

/**
 * Chooses a file of `size` zero bytes in the references panel's file picker. The file is made in
 * the page, so a 100 MB file costs no transfer from the test process.
 */
async function chooseGeneratedFile(page: Page, name: string, type: string, size: number): Promise<void> {
  await page.getByTestId('reference-file-input').evaluate(
    (input, { name, type, size }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(size)], name, { type }));
      (input as HTMLInputElement).files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { name, type, size },
  );
}

/** The playhead's position (seconds) and the wall-clock time it was drawn for. */
async function playhead(page: Page): Promise<{ seconds: number; at: number }> {
  return page
    .getByTestId('playhead')
    .evaluate((el) => ({ seconds: Number(el.getAttribute('data-seconds')), at: Number(el.getAttribute('data-at')) }));
}

describe('annotated references', () => {
  it('waveform for both, region comments with markers and threads, seek on click, listen together', async () => {
    const room = await createRoom(baseUrl, 'Mix review');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await openReferences(ana.page);
      await openReferences(ben.page);
      await uploadFile(ana.page, 'rough-mix-3.wav', 'audio/wav', sineWav(6, 220, 16000));

      // The uploader lands on the new reference; Ben sees it in the list with who added it and
      // its length, and opens it. Both get the waveform (Ben's from the stored peaks).
      await expect.poll(() => ana.page.getByTestId('reference-detail').textContent(), { timeout: 15_000 }).toContain('Ana · 0:06');
      const row = ben.page.getByTestId('reference-row').filter({ hasText: 'rough-mix-3' });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('Ana · 0:06');
      await row.click();
      for (const p of [ana.page, ben.page]) await p.getByTestId('waveform').waitFor({ timeout: 15_000 });

      // Ana drags a region on the waveform and comments on it.
      const box = await ana.page.getByTestId('waveform').boundingBox();
      if (!box) throw new Error('no waveform');
      await ana.page.mouse.move(box.x + box.width * 0.25, box.y + 40);
      await ana.page.mouse.down();
      await ana.page.mouse.move(box.x + box.width * 0.4, box.y + 40, { steps: 5 });
      await ana.page.mouse.move(box.x + box.width * 0.5, box.y + 40, { steps: 5 });
      await ana.page.mouse.up();
      await ana.page.getByLabel('Comment', { exact: true }).fill('this 8-bar region is the vibe');
      await ana.page.keyboard.press('Enter');

      // Ben sees the marker and the thread, and replies.
      await expect.poll(() => ben.page.getByTestId('comment-marker').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => ben.page.getByTestId('comment-text').first().textContent()).toBe('this 8-bar region is the vibe');
      await expect.poll(() => ben.page.getByTestId('comment-time').first().textContent()).toBe('0:01–0:03');
      await ben.page.getByLabel('Reply').fill('agreed, loop it');
      await ben.page.keyboard.press('Enter');
      await expect
        .poll(() => ana.page.getByTestId('comment-text').allTextContents(), { timeout: 10_000 })
        .toEqual(['this 8-bar region is the vibe', 'agreed, loop it']);

      // Clicking the marker seeks to the region's start (6 s × 25 % = 1.5 s).
      await ben.page.getByTestId('comment-marker').click();
      await expect.poll(async () => (await playhead(ben.page)).seconds).toBeCloseTo(1.5, 1);

      // M adds a point comment at the playhead.
      await ben.page.locator('.rb-ref-detail-title').click();
      await ben.page.keyboard.press('m');
      await ben.page.getByLabel('Comment', { exact: true }).fill('snare too loud here');
      await ben.page.keyboard.press('Enter');
      await expect.poll(() => ana.page.getByTestId('comment-marker').count(), { timeout: 10_000 }).toBe(2);

      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await ana.page.locator('.rb-sidepanel').screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'references.png') });

      // Listen together: Ana presses "Play for everyone"; both playheads run at the same position.
      await ana.page.getByTestId('listen-together').click();
      for (const p of [ana.page, ben.page])
        await expect.poll(async () => (await playhead(p)).seconds, { timeout: 10_000 }).toBeGreaterThan(0.5);
      await expect.poll(() => ben.page.getByTestId('listen-together').textContent()).toBe('Stop for everyone');
      // Only pairs read while both still play count: the file lasts 6 s, and under load the reads
      // ran past its end, where two stopped playheads differ by nothing but when each was drawn.
      const diffs: number[] = [];
      for (let i = 0; i < 30 && diffs.length < 5; i++) {
        const [a, b] = await Promise.all([playhead(ana.page), playhead(ben.page)]);
        // Both pages share this machine's clock: correct for the moment each was read.
        if (Math.max(a.seconds, b.seconds) < 5.5) diffs.push(Math.abs(a.seconds - (a.at - b.at) / 1000 - b.seconds));
        await ana.page.waitForTimeout(100);
      }
      expect(diffs.length).toBeGreaterThanOrEqual(3);
      diffs.sort((x, y) => x - y);
      const sources = await Promise.all([ana.page, ben.page].map((p) => p.getByTestId('output-meter').getAttribute('data-source')));
      console.info(
        `listen together: playhead difference (ms) ${diffs.map((d) => (d * 1000).toFixed(1)).join(', ')}; sources ${sources.join(', ')}`,
      );
      // Measured ~2–5 ms on loopback; 20 ms leaves room for a busy CI machine and is still tight
      // enough to catch a player that ignores the shared clock (those land 100 ms+ apart).
      expect(diffs[Math.floor((diffs.length - 1) / 2)]).toBeLessThan(0.02);
      // Stop propagates.
      await ben.page.getByTestId('listen-together').click();
      await expect.poll(() => ana.page.getByTestId('listen-together').textContent(), { timeout: 10_000 }).toBe('Play for everyone');
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('an image dropped on the canvas appears for the other person; bad and too-large files are refused with a sentence; viewers cannot comment', async () => {
    const room = await createRoom(baseUrl, 'Moodboard');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    try {
      await dropOnCanvas(ana.page, 'vibe.png', 'image/png', tinyPng([40, 200, 120]));
      for (const p of [ana.page, ben.page]) {
        await expect.poll(() => p.locator('.tl-shape[data-shape-type="image"]').count(), { timeout: 15_000 }).toBe(1);
        // The image really loads (its address resolved with this tab's token).
        await expect
          .poll(
            () =>
              p.locator('.tl-shape[data-shape-type="image"] img, .tl-shape[data-shape-type="image"] [style*="background-image"]').count(),
            { timeout: 10_000 },
          )
          .toBeGreaterThan(0);
      }

      // Wrong type behind a right extension: the server's sentence, and nothing added.
      await openReferences(ana.page);
      await uploadFile(ana.page, 'fake.wav', 'audio/wav', new TextEncoder().encode('this is not audio at all, just text pretending'));
      await expect
        .poll(() => ana.page.getByTestId('references-panel').getByRole('alert').first().textContent(), { timeout: 10_000 })
        .toMatch(/decode|audio|type/i);
      // A truncated WAV (header says 6 s, bytes stop after the header).
      await uploadFile(ana.page, 'cut.wav', 'audio/wav', sineWav(6).slice(0, 44));
      await expect
        .poll(() => ana.page.getByTestId('references-panel').getByRole('alert').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringMatching(/decode|empty|audio/i));
      // Too large is refused in the browser, with the limit in the sentence, before any upload.
      const uploads: string[] = [];
      ana.page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/assets')) uploads.push(r.url());
      });
      await chooseGeneratedFile(ana.page, 'whole-gig.wav', 'audio/wav', 101 * 1024 * 1024);
      await expect
        .poll(() => ana.page.getByTestId('references-panel').getByRole('alert').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringMatching(/whole-gig\.wav.*at most 100 MB/));
      expect(uploads).toEqual([]);
      expect(await ana.page.getByTestId('reference-row').count()).toBe(0);

      // Viewers: listen and read, no comment box, no upload.
      await uploadFile(ana.page, 'take.wav', 'audio/wav', sineWav(2));
      await ana.page.getByTestId('waveform').waitFor({ timeout: 15_000 });
      const vic = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Vic');
      try {
        await openReferences(vic.page);
        await vic.page.getByTestId('reference-row').first().click();
        await vic.page.getByTestId('waveform').waitFor({ timeout: 15_000 });
        await vic.page.getByTestId('viewer-note').waitFor();
        expect(await vic.page.getByLabel('Comment', { exact: true }).count()).toBe(0);
        expect(await vic.page.getByRole('button', { name: 'Upload' }).count()).toBe(0);
      } finally {
        await vic.leave();
      }
    } finally {
      await ana.leave();
      await ben.leave();
    }
  });

  it('an editor deletes a reference with its comment and board card; the others lose it from their list and board; viewers get no Delete', async () => {
    const room = await createRoom(baseUrl, 'Cleanup');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben');
    const vic = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.viewer}`, 'Vic');
    const everyone = [ana.page, ben.page, vic.page];
    const cards = (p: Page) => p.locator('.tl-shape[data-shape-type="reference-card"]');
    const rowTitles = (p: Page) => p.getByTestId('reference-row').locator('.rb-ref-title').allTextContents();
    try {
      // A song dropped on the canvas becomes a reference with a card on everyone's board; a link stays.
      await dropOnCanvas(ana.page, 'rough-mix-3.wav', 'audio/wav', sineWav(3, 220, 16000));
      for (const p of everyone) await expect.poll(() => cards(p).count(), { timeout: 15_000 }).toBe(1);
      for (const p of everyone) await openReferences(p);
      await ana.page.getByLabel('Link').fill('https://example.com/keeper');
      await ana.page.getByRole('button', { name: 'Add', exact: true }).click();
      for (const p of everyone) await expect.poll(() => rowTitles(p), { timeout: 10_000 }).toEqual(['rough-mix-3', 'example.com']);

      // Ben comments on the song; Vic has it open too, and is offered no Delete.
      for (const p of [ben.page, vic.page]) await p.getByTestId('reference-row').filter({ hasText: 'rough-mix-3' }).click();
      await ben.page.getByRole('button', { name: /Comment at/ }).click();
      await ben.page.getByLabel('Comment', { exact: true }).fill('keep the intro');
      await ben.page.keyboard.press('Enter');
      await expect.poll(() => vic.page.getByTestId('comment-text').allTextContents(), { timeout: 10_000 }).toEqual(['keep the intro']);
      expect(await vic.page.getByRole('button', { name: 'Delete reference' }).count()).toBe(0);

      // Ana asks to delete it: the question says what goes with it, and Keep leaves everything as it was.
      await ana.page.getByTestId('reference-row').filter({ hasText: 'rough-mix-3' }).click();
      await ana.page.getByRole('button', { name: 'Delete reference' }).click();
      const confirm = ana.page.getByRole('alertdialog');
      await expect.poll(() => confirm.locator('.rb-ref-confirm-q').textContent()).toBe('Delete “rough-mix-3” and its 1 comment?');
      expect(await confirm.locator('.rb-ref-confirm-detail').textContent()).toBe(
        'It’s removed for everyone in the room, with its card on the board.',
      );
      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await ana.page.locator('.rb-sidepanel').screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'reference-delete.png') });
      await confirm.getByRole('button', { name: 'Keep' }).click();
      expect(await ana.page.getByRole('alertdialog').count()).toBe(0);
      await ana.page.getByTestId('reference-detail').waitFor();

      await ana.page.getByRole('button', { name: 'Delete reference' }).click();
      await ana.page.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();

      // Ana is back at the list; Ben and Vic, who had it open, are too, told why. Every board loses the card.
      for (const p of everyone) {
        await expect.poll(() => rowTitles(p), { timeout: 10_000 }).toEqual(['example.com']);
        expect(await p.getByTestId('reference-detail').count()).toBe(0);
        await expect.poll(() => cards(p).count(), { timeout: 10_000 }).toBe(0);
      }
      for (const p of [ben.page, vic.page])
        expect(await p.getByTestId('reference-deleted-note').textContent()).toContain('“rough-mix-3” was deleted by someone else.');
      expect(await ana.page.getByTestId('reference-deleted-note').count()).toBe(0);

      // A viewer is never offered Delete, not even on the reference that is left.
      await vic.page.getByTestId('reference-row').first().click();
      await vic.page.getByTestId('reference-detail').waitFor();
      expect(await vic.page.getByRole('button', { name: 'Delete reference' }).count()).toBe(0);
    } finally {
      await ana.leave();
      await ben.leave();
      await vic.leave();
    }
  });
});
