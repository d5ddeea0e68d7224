/**
 * Recording a take (recording SPEC R1–R5, backlog B8) in real Chromium against the real server,
 * with a WAV file as the microphone.
 *
 * What a perfectly played take is: the player hears each click (its scheduled context time plus
 * the output latency) and plays on it; the microphone delivers the note to the page an input
 * latency later. Chromium's fake microphone plays its file from when it is opened, on its own
 * schedule, so its clicks have some fixed phase to the transport's beats that nothing in the test
 * chooses. The loopback calibration measures exactly that — from a scheduled click to the matching
 * click arriving in the capture — as the round trip, so after it the file's clicks *are* a perfect
 * player with that round trip. The test then decodes the STORED file, finds its clicks, maps each
 * file time to the song through the take's stored placement, and measures how far each is from the
 * nearest beat of the bar grid.
 *
 * The file is written at the rate the page's AudioContext runs at. Fed at 48 kHz into a 44.1 kHz
 * context, Chromium's resampling buffer between the capture device and the audio graph moved the
 * microphone by 2–10 ms between the calibration and the take on a loaded machine (the same would
 * happen with a real interface at another rate than the output's); at the context's own rate it
 * stayed within 0.06 ms over five runs at load average 7–8.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { anchorSongSeconds, backlogIdeas, buildTimeline, readTakes, readTempoMap, type Take } from '@riffboard/shared';
import { clickOnsetOptions, detectOnsets } from '@riffboard/shared/clickOnsets';
import { createRoom, tokenOf, type CreatedRoom } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { connectDoc } from '../support/docClient.ts';
import { contextSampleRate, launchWithMic, makeSong, openNewIdea, writeClickTrack } from '../support/recording.ts';
import { decodeStoredTake } from '../support/takeJournal.ts';
import { until } from '../support/waiting.ts';
import { MIC_SENTENCES } from '../../client/src/audio/micErrors.ts';
import { PageProblems } from '../support/pageProblems.ts';
import { afterEach } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const BPM = 120;
const BEAT_S = 60 / BPM;
/**
 * How far a recorded click may sit from its beat in the stored file. Capture is sample-exact on the
 * audio clock, so what is left is the onset detector's sample and the clock mapping's slew between
 * the calibration and the take: measured −0.11 to +0.43 ms over six runs (every click of a take within
 * 0.01 ms of the others).
 */
const TOLERANCE_MS = 1;

const problems = new PageProblems();
afterEach(() => {
  expect(problems.takeUnexpected(), 'page errors, console errors or CSP violations during the test').toEqual([]);
});

async function withBrowser<T>(browser: Browser, fn: (b: Browser) => Promise<T>): Promise<T> {
  browser.on('context', (c) => problems.watch(c));
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** The idea's takes as a separate client sees them in the doc. */
async function takesOf(roomId: string, link: string, title: string): Promise<{ takes: Take[]; tl: ReturnType<typeof buildTimeline> }> {
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

/**
 * Each click in the stored file: how far (ms) from the nearest beat its placement puts it. The file
 * is decoded by Chromium, as a listener's browser does: takes are stored compressed (Opus in WebM)
 * by default, so this also checks that the placement survives the encoder.
 */
async function alignment(page: Page, take: Take, tl: ReturnType<typeof buildTimeline>, token: string): Promise<number[]> {
  if (!take.audio || !take.placement) throw new Error('take without audio or placement');
  const stored = await decodeStoredTake(page, take.audio.url, token);
  const onsets = detectOnsets(stored.channels[0]!, clickOnsetOptions(stored.sampleRate, 0.1));
  const at = anchorSongSeconds(tl, take.placement);
  return onsets.map((o) => {
    const song = at + (o.frame / stored.sampleRate - take.placement!.fileSeconds);
    return (song - Math.round(song / BEAT_S) * BEAT_S) * 1000;
  });
}

describe('recording a take', () => {
  it('R1 R2 R3 R4 R5 B8 a take recorded over the click with a calibrated fake microphone has its clicks on the beats in the stored file', async () => {
    const wavFile = writeClickTrack(120, BEAT_S, 0.25, await contextSampleRate());
    await withBrowser(await launchWithMic({ wavFile, grant: true, device: true }), async (browser) => {
      const room = await createRoom(baseUrl, 'Recording');
      const ana = await RoomActor.join(browser, `${baseUrl}${room.links.editor}`, 'Ana');
      const page = ana.page;
      await makeSong(page, 4, BPM);
      await expect.poll(() => page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync ±\d/);
      // The section loops for everyone, so the takes are recorded into running playback.
      await page.locator('.rb-tempo-block').first().click();
      await page.getByRole('button', { name: /Loop/ }).click();
      await page.locator('.rb-tempo-loop').waitFor();
      await page.getByRole('button', { name: /Play for everyone/ }).click();
      await expect.poll(() => page.getByTestId('transport-position').getAttribute('data-phase'), { timeout: 10_000 }).toBe('playing');

      await page.getByRole('button', { name: 'Record', exact: true }).click();
      const dock = page.getByTestId('record-dock');
      await dock.waitFor();
      await until('the input level meter moves', async () =>
        Number(await dock.getByTestId('input-level').getAttribute('data-level')) > 0.1 ? true : undefined,
      );
      await dock.getByRole('button', { name: 'Calibrate' }).click();
      await expect
        .poll(() => dock.getByTestId('record-notice').textContent(), { timeout: 20_000 })
        .toMatch(/Round trip measured: [\d.]+ ms/);
      const notice = (await dock.getByTestId('record-notice').textContent()) ?? '';
      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await openNewIdea(page, 'Guitar riff');
      await page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      await expect.poll(() => dock.getAttribute('data-phase'), { timeout: 10_000 }).toBe('recording');
      await dock.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'record-dock.png') });
      // The loop pass (4 bars at 120 BPM: 8 s) ends the take by itself.
      await expect.poll(() => dock.getByTestId('record-notice').textContent(), { timeout: 30_000 }).toMatch(/Take saved/);
      await expect.poll(() => page.getByTestId('take').count(), { timeout: 10_000 }).toBe(1);

      const { takes, tl } = await takesOf(room.id, room.links.editor, 'Guitar riff');
      expect(takes).toHaveLength(1);
      const take = takes[0]!;
      expect(take).toMatchObject({ players: ['Ana'], bpm: BPM, section: expect.any(String), placement: { bar: 1, beat: 1 } });
      expect(take.durationSeconds).toBeGreaterThan(8);
      expect(take.peaks?.length).toBe(400);
      expect(take.audio?.mime).toBe('audio/webm');
      const errors = await alignment(page, take, tl, tokenOf(room.links.editor));
      expect(notice).toMatch(/Round trip measured/);
      // 8 s of clicks every 0.5 s, and the pre-roll before the punch-in.
      expect(errors.length).toBeGreaterThanOrEqual(16);
      for (const e of errors) expect(Math.abs(e)).toBeLessThanOrEqual(TOLERANCE_MS);
    });
  });

  /** Joins a fresh room with a 4-bar song and an open idea, in `browser`. */
  async function readyToRecord(
    browser: Browser,
    prepare?: (c: BrowserContext) => Promise<void>,
  ): Promise<{ page: Page; room: CreatedRoom }> {
    const room = await createRoom(baseUrl, 'Recording errors');
    const actor = await RoomActor.join(browser, `${baseUrl}${room.links.editor}`, 'Ben', prepare ? { prepare } : {});
    await makeSong(actor.page, 4, BPM);
    await openNewIdea(actor.page, 'Bass line');
    return { page: actor.page, room };
  }

  it('a browser with no microphone says so in a sentence', async () => {
    await withBrowser(await launchWithMic({ grant: true, device: false }), async (browser) => {
      const { page } = await readyToRecord(browser);
      await page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      await expect.poll(() => page.getByTestId('record-error').textContent(), { timeout: 10_000 }).toBe(MIC_SENTENCES.no_microphone);
      expect(await page.getByTestId('take').count()).toBe(0);
    });
  });

  it('a microphone the person did not allow says so in a sentence', async () => {
    await withBrowser(await launchWithMic({ grant: false, device: true }), async (browser) => {
      const { page } = await readyToRecord(browser);
      await page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      await expect.poll(() => page.getByTestId('record-error').textContent(), { timeout: 10_000 }).toBe(MIC_SENTENCES.permission_denied);
    });
  });

  it('R4 B8 a take from a stopped transport counts in, and a microphone unplugged mid-take says so and keeps what was recorded', async () => {
    const wavFile = writeClickTrack(60, BEAT_S, 0.1, await contextSampleRate());
    await withBrowser(await launchWithMic({ wavFile, grant: true, device: true }), async (browser) => {
      // Keep the page's microphone streams reachable, to end the track the way unplugging does.
      const keepStreams = async (c: BrowserContext): Promise<void> => {
        await c.addInitScript(() => {
          const devices = navigator.mediaDevices as MediaDevices | undefined;
          if (!devices) return; // about:blank before the app loads
          const open = devices.getUserMedia.bind(devices);
          devices.getUserMedia = async (constraints) => {
            const stream = await open(constraints);
            ((window as unknown as { micStreams?: MediaStream[] }).micStreams ??= []).push(stream);
            return stream;
          };
        });
      };
      const { page, room } = await readyToRecord(browser, keepStreams);
      await page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      const dock = page.getByTestId('record-dock');
      await expect.poll(() => dock.getAttribute('data-phase'), { timeout: 10_000, interval: 50 }).toBe('countIn');
      await expect.poll(() => dock.getAttribute('data-phase'), { timeout: 10_000 }).toBe('recording');
      await page.waitForTimeout(1500);
      await page.evaluate(() => {
        const streams = (window as unknown as { micStreams?: MediaStream[] }).micStreams ?? [];
        streams.at(-1)?.getAudioTracks()[0]?.dispatchEvent(new Event('ended'));
      });
      await expect.poll(() => dock.getByTestId('record-error').textContent(), { timeout: 10_000 }).toBe(MIC_SENTENCES.unplugged);
      await expect.poll(() => page.getByTestId('take').count(), { timeout: 15_000 }).toBe(1);
      const { takes } = await takesOf(room.id, room.links.editor, 'Bass line');
      // Count-in (one bar, 2 s) plus ~1.5 s of bar 1 were kept, placed on the start.
      expect(takes[0]).toMatchObject({ players: ['Ben'], placement: { bar: 1, beat: 1 } });
      expect(takes[0]!.durationSeconds).toBeGreaterThan(2.5);
      expect(takes[0]!.placement!.fileSeconds).toBeGreaterThan(1.5);
    });
  });
});
