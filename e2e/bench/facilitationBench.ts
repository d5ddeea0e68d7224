/**
 * Facilitation benchmark (not a test): `pnpm --filter @riffboard/e2e bench`, after a client build.
 *
 * 1. Countdown agreement: a facilitator and two participants in three browser contexts, one of
 *    them joining after the start; 20 checks a second apart, each reading every page's displayed
 *    time left in one page turn and moving it to a common instant with the time the page computed
 *    it (all contexts share this machine's clock). Reports the spread (max − min), median and max.
 *    Aim: ≤ 50 ms.
 *    Also: how long after a late joiner's board shows its top bar shows the time (it says
 *    "syncing clock…" until its clock estimate may time the countdown, F12), over the late joins.
 * 2. End on the bar: the end chime and the metronome rendered offline through the client's code for
 *    a map with a tempo change, a ramp and meter changes, at 20 nominal ends; the offset between
 *    the chime's onset and its downbeat's onset, in samples at 48 kHz. Aim: 0.
 */
import { createRoom, launchChromium } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { addAgendaItem, openAgenda, readTopBarTimer, spreadMs, type TimerReading } from '../support/facilitation.ts';
import { END_ON_BAR_MAP, loadOfflineCue, measureEndOnBar } from '../support/endOnBarRender.ts';
import { buildTimeline } from '@riffboard/shared';

const QUICK = process.env.BENCH_QUICK === '1';
const CHECKS = QUICK ? 5 : 20;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const room = await createRoom(server.url, 'Bench sprint');
    const fay = await RoomActor.join(browser, `${server.url}${room.links.facilitator}`, 'Fay');
    const ana = await RoomActor.join(browser, `${server.url}${room.links.editor}`, 'Ana');
    await openAgenda(fay.page);
    await addAgendaItem(fay.page, 'Bench timebox', 30);
    await fay.page.getByRole('button', { name: 'Start' }).click();
    // Late joiners: time from the board showing to the top bar showing the time.
    const shownAfter: number[] = [];
    const lateJoin = async (name: string): Promise<RoomActor> => {
      const actor = await RoomActor.join(browser, `${server.url}${room.links.editor}`, name);
      const boardAt = Date.now();
      while ((await readTopBarTimer(actor.page))?.state !== 'running') await new Promise((r) => setTimeout(r, 20));
      shownAfter.push(Date.now() - boardAt);
      return actor;
    };
    for (let i = 0; i < (QUICK ? 2 : 5); i++) await (await lateJoin(`Visitor ${i + 1}`)).leave();
    const ben = await lateJoin('Ben');
    const actors = [fay, ana, ben];
    const spreads: number[] = [];
    for (let i = 0; i < CHECKS; i++) {
      const rs = (await Promise.all(actors.map((a) => readTopBarTimer(a.page)))) as TimerReading[];
      spreads.push(spreadMs(rs));
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`\nCountdown agreement, three contexts (one late joiner), ${CHECKS} checks (spread of displayed time left):`);
    console.log(`median ${median(spreads).toFixed(2)} ms, max ${Math.max(...spreads).toFixed(2)} ms; aim ≤ 50 ms`);
    console.log(
      `late joiner's top bar shows the time ${median(shownAfter).toFixed(0)} ms (median; max ${Math.max(...shownAfter).toFixed(0)} ms) after its board, over ${shownAfter.length} joins; aim ≤ 1000 ms`,
    );
    for (const a of actors) await a.leave();

    const page = await browser.newPage();
    await loadOfflineCue(page);
    const total = buildTimeline(END_ON_BAR_MAP).totalSeconds;
    const offsets: number[] = [];
    const modelOffsets: number[] = [];
    for (let i = 0; i < CHECKS; i++) {
      // Nominal ends spread over the song up to its last bar, off the bar lines.
      const m = await measureEndOnBar(page, 0.37 + ((total - 2.5) * i) / CHECKS);
      offsets.push(Math.abs(m.offsetSamples));
      modelOffsets.push(Math.abs(m.modelOffsetSamples));
    }
    console.log(`\nEnd on the bar, offline render at 48 kHz, ${CHECKS} nominal ends (|chime onset − metronome downbeat onset|):`);
    console.log(
      `median ${median(offsets)} samples, max ${Math.max(...offsets)} samples (vs the model's bar line: max ${Math.max(...modelOffsets).toFixed(2)} samples); aim 0`,
    );
    await page.close();
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
