/**
 * Recording benchmark (not a test): `pnpm --filter @riffboard/e2e bench`, after a client build.
 *
 * Alignment of recorded takes against the bar grid, as `tests/recording.test.ts` measures one take:
 * a Chromium whose microphone is a WAV of clicks on a 120 BPM grid (at the context's own sample
 * rate), a one-bar section looping for everyone, then {@link TAKES} takes recorded into the running
 * playback through the UI (each punches in on the next bar and out at the loop's end), each between
 * two loopback calibrations. Every stored file is downloaded and decoded, its clicks found, and each
 * click placed on the song through the take's stored placement; the figure is how far each sits from
 * the nearest beat (median and max over every click of the takes whose two calibrations agree within
 * 0.5 ms; the others are listed with how far Chromium's capture buffer moved the fake microphone
 * under them). Also the lossless upload size per minute of audio.
 */
import { createRoom, tokenOf } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { RoomActor } from '../support/RoomActor.ts';
import {
  alignment,
  calibrate,
  contextSampleRate,
  launchWithMic,
  losslessTakes,
  makeSong,
  openNewIdea,
  takesOf,
  writeClickTrack,
} from '../support/recording.ts';
import { until } from '../support/waiting.ts';

const TAKES = process.env.BENCH_QUICK === '1' ? 5 : 20;
const BPM = 120;
const BEAT_S = 60 / BPM;
const STEADY_MS = 0.5;

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const server = await startServer();
  const wavFile = writeClickTrack(TAKES * 16 + 60, BEAT_S, 0.25, await contextSampleRate());
  const browser = await launchWithMic({ wavFile, grant: true, device: true });
  try {
    const room = await createRoom(server.url, 'Recording bench');
    // Stored lossless, so the file's samples are read in Node exactly as captured.
    const ana = await RoomActor.join(browser, `${server.url}${room.links.editor}`, 'Ana', { prepare: losslessTakes });
    const page = ana.page;
    await makeSong(page, 1, BPM);
    await until(
      'the clock in sync',
      async () => ((await page.getByTestId('clock-sync').textContent())?.includes('in sync') ? true : undefined),
      20_000,
    );
    await page.locator('.rb-tempo-block').first().click();
    await page.getByRole('button', { name: /Loop/ }).click();
    await page.getByRole('button', { name: /Play for everyone/ }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const dock = page.getByTestId('record-dock');
    await openNewIdea(page, 'Bench riff');
    const record = page.getByTestId('takes').getByRole('button', { name: 'Record take' });
    const started = performance.now();
    // Each take between two calibrations; a take they disagree around had the fake device's buffer jump under it.
    const bracket: { before: number; after: number }[] = [];
    let after = await calibrate(dock);
    for (let i = 1; i <= TAKES; i++) {
      const before = after;
      await record.click();
      await until(`take ${i} saved`, async () => ((await page.getByTestId('take').count()) === i ? true : undefined), 30_000);
      after = await calibrate(dock);
      bracket.push({ before, after });
    }
    const seconds = (performance.now() - started) / 1000;
    const { takes, tl } = await takesOf(server.url, room.id, room.links.editor, 'Bench riff');
    const token = tokenOf(room.links.editor);
    const steadyErrors: number[] = [];
    const perTake: string[] = [];
    let bytes = 0;
    let audioSeconds = 0;
    for (const [i, take] of [...takes].reverse().entries()) {
      const errors = (await alignment(server.url, take, tl, token, BEAT_S)).map(Math.abs);
      const moved = bracket[i]!.after - bracket[i]!.before;
      if (Math.abs(moved) <= STEADY_MS) steadyErrors.push(...errors);
      perTake.push(`${Math.max(...errors).toFixed(2)}${Math.abs(moved) <= STEADY_MS ? '' : ` (input moved ${moved.toFixed(1)})`}`);
      bytes += take.audio?.size ?? 0;
      audioSeconds += take.durationSeconds ?? 0;
    }
    const steadyTakes = bracket.filter((b) => Math.abs(b.after - b.before) <= STEADY_MS).length;
    console.log(`recording: ${takes.length} takes in ${seconds.toFixed(0)} s, each between two calibrations`);
    console.log(
      `  alignment of recorded clicks to the bar grid (${steadyTakes} takes the calibrations agree around): median ${quantile(steadyErrors, 0.5).toFixed(3)} ms, max ${Math.max(...steadyErrors).toFixed(3)} ms over ${steadyErrors.length} clicks`,
    );
    console.log(`  worst click per take (ms): ${perTake.join(', ')}`);
    console.log(`  lossless upload (32-bit float WAV, mono): ${(((bytes / audioSeconds) * 60) / 1e6).toFixed(1)} MB per minute of audio`);
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
