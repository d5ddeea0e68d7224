/**
 * Recording in the browser tests: a Chromium whose microphone is a WAV file (Chromium's fake capture
 * device), a reader for the WAV files takes are stored as, and the steps to get a song and an idea
 * to record into, through the UI.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.ts';
import { clicksWav } from './media.ts';
import { openTempo } from './waiting.ts';
import { connectDoc } from './docClient.ts';
import { anchorSongSeconds, backlogIdeas, buildTimeline, readTakes, readTempoMap, type Take, type TempoTimeline } from '@riffboard/shared';
import { clickOnsetOptions, detectOnsets } from '@riffboard/shared/clickOnsets';

/** Writes a WAV of clicks every `periodS` seconds (the first at `firstS`) for `seconds`, for the fake microphone. */
export function writeClickTrack(seconds: number, periodS: number, firstS: number, rate: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'riffboard-mic-'));
  const file = join(dir, 'clicks.wav');
  const onsets: number[] = [];
  for (let t = firstS; t < seconds - 0.05; t += periodS) onsets.push(t);
  writeFileSync(file, clicksWav(onsets, seconds, rate, 0.6));
  return file;
}

/** The sample rate an AudioContext runs at in this Chromium (no audio device: not necessarily 48 kHz). */
export async function contextSampleRate(): Promise<number> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    return await page.evaluate(async () => {
      const ctx = new AudioContext();
      const rate = ctx.sampleRate;
      await ctx.close();
      return rate;
    });
  } finally {
    await browser.close();
  }
}

/**
 * A Chromium whose microphone plays `wavFile` once (no loop), permission granted without asking;
 * or, with `wavFile` undefined, the fake device without a file (a tone) and no automatic grant.
 */
export function launchWithMic(options: { wavFile?: string; grant: boolean; device: boolean }): Promise<Browser> {
  const args = [...CHROMIUM_ARGS];
  if (options.device) args.push('--use-fake-device-for-media-stream');
  if (options.grant) args.push('--use-fake-ui-for-media-stream');
  if (options.wavFile) args.push(`--use-file-for-fake-audio-capture=${options.wavFile}%noloop`);
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
}

/**
 * Makes the context upload its recorded takes as lossless WAV (the record dock's format choice,
 * kept in localStorage), so a test can read the stored file's samples in Node. The default,
 * Opus in WebM, keeps file time within 0.1 ms (`takeEncoding.test.ts`).
 */
export async function losslessTakes(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (location.protocol.startsWith('http')) localStorage.setItem('riffboard:take-format', 'lossless');
  });
}

/** Samples of a stored WAV (16-bit PCM or 32-bit float), one array per channel. */
export function readWav(bytes: Uint8Array): { sampleRate: number; channels: Float32Array[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format === 0xfffe) format = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      const width = bits / 8;
      const frames = Math.floor(Math.min(size, bytes.length - body) / (width * channels));
      const out = Array.from({ length: channels }, () => new Float32Array(frames));
      for (let f = 0; f < frames; f++)
        for (let c = 0; c < channels; c++) {
          const p = body + (f * channels + c) * width;
          out[c]![f] = format === 3 ? view.getFloat32(p, true) : view.getInt16(p, true) / 32768;
        }
      return { sampleRate, channels: out };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV without data');
}

async function fillField(page: Page, label: string, value: string): Promise<void> {
  const input = page.locator('.rb-tempo-editor').getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

/**
 * Runs the record dock's loopback calibration and returns the round trip it shows (ms). A run the
 * dock calls unsteady (the fake device's buffer jumped while it listened) is run again, up to 3 times.
 */
export async function calibrate(dock: Locator): Promise<number> {
  let last: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await calibrateOnce(dock);
    } catch (e) {
      last = e;
      if (!String(e).includes('unevenly')) throw e;
    }
  }
  throw last;
}

async function calibrateOnce(dock: Locator): Promise<number> {
  await dock.getByRole('button', { name: /^Calibrate( again)?$/ }).click();
  const deadline = Date.now() + 30_000;
  // The dock's phase goes to calibrating, then back to idle with the measurement as its notice.
  while ((await dock.getAttribute('data-phase')) !== 'calibrating' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  while ((await dock.getAttribute('data-phase')) === 'calibrating' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const text =
    (await dock
      .getByTestId('record-notice')
      .textContent({ timeout: 1000 })
      .catch(() => null)) ?? '';
  const ms = /Round trip measured: ([\d.]+) ms/.exec(text)?.[1];
  if (ms === undefined)
    throw new Error(
      `the calibration did not measure: “${
        (await dock
          .getByTestId('record-error')
          .textContent()
          .catch(() => '')) ?? ''
      }”`,
    );
  return Number(ms);
}

/** A one-section song through the tempo panel: `bars` bars of 4/4 at `bpm`. */
export async function makeSong(page: Page, bars: number, bpm: number): Promise<void> {
  await openTempo(page);
  await page.getByRole('button', { name: 'Add your first section' }).click();
  await fillField(page, 'Bars', String(bars));
  await fillField(page, 'BPM', String(bpm));
}

/** An idea through the backlog panel, opened so its takes show. */
export async function openNewIdea(page: Page, title: string): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page.getByLabel('New idea').fill(title);
  await page.getByLabel('New idea').press('Enter');
  await page
    .getByTestId('idea-card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .click();
  await page.getByTestId('takes').waitFor();
}

/** The idea's takes as a separate client sees them in the doc. */
export async function takesOf(baseUrl: string, roomId: string, link: string, title: string): Promise<{ takes: Take[]; tl: TempoTimeline }> {
  const client = await connectDoc(baseUrl, roomId, link);
  try {
    const idea = backlogIdeas(client.doc)
      .list()
      .find((i) => i.title === title);
    if (!idea) throw new Error(`no idea “${title}”`);
    return { takes: readTakes(client.doc, idea.id), tl: buildTimeline(readTempoMap(client.doc)) };
  } finally {
    client.close();
  }
}

/** Each click in a take's stored file: how far (ms) from the nearest beat (of `beatSeconds`) its placement puts it. */
export async function alignment(baseUrl: string, take: Take, tl: TempoTimeline, token: string, beatSeconds: number): Promise<number[]> {
  if (!take.audio || !take.placement) throw new Error('take without audio or placement');
  const res = await fetch(`${baseUrl}${take.audio.url}?token=${encodeURIComponent(token)}`);
  if (res.status !== 200) throw new Error(`GET the take's audio → ${res.status}`);
  const wav = readWav(new Uint8Array(await res.arrayBuffer()));
  const onsets = detectOnsets(wav.channels[0]!, clickOnsetOptions(wav.sampleRate, 0.1));
  const at = anchorSongSeconds(tl, take.placement);
  return onsets.map((o) => {
    const song = at + (o.frame / wav.sampleRate - take.placement!.fileSeconds);
    return (song - Math.round(song / beatSeconds) * beatSeconds) * 1000;
  });
}
