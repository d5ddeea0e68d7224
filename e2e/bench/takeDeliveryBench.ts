/**
 * Take delivery benchmark (not a test): `pnpm --filter @riffboard/e2e bench`, after a client
 * build. `BENCH_QUICK=1` runs one take instead of three.
 *
 * From "stop" to the take being playable in another browser, for a 1-minute take. Ana records in
 * a Chromium whose microphone is a WAV of clicks (the fake capture device): "Record take" on an
 * idea counts in on the shared transport and records; after 60 s she presses "Stop recording".
 * Ben, in another browser with the idea open, waits for the take to appear in his takes list with
 * its waveform, chooses "Hear on the bar" and waits until the take is downloaded and decoded in his
 * browser, ready to play with the click. Reported from the moment Ana presses Stop:
 * 1. saved: Ana's dock says the take is saved (the recorder's tail, encode, upload, add the take);
 * 2. listed: the take and its waveform show in Ben's list (the doc update reached him);
 * 3. playable: Ben's copy of the file is decoded and the take can play on the bar.
 * And the stored file's size. On loopback, on this machine's shared cores.
 */
import type { Browser, Page } from 'playwright-core';
import { createRoom, launchChromium } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { contextSampleRate, launchWithMic, makeSong, openNewIdea, writeClickTrack } from '../support/recording.ts';
import { until } from '../support/waiting.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const TRIALS = QUICK ? 1 : 3;
const TAKE_S = 60;
const BPM = 120;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

async function openIdea(page: Page, title: string): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page
    .getByTestId('idea-card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .click();
  await page.getByTestId('takes').waitFor();
}

interface Trial {
  readonly savedMs: number;
  readonly listedMs: number;
  readonly playableMs: number;
  readonly bytes: number;
}

async function trial(serverUrl: string, plain: Browser, wavFile: string, n: number): Promise<Trial> {
  const mic = await launchWithMic({ wavFile, grant: true, device: true });
  try {
    const room = await createRoom(serverUrl, `Take delivery ${n}`);
    const url = `${serverUrl}${room.links.editor}`;
    const ana = await RoomActor.join(mic, url, 'Ana');
    const ben = await RoomActor.join(plain, url, 'Ben');
    const title = 'One-minute take';
    // A song longer than the take, so nothing but Stop ends it.
    await makeSong(ana.page, 40, BPM);
    await until('Ana’s clock is in sync', async () =>
      /in sync ±\d/.test((await ana.page.getByTestId('clock-sync').textContent()) ?? '') ? true : undefined,
    );
    await openNewIdea(ana.page, title);
    await openIdea(ben.page, title);

    await ana.page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
    const dock = ana.page.getByTestId('record-dock');
    await until('Ana is recording', async () => ((await dock.getAttribute('data-phase')) === 'recording' ? true : undefined), 20_000);
    await ana.page.waitForTimeout(TAKE_S * 1000);

    const benTake = ben.page.getByTestId('take');
    const stopAt = Date.now();
    await dock.getByRole('button', { name: 'Stop recording' }).click();
    const [savedAt, listed] = await Promise.all([
      until('Ana’s take is saved', async () => (/Take saved/.test((await dock.textContent()) ?? '') ? Date.now() : undefined), 60_000, 20),
      until(
        'Ben sees the take with its waveform',
        async () => {
          if ((await benTake.count()) !== 1) return undefined;
          const levels = Number(await benTake.getByTestId('take-waveform').getAttribute('data-levels', { timeout: 100 }));
          return levels > 0 ? Date.now() : undefined;
        },
        60_000,
        20,
      ),
    ]);
    await benTake.getByRole('button', { name: 'Hear on the bar' }).click();
    const playableAt = await until(
      'Ben’s copy is decoded',
      async () => ((await benTake.getAttribute('data-audio-state')) === 'ready' ? Date.now() : undefined),
      60_000,
      20,
    );
    const bytes = Number(
      await benTake.evaluate((li) => {
        const src = li.querySelector('audio')?.getAttribute('src');
        return src ? fetch(src).then(async (r) => (await r.arrayBuffer()).byteLength) : 0;
      }),
    );
    await ana.leave();
    await ben.leave();
    return { savedMs: savedAt - stopAt, listedMs: listed - stopAt, playableMs: playableAt - stopAt, bytes };
  } finally {
    await mic.close();
  }
}

async function main(): Promise<void> {
  const server = await startServer();
  const plain = await launchChromium();
  // The microphone's file: clicks on the beat, longer than the take and its count-in.
  const wavFile = writeClickTrack(TAKE_S + 20, 60 / BPM, 0.25, await contextSampleRate());
  try {
    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const t = await trial(server.url, plain, wavFile, i + 1);
      trials.push(t);
      console.info(
        `take ${i + 1}: stop → saved ${t.savedMs} ms, → listed in the other browser ${t.listedMs} ms, → playable on the bar there ${t.playableMs} ms; stored ${(t.bytes / 1e6).toFixed(2)} MB`,
      );
    }
    const f = (k: keyof Trial): string =>
      `median ${median(trials.map((t) => t[k])).toFixed(0)} ms, max ${Math.max(...trials.map((t) => t[k])).toFixed(0)} ms`;
    console.info(
      `1-minute take, stop → playable in another browser (n=${trials.length}): ${f('playableMs')} (saved: ${f('savedMs')}; listed: ${f('listedMs')}); ` +
        `upload ${(median(trials.map((t) => t.bytes)) / 1e6).toFixed(2)} MB per minute`,
    );
  } finally {
    await plain.close();
    await server.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
