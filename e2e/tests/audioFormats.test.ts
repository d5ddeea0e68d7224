/**
 * Every file a musician bounces plays, end to end in real Chromium against the real server: an
 * AIFF (converted to WAV on upload), a WebM/Opus recorded by the browser's own MediaRecorder
 * (stored as sent), and an Apple Lossless `.m4a` (converted; Chromium has no ALAC decoder) are
 * each uploaded through the references panel, get their length and waveform, and play — the
 * player reaches its playing state and its output meter measures sound, not silence.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { sineAiff, sineAlacM4a } from '../support/media.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

/** Records `seconds` of a 330 Hz tone with the page's MediaRecorder: a WebM/Opus file as browsers make them. */
async function recordWebmOpus(page: Page, seconds: number): Promise<Uint8Array> {
  const bytes = await page.evaluate(async (seconds) => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 330;
    const dest = ctx.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    const recorder = new MediaRecorder(dest.stream, { mimeType: 'audio/webm;codecs=opus' });
    const parts: Blob[] = [];
    recorder.ondataavailable = (e) => parts.push(e.data);
    const stopped = new Promise((r) => (recorder.onstop = r));
    recorder.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    recorder.stop();
    await stopped;
    osc.stop();
    await ctx.close();
    return Array.from(new Uint8Array(await new Blob(parts).arrayBuffer()));
  }, seconds);
  return new Uint8Array(bytes);
}

/** Whether this Chromium can decode the bytes itself (the ALAC case is only meaningful if it can't). */
function chromiumDecodes(page: Page, bytes: Uint8Array): Promise<boolean> {
  return page.evaluate(async (bytes) => {
    try {
      await new OfflineAudioContext(1, 1, 44100).decodeAudioData(new Uint8Array(bytes).buffer);
      return true;
    } catch {
      return false;
    }
  }, Array.from(bytes));
}

/** Uploads a file in the references panel, waits for its detail view, plays it, and returns the loudest level measured (dBFS). */
async function uploadAndPlay(page: Page, name: string, mimeType: string, bytes: Uint8Array, length: string): Promise<number> {
  await page.getByTestId('reference-file-input').setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
  const title = name.replace(/\.[a-z0-9]+$/i, '');
  await expect.poll(() => page.getByTestId('reference-detail').textContent(), { timeout: 20_000 }).toContain(title);
  await expect.poll(() => page.getByTestId('reference-detail').textContent(), { timeout: 20_000 }).toContain(length);
  await page.getByTestId('waveform').waitFor({ timeout: 15_000 });
  await page.getByTestId('play').click();
  await expect.poll(() => page.getByTestId('play').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Pause');
  let loudest = -Infinity;
  for (let i = 0; i < 40 && loudest < -20; i++) {
    const level = Number(await page.getByTestId('output-meter').getAttribute('data-level'));
    if (Number.isFinite(level)) loudest = Math.max(loudest, level);
    await page.waitForTimeout(50);
  }
  await page.getByTestId('play').click();
  await page.getByRole('button', { name: 'All references' }).click();
  return loudest;
}

describe('audio formats', () => {
  it('F9 F10 an AIFF, a WebM/Opus recorded by the browser and an Apple Lossless m4a each upload and play with sound', async () => {
    const room = await createRoom(baseUrl, 'Bounces');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
    try {
      await openReferences(ana.page);
      const alac = sineAlacM4a(3, { channels: 2 });
      // The reason ALAC is converted: this browser can't play it as sent.
      expect(await chromiumDecodes(ana.page, alac)).toBe(false);
      const webm = await recordWebmOpus(ana.page, 2.5);
      const levels = {
        aiff: await uploadAndPlay(ana.page, 'drum bounce.aif', 'audio/aiff', sineAiff(3, { channels: 2 }), '0:03'),
        webm: await uploadAndPlay(ana.page, 'voice memo.webm', 'audio/webm', webm, '0:0'),
        alac: await uploadAndPlay(ana.page, 'master.m4a', 'audio/mp4', alac, '0:03'),
      };
      console.info(`output level while playing (dBFS): ${JSON.stringify(levels)}`);
      // The tones are about −9 dBFS RMS; silence reads −Infinity, a broken player never moves.
      for (const [format, level] of Object.entries(levels)) expect(level, format).toBeGreaterThan(-20);
    } finally {
      await ana.leave();
    }
  });
});
