/**
 * MIDI clock out in real Chromium against the real server (transport SPEC MC1–MC7). Web MIDI has
 * no ports here, so the page gets a fake MIDI output before it loads: `navigator.requestMIDIAccess`
 * returns one output that records every `send(data, timestamp)`. A person switches MIDI clock on
 * in the tempo panel, picks that output and presses Play for everyone over a song with a tempo
 * jump, a ramp that starts mid-bar and a meter change; then Stop.
 *
 * The model is the tempo timeline read from the room's doc by a separate Node peer. A message's
 * timestamp (this page's `performance.now()` time) goes to server time through the page's own
 * server-clock estimate (its offset, shown on the clock-sync dot), so the check is on the
 * schedule and its mapping; how far that estimate is from this machine's clock is printed too
 * (the transport test bounds it, C9).
 */
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  PPQ,
  TICKS_PER_CLOCK,
  buildTimeline,
  readTempoMap,
  readTransport,
  replaceTempoMap,
  writeLoop,
  ticks,
  ticksToSeconds,
  type TempoMapData,
} from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { connectDoc } from '../support/docClient.ts';
import { openTempo } from '../support/waiting.ts';

const chromium = chromiumPerFile();
const baseUrl = inject('baseUrl');

/** 2 bars of 4/4 at 150, a ramp 150 → 220 from bar 2 beat 3 to bar 4, then 7/8 at 220. About 6 s. */
const MAP: TempoMapData = {
  sections: [
    { id: 'a', name: 'Groove', bars: 4 },
    { id: 'b', name: 'Odd', bars: 3 },
  ],
  points: [
    { id: 'p1', bar: 1, beat: 1, tick: 0, bpm: 150, shape: 'jump' },
    { id: 'p2', bar: 2, beat: 3, tick: 0, bpm: 150, shape: 'ramp' },
    { id: 'p3', bar: 4, beat: 1, tick: 0, bpm: 220, shape: 'jump' },
  ],
  meters: [
    { id: 'm1', bar: 1, numerator: 4, denominator: 4 },
    { id: 'm2', bar: 5, numerator: 7, denominator: 8 },
  ],
};

interface Sent {
  readonly data: number[];
  readonly ts: number;
  readonly at: number;
  /** The page's server → performance mapping when it sent this (server − performance ms). */
  readonly offsetMs: number;
}

/** A MIDI access with one output that records what it is sent (installed before the app loads). */
async function fakeMidi(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const sent: { data: number[]; ts: number; at: number; offsetMs: number }[] = [];
    const mapping = (): number =>
      (window as unknown as { riffboardMidiClock?: { offsetMs(): number | undefined } }).riffboardMidiClock?.offsetMs() ?? NaN;
    const output = {
      id: 'fake-out-1',
      name: 'Test MIDI Out',
      type: 'output',
      send(data: number[] | Uint8Array, ts?: number) {
        const at = performance.now();
        sent.push({ data: Array.from(data), ts: ts ?? at, at, offsetMs: mapping() });
      },
    };
    (window as unknown as { midiSent: typeof sent }).midiSent = sent;
    Object.defineProperty(navigator, 'requestMIDIAccess', {
      configurable: true,
      value: async () => ({ outputs: new Map([[output.id, output]]), inputs: new Map(), onstatechange: null, sysexEnabled: false }),
    });
  });
}

async function noWebMidi(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Object.defineProperty(navigator, 'requestMIDIAccess', { configurable: true, value: undefined });
  });
}

const sentSoFar = (page: Page): Promise<Sent[]> => page.evaluate(() => (window as unknown as { midiSent: Sent[] }).midiSent.slice());

describe('MIDI clock out (injected Web MIDI output)', () => {
  it('MC1/MC2/MC5/MC7 Start on the downbeat, every clock within 1 ms of the tempo model across a ramp and a meter change, Stop when stopped', async () => {
    const room = await createRoom(baseUrl, 'MIDI clock');
    const peer = await connectDoc(baseUrl, room.id, room.links.editor);
    replaceTempoMap(peer.doc, MAP, 'local');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana', { prepare: fakeMidi });
    await openTempo(ana.page);
    await ana.page.getByRole('checkbox', { name: 'MIDI clock out' }).check();
    await ana.page.getByRole('combobox', { name: 'MIDI output' }).selectOption({ label: 'Test MIDI Out' });
    await ana.page.locator('.rb-sidepanel').screenshot({ path: new URL('../screenshots/midi-clock.png', import.meta.url).pathname });
    await expect.poll(() => ana.page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync/);

    await ana.page.getByRole('button', { name: /Play for everyone/ }).click();
    const tl = buildTimeline(readTempoMap(peer.doc));
    // Wait for the song to play to its end (the schedule sends Stop there), then press Stop anyway.
    await expect.poll(async () => readTransport(peer.doc).playback.playing, { timeout: 5000 }).toBe(true);
    const playback = readTransport(peer.doc).playback;
    const endMs = playback.startServerMs + tl.totalSeconds * 1000;
    await expect
      .poll(async () => ana.page.evaluate(() => performance.timeOrigin + performance.now()), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(endMs + 300);
    await ana.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(async () => readTransport(peer.doc).playback.playing).toBe(false);
    await ana.page.waitForTimeout(300);

    const sent = await sentSoFar(ana.page);
    const timeOrigin = await ana.page.evaluate(() => performance.timeOrigin);
    // Each message on the server's axis through the mapping the page sent it with.
    const toServer = (m: Sent): number => m.ts + m.offsetMs;

    // Start on the downbeat: its timestamp is the scheduled downbeat (bar 1 sounds at startServerMs).
    const startIdx = sent.findIndex((m) => m.data[0] === 0xfa);
    expect(startIdx).toBeGreaterThanOrEqual(0);
    const start = sent[startIdx]!;
    const startErr = toServer(start) - playback.startServerMs;
    expect(Math.abs(startErr)).toBeLessThanOrEqual(1);
    expect(sent.slice(0, startIdx).every((m) => m.data[0] !== 0xf8)).toBe(true); // nothing clocks before the Start (no count-in clocks)

    // Every clock after the Start, counted as a receiver does (24 per quarter from bar 1), sits within
    // 1 ms of the tempo model's time for its position, through the ramp and the 7/8 bars.
    const clocks = sent.slice(startIdx + 1).filter((m) => m.data[0] === 0xf8);
    const expectedCount = tl.totalTicks / TICKS_PER_CLOCK;
    // How far ahead messages were handed over: under 0 means the page stalled longer than the look-ahead.
    const lead = sent.filter((m) => m.data[0] === 0xf8).map((m) => m.ts - m.at);
    const leadText = `handed over ${Math.min(...lead).toFixed(1)}–${Math.max(...lead).toFixed(1)} ms ahead`;
    expect(clocks.length, leadText).toBe(expectedCount);
    const errors = clocks.map((c, n) => toServer(c) - (playback.startServerMs + ticksToSeconds(tl, ticks(n * TICKS_PER_CLOCK)) * 1000));
    const worst = Math.max(...errors.map(Math.abs));
    for (let i = 1; i < clocks.length; i++) expect(clocks[i]!.ts).toBeGreaterThan(clocks[i - 1]!.ts);
    expect(worst, leadText).toBeLessThanOrEqual(1);
    // In the ramp (bar 2 beat 3 to bar 4) the pulses speed up: the last gap is shorter than the first.
    const rampFrom = (1 * 4 + 2) * PPQ;
    const rampTo = 3 * 4 * PPQ;
    const gap = (n: number): number => clocks[n + 1]!.ts - clocks[n]!.ts;
    expect(gap(rampTo / TICKS_PER_CLOCK - 2)).toBeLessThan(gap(rampFrom / TICKS_PER_CLOCK) - 0.5);

    // The song's end sends Stop at the end; pressing Stop (after it) sends nothing the receiver could mistake.
    const stops = sent.filter((m) => m.data[0] === 0xfc);
    expect(stops.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(toServer(stops[0]!) - endMs)).toBeLessThanOrEqual(1);
    const wall = Math.max(
      ...clocks.map((c, n) =>
        Math.abs(timeOrigin + c.ts - (playback.startServerMs + ticksToSeconds(tl, ticks(n * TICKS_PER_CLOCK)) * 1000)),
      ),
    );
    console.info(
      `MIDI clock: ${clocks.length} clocks, worst error vs tempo model ${worst.toFixed(3)} ms (through the page's server-clock estimate); ` +
        `Start ${startErr.toFixed(3)} ms; on this machine's own clock (estimate error included) worst ${wall.toFixed(2)} ms; ` +
        leadText,
    );
    peer.close();
  });

  it('MC5/MC7 pressing Stop mid-song sends Stop at once (muting my click doesn’t); playing from bar 3 sends SPP before the count-in and Continue on the start', async () => {
    const room = await createRoom(baseUrl, 'MIDI stop');
    const peer = await connectDoc(baseUrl, room.id, room.links.editor);
    replaceTempoMap(peer.doc, MAP, 'local');
    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ben', { prepare: fakeMidi });
    await openTempo(ben.page);
    await ben.page.getByRole('checkbox', { name: 'MIDI clock out' }).check();
    await ben.page.getByRole('combobox', { name: 'MIDI output' }).selectOption({ label: 'Test MIDI Out' });
    await expect.poll(() => ben.page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync/);
    // Seek to bar 3 by clicking the ruler is layout-dependent: set the resting playhead through the doc instead.
    peer.doc.getMap('transport').set('playback', { playing: false, fromTicks: 2 * 4 * PPQ, startServerMs: 0, countInBars: 0 });
    await expect.poll(async () => (await ben.page.getByTestId('transport-position').getAttribute('data-bar')) ?? '').toBe('3');

    await ben.page.getByRole('button', { name: /Play for everyone/ }).click();
    await expect.poll(async () => readTransport(peer.doc).playback.playing).toBe(true);
    const playback = readTransport(peer.doc).playback;
    await expect
      .poll(async () => ben.page.evaluate(() => performance.timeOrigin + performance.now()), { timeout: 10_000, interval: 100 })
      .toBeGreaterThan(playback.startServerMs + 700);
    // Muting my own click changes nothing the receiver hears: no Stop, no new position.
    await ben.page.getByRole('checkbox', { name: 'Mute for me' }).check();
    await ben.page.waitForTimeout(200);
    const beforeStop = await ben.page.evaluate(() => performance.now());
    await ben.page.getByRole('button', { name: 'Stop', exact: true }).click();
    const stoppedAt = await ben.page.evaluate(() => performance.now());
    await ben.page.waitForTimeout(300);
    const sent = await sentSoFar(ben.page);

    const spp = sent.findIndex((m) => m.data[0] === 0xf2);
    const cont = sent.findIndex((m) => m.data[0] === 0xfb);
    expect(spp).toBeGreaterThanOrEqual(0);
    expect(sent[spp]!.data).toEqual([0xf2, 32, 0]); // bar 3 = 32 sixteenths
    expect(cont).toBeGreaterThan(spp);
    expect(sent.some((m) => m.data[0] === 0xfa)).toBe(false);
    expect(Math.abs(sent[cont]!.ts + sent[cont]!.offsetMs - playback.startServerMs)).toBeLessThanOrEqual(1);
    expect(sent[spp]!.ts).toBeLessThan(sent[cont]!.ts - 50);
    expect(sent.filter((m) => m.data[0] === 0xf2).length).toBe(1);
    expect(sent.filter((m) => m.data[0] === 0xfc && m.at < beforeStop)).toEqual([]);
    const stop = sent.find((m) => m.data[0] === 0xfc);
    expect(stop).toBeDefined();
    // Sent within the click (this page's own write reaches its doc at once), with no future timestamp.
    expect(stop!.at).toBeGreaterThanOrEqual(beforeStop);
    expect(stop!.at).toBeLessThanOrEqual(stoppedAt);
    expect(stop!.ts).toBeLessThanOrEqual(stop!.at + 0.5);
    peer.close();
  });

  it('MC7 a browser without Web MIDI says so in a sentence', async () => {
    const room = await createRoom(baseUrl, 'No MIDI');
    const cam = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Cam', { prepare: noWebMidi });
    await openTempo(cam.page);
    await cam.page.getByRole('checkbox', { name: 'MIDI clock out' }).check();
    await expect.poll(() => cam.page.getByTestId('midi-clock-note').textContent()).toContain('This browser can’t send MIDI (no Web MIDI)');
    await cam.page
      .locator('.rb-tempo-midi')
      .screenshot({ path: new URL('../screenshots/midi-clock-unsupported.png', import.meta.url).pathname });
  });

  it('MC4/MC7 a loop wrap sends Stop, SPP (loop start), Continue and the loop start’s clock on the wrap’s time; a receiver counting them stays within 1 ms of the model', async () => {
    const room = await createRoom(baseUrl, 'MIDI loop');
    const peer = await connectDoc(baseUrl, room.id, room.links.editor);
    replaceTempoMap(peer.doc, MAP, 'local');
    writeLoop(peer.doc, { startBar: 2, endBar: 4 }, 'local'); // the loop holds the ramp
    const dan = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Dan', { prepare: fakeMidi });
    await openTempo(dan.page);
    await dan.page.getByRole('checkbox', { name: 'MIDI clock out' }).check();
    await dan.page.getByRole('combobox', { name: 'MIDI output' }).selectOption({ label: 'Test MIDI Out' });
    await expect.poll(() => dan.page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync/);
    await dan.page.getByRole('button', { name: /Play for everyone/ }).click();
    await expect.poll(async () => readTransport(peer.doc).playback.playing).toBe(true);
    const playback = readTransport(peer.doc).playback;
    const tl = buildTimeline(readTempoMap(peer.doc));
    const loopStart = 4 * PPQ;
    const loopEnd = 3 * 4 * PPQ;
    const at = (t: number): number => ticksToSeconds(tl, ticks(t)) * 1000;
    const firstWrap = playback.startServerMs + at(loopEnd);
    const passMs = at(loopEnd) - at(loopStart);
    await expect
      .poll(async () => dan.page.evaluate(() => performance.timeOrigin + performance.now()), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(firstWrap + 2 * passMs + 300);
    await dan.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await dan.page.waitForTimeout(300);
    const sent = await sentSoFar(dan.page);
    const toServer = (m: Sent): number => m.ts + m.offsetMs;

    for (let k = 0; k < 2; k++) {
      const wrap = firstWrap + k * passMs;
      const i = sent.findIndex((m) => m.data[0] === 0xfc && Math.abs(toServer(m) - wrap) <= 1);
      expect(i).toBeGreaterThan(0);
      expect(sent.slice(i, i + 4).map((m) => m.data)).toEqual([[0xfc], [0xf2, 16, 0], [0xfb], [0xf8]]); // bar 2 = 16 sixteenths
      for (const m of sent.slice(i, i + 4)) expect(Math.abs(toServer(m) - wrap)).toBeLessThanOrEqual(1);
    }
    // A model receiver: Start → position 0, SPP → its position (the k-th SPP is wrap k), each clock
    // while running → +20 ticks. Every clock it counts is within 1 ms of the model for its position.
    let running = false;
    let pos = 0;
    let pass = -1;
    let worst = 0;
    let counted = 0;
    for (const m of sent) {
      const b = m.data[0];
      if (b === 0xfa) [running, pos] = [true, 0];
      else if (b === 0xf2) [pos, pass] = [(m.data[1]! + (m.data[2]! << 7)) * (PPQ / 4), pass + 1];
      else if (b === 0xfb) running = true;
      else if (b === 0xfc) running = false;
      else if (b === 0xf8 && running) {
        const model = pass < 0 ? playback.startServerMs + at(pos) : firstWrap + pass * passMs + at(pos) - at(loopStart);
        worst = Math.max(worst, Math.abs(toServer(m) - model));
        pos += TICKS_PER_CLOCK;
        counted++;
      }
    }
    expect(counted).toBeGreaterThan((3 * (loopEnd - loopStart)) / TICKS_PER_CLOCK);
    expect(worst).toBeLessThanOrEqual(1);
    console.info(`MIDI clock loop: ${counted} clocks over 3+ passes, worst error vs tempo model ${worst.toFixed(3)} ms`);
    peer.close();
  });
});
