/**
 * Reference streaming benchmark (not a test): `pnpm --filter @riffboard/e2e bench`, after a
 * client build. `BENCH_QUICK=1` runs fewer trials.
 *
 * A 10-minute, 98 MB WAV is uploaded through the browser UI (decode, upload with progress, peaks).
 * A second person, on a network throttled to 50 Mbit/s with 20 ms latency (Chromium's own
 * emulation, cache disabled), then measures:
 * 1. time to first audio: press Play at a position nobody has heard yet → the output meter shows
 *    sound; and how many bytes of the file arrived by then;
 * 2. the peer — what the player did before streaming, download the whole file and decode it
 *    (`fetch` + `decodeAudioData` in the same page, same throttle): no sound can start sooner;
 * 3. listen together: from "Play for everyone" in one browser to sound in the other (includes the
 *    400 ms lead every shared start has), and to the hand-over to the decoded, sample-exact buffer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { createRoom, launchChromium } from '../support/browser.ts';
import { writeSineWavFile } from '../support/media.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { startServer } from '../support/server.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = 600;
const RATE = 41_000; // stereo 16-bit: ten minutes just under the 100 MiB audio limit
const MBIT = 50;
const LATENCY_MS = 20;
/** Start positions (fraction of the file) for the streaming trials: each one not yet buffered. */
const POSITIONS = QUICK ? [0.1, 0.55, 0.9] : [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];
const PEER_TRIALS = QUICK ? 1 : 2;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mb = (x: number): string => `${(x / 1e6).toFixed(2)} MB`;

/** Counts the bytes of the audio file (not its peaks) that reach the page. */
async function byteCounter(page: Page): Promise<{ cdp: CDPSession; received: () => number; url: () => string | undefined }> {
  const cdp = await page.context().newCDPSession(page);
  const audio = new Set<string>();
  let received = 0;
  let url: string | undefined;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/\/assets\/[0-9a-f]{64}\?/.test(e.request.url)) {
      audio.add(e.requestId);
      url = e.request.url;
    }
  });
  cdp.on('Network.dataReceived', (e) => {
    if (audio.has(e.requestId)) received += e.dataLength;
  });
  await cdp.send('Network.enable');
  return { cdp, received: () => received, url: () => url };
}

/** Presses Play in the page and resolves with the ms until the output meter shows sound. */
function playUntilSound(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const meter = document.querySelector<HTMLElement>('[data-testid="output-meter"]');
        const play = document.querySelector<HTMLElement>('[data-testid="play"]');
        if (!meter || !play) return reject(new Error('no player'));
        const t0 = performance.now();
        play.click();
        const tick = (): void => {
          const v = meter.dataset.level;
          if (v && v !== '-inf' && Number(v) > -50) resolve(performance.now() - t0);
          else if (performance.now() - t0 > 60_000) reject(new Error('no sound within 60 s'));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/** The playhead's position (s), the page's wall-clock time it was drawn for, and the sound's source. */
async function playhead(page: Page): Promise<{ seconds: number; at: number; source: string | null }> {
  const ph = await page
    .getByTestId('playhead')
    .evaluate((el) => ({ seconds: Number(el.getAttribute('data-seconds')), at: Number(el.getAttribute('data-at')) }));
  return { ...ph, source: await page.getByTestId('output-meter').getAttribute('data-source') };
}

async function seekTo(page: Page, fraction: number): Promise<void> {
  const box = await page.getByTestId('waveform').boundingBox();
  if (!box) throw new Error('no waveform');
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'riffboard-stream-bench-'));
  const file = join(dir, 'ten-minute-mix.wav');
  const size = writeSineWavFile(file, SECONDS, RATE, 2);
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const room = await createRoom(server.url, 'Streaming bench');
    const ana = await RoomActor.join(browser, `${server.url}${room.links.editor}`, 'Ana');
    const ben = await RoomActor.join(browser, `${server.url}${room.links.editor}`, 'Ben');
    for (const p of [ana.page, ben.page]) {
      // tsx (esbuild keepNames) wraps named functions in page.evaluate bodies with `__name`.
      await p.evaluate('window.__name = (f) => f;');
      await openReferences(p);
    }

    // Upload through the UI, as a person would (decode in the browser, upload, peaks).
    const t0 = Date.now();
    await ana.page.getByTestId('reference-file-input').setInputFiles(file);
    await ana.page.getByTestId('reference-detail').filter({ hasText: '10:00' }).waitFor({ timeout: 180_000 });
    await ana.page.getByTestId('waveform').waitFor({ timeout: 60_000 });
    const uploadS = (Date.now() - t0) / 1000;
    console.info(
      `browser upload of a ${mb(size)} 10-minute WAV (decode + upload + peaks, loopback): ${uploadS.toFixed(1)} s (${(size / 1e6 / uploadS).toFixed(0)} MB/s overall)`,
    );

    const bytes = await byteCounter(ben.page);
    await bytes.cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await bytes.cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: (MBIT * 1e6) / 8,
      uploadThroughput: (MBIT * 1e6) / 8,
    });
    await ben.page.getByTestId('reference-row').filter({ hasText: 'ten-minute-mix' }).click();
    await ben.page.getByTestId('waveform').waitFor({ timeout: 30_000 });

    // 1. Streaming: time to first audio at positions not yet heard.
    const firsts: number[] = [];
    const bytesBy: number[] = [];
    for (const f of POSITIONS) {
      await seekTo(ben.page, f);
      const before = bytes.received();
      firsts.push(await playUntilSound(ben.page));
      bytesBy.push(bytes.received() - before);
      await ben.page.waitForTimeout(300);
      await ben.page.getByTestId('play').click(); // pause
    }
    console.info(
      `time to first audio, streaming (${MBIT} Mbit/s, ${LATENCY_MS} ms): median ${ms(median(firsts))}, max ${ms(Math.max(...firsts))} (n=${firsts.length}: ${firsts.map((x) => x.toFixed(0)).join(', ')} ms); bytes received by then: median ${mb(median(bytesBy))}`,
    );

    // 2. The peer: download the whole file, then decode it.
    const url = bytes.url();
    if (!url) throw new Error('no audio request seen');
    const peer: { download: number; total: number }[] = [];
    for (let i = 0; i < PEER_TRIALS; i++) {
      peer.push(
        await ben.page.evaluate(async (u) => {
          const start = performance.now();
          const res = await fetch(u, { cache: 'no-store' });
          const data = await res.arrayBuffer();
          const download = performance.now() - start;
          await new OfflineAudioContext(1, 1, 44_100).decodeAudioData(data);
          return { download, total: performance.now() - start };
        }, url),
      );
    }
    const peerTotal = median(peer.map((p) => p.total));
    console.info(
      `time to first audio, download-and-decode peer (same page, same throttle): median ≥ ${ms(peerTotal)} (download ${ms(median(peer.map((p) => p.download)))}, n=${peer.length})`,
    );
    console.info(`ratio: streaming starts ${(peerTotal / median(firsts)).toFixed(0)}× sooner than the peer`);

    // 3. Listen together from a position Ben has not buffered.
    await seekTo(ana.page, 0.42);
    const watch = ben.page.evaluate(
      () =>
        new Promise<{ sound: number; buffer: number }>((resolve, reject) => {
          const meter = document.querySelector<HTMLElement>('[data-testid="output-meter"]');
          if (!meter) return reject(new Error('no meter'));
          let sound = 0;
          const t0 = performance.now();
          const tick = (): void => {
            const v = meter.dataset.level;
            if (!sound && v && v !== '-inf' && Number(v) > -50) sound = performance.timeOrigin + performance.now();
            if (sound && meter.dataset.source === 'buffer') resolve({ sound, buffer: performance.timeOrigin + performance.now() });
            else if (performance.now() - t0 > 120_000) reject(new Error('no hand-over within 120 s'));
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );
    const pressed = await ana.page.evaluate(() => {
      document.querySelector<HTMLElement>('[data-testid="listen-together"]')?.click();
      return performance.timeOrigin + performance.now();
    });
    // Until the hand-over, Ben is on the stream held in step by rate nudges; Ana plays her decoded
    // buffer (sample-exact). Both pages share this machine's clock: correct for when each was read.
    await ana.page.waitForTimeout(2000);
    const streamDiffs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [a, b] = await Promise.all([playhead(ana.page), playhead(ben.page)]);
      if (b.source === 'stream') streamDiffs.push(Math.abs(a.seconds - (a.at - b.at) / 1000 - b.seconds) * 1000);
      await ana.page.waitForTimeout(300);
    }
    const shared = await watch;
    const afterDiffs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([playhead(ana.page), playhead(ben.page)]);
      afterDiffs.push(Math.abs(a.seconds - (a.at - b.at) / 1000 - b.seconds) * 1000);
      await ana.page.waitForTimeout(200);
    }
    console.info(
      `listen together, playhead difference while streaming: median ${ms(median(streamDiffs))}, max ${ms(Math.max(...streamDiffs))} (n=${streamDiffs.length}); after the hand-over: median ${median(afterDiffs).toFixed(1)} ms (n=${afterDiffs.length})`,
    );
    console.info(
      `listen together from an unheard position: sound in the other browser ${ms(shared.sound - pressed)} after the press (a shared start is placed 400 ms ahead); sample-exact buffer took over after ${(
        (shared.buffer - pressed) /
        1000
      ).toFixed(1)} s`,
    );
    await ana.page.getByTestId('listen-together').click();
    await ana.leave();
    await ben.leave();
  } finally {
    await browser.close();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
