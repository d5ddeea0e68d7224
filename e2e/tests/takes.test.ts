/**
 * Takes as a band uses them, in two browser contexts against the real server (backlog SPEC
 * B9, B10, B12). Ana adds a take through the takes form the way a recorded take arrives: a real WAV
 * uploaded to the asset store, placed on bar 2 of the song. Ben sees who played it, its tempo, key,
 * section, length, place and waveform without downloading anything, chooses to hear it on the bar,
 * and when Ana starts the shared transport from bar 1 the take plays in Ben's output, in time with
 * his click, from bar 2 to bar 5 — and not in Ana's, who didn't choose to hear it; muted in Ben's own
 * mix, it is silent for him.
 *
 * The take is 4 bars of clicks, one an eighth note (250 ms at 120 BPM) after every beat, so each
 * onset the tap hears 250 ms after a metronome click is the take, and how far from 250 ms it is
 * is the take's timing error against the click.
 *
 * Then with the recorder itself (B11): Ana records in a browser whose microphone is a WAV of clicks;
 * Ben sees "Ana is recording a take…" while she does, then the take, and hears it on the bar: each
 * click in the STORED file, put on the song by the take's stored placement, against where Ben's
 * tapped output plays it relative to his own click.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRoom, chromiumPerFile, tokenOf } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { clicksWav } from '../support/media.ts';
import { repoRoot } from '../support/server.ts';
import { heardClicks, heardOnsets, tapReady } from '../support/audioTap.ts';
import { openTempo, until } from '../support/waiting.ts';
import { connectDoc } from '../support/docClient.ts';
import { addTake, anchorSongSeconds, backlogIdeas, buildTimeline, createIdea, readBoard, readTakes, readTempoMap } from '@riffboard/shared';
import { clickOnsetOptions, detectOnsets } from '@riffboard/shared/clickOnsets';
import { contextSampleRate, launchWithMic, losslessTakes, makeSong, openNewIdea, readWav, writeClickTrack } from '../support/recording.ts';

const chromium = chromiumPerFile();
const baseUrl = inject('baseUrl');

const BEAT_MS = 500; // 120 BPM
const OFFBEAT_MS = 250;
const TAKE_BARS = 4;
/**
 * How far a take onset may be from where its click puts it: the same scheduler as play along, so
 * the same bound (a stretch follows the click's mapping within 2 ms, plus 1 ms for detection and
 * resampling). Measured on bar 2 over six runs: max |error| 0.10–1.36 ms, steady within a run or
 * one step mid-take (placed on bar 1: within 0.15 ms) — the take's one long stretch is scheduled a
 * second ahead, and the click mapping moved by that much after it (under FOLLOW_MS, so the stretch
 * is kept rather than cut and re-joined). The recorded take heard by the other person: within
 * 0.11 ms of its stored place over three runs.
 */
const TOLERANCE_MS = 3;

const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.timeOrigin + performance.now());

async function fillTempoField(page: Page, label: string, value: string): Promise<void> {
  const input = page.locator('.rb-tempo-editor').getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

async function openBacklog(page: Page): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  // The list, or the idea that was open when the panel was left.
  await page.getByLabel('New idea').or(page.getByTestId('idea-detail')).first().waitFor();
}

async function openIdea(page: Page, title: string): Promise<void> {
  await openBacklog(page);
  await page
    .getByTestId('idea-card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .click();
  await page.getByTestId('idea-detail').waitFor();
}

interface TakeHeard {
  /** For each downbeat heard after the start: whether the take sounded an eighth after it. */
  readonly downbeats: boolean[];
  /** Take onset − (its click + 250 ms), ms. */
  readonly errorsMs: number[];
}

/** What a page's tap heard of the take since `sinceMs`. */
async function takeHeard(page: Page, sinceMs: number): Promise<TakeHeard> {
  const [clicks, onsets] = await Promise.all([heardClicks(page), heardOnsets(page)]);
  const after = clicks.filter((c) => c.localEpochMs > sinceMs);
  const isClick = (t: number): boolean => after.some((c) => Math.abs(c.localEpochMs - t) < 2);
  const take = onsets.filter((o) => o.localEpochMs > sinceMs && !isClick(o.localEpochMs)).map((o) => o.localEpochMs);
  const near = (c: number): number | undefined => take.find((t) => Math.abs(t - c - OFFBEAT_MS) < 60);
  const errorsMs = after.flatMap((c) => {
    const t = near(c.localEpochMs);
    return t === undefined ? [] : [t - c.localEpochMs - OFFBEAT_MS];
  });
  return { downbeats: after.filter((c) => c.isDownbeat).map((d) => near(d.localEpochMs) !== undefined), errorsMs };
}

describe('takes', () => {
  it('B9 B10 B12 a take uploaded and placed on bar 2 shows its details and waveform to the other person and plays on the bar in time with the click for whoever chooses to hear it', async () => {
    const room = await createRoom(baseUrl, 'Takes');
    const url = `${baseUrl}${room.links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana', { audioTap: true });
    const ben = await RoomActor.join(chromium.browser, url, 'Ben', { audioTap: true });
    try {
      // The song: Verse, 8 bars at 120 BPM.
      await openTempo(ana.page);
      await ana.page.getByRole('button', { name: 'Add your first section' }).click();
      await fillTempoField(ana.page, 'Name', 'Verse');
      await fillTempoField(ana.page, 'Bars', '8');
      await fillTempoField(ana.page, 'BPM', '120');

      // The idea and its take: a WAV of four bars played along from bar 2.
      await openBacklog(ana.page);
      await ana.page.getByLabel('New idea').fill('Verse riff');
      await ana.page.getByLabel('New idea').press('Enter');
      await openIdea(ana.page, 'Verse riff');
      await ana.page.getByRole('button', { name: '+ Add take' }).click();
      const form = ana.page.getByRole('form', { name: 'New take' });
      await form.getByLabel('Who played').fill('Ana');
      await form.getByLabel('Key').fill('Am');
      const onsets = Array.from({ length: TAKE_BARS * 4 }, (_, k) => (k * BEAT_MS + OFFBEAT_MS) / 1000);
      await form.locator('input[type="file"]').setInputFiles({
        name: 'verse take.wav',
        mimeType: 'audio/wav',
        buffer: Buffer.from(clicksWav(onsets, (TAKE_BARS * 4 * BEAT_MS) / 1000)),
      });
      await form.getByLabel('Starts on bar').fill('2');
      await form.getByRole('button', { name: 'Save take' }).click();
      await ana.page.getByTestId('take').waitFor({ timeout: 20_000 });

      // Ben sees it with everything a musician needs, and its waveform at once.
      await openIdea(ben.page, 'Verse riff');
      const benTake = ben.page.getByTestId('take');
      await expect.poll(() => benTake.count(), { timeout: 10_000 }).toBe(1);
      const meta = await benTake.getByTestId('take-meta').innerText();
      for (const part of ['Played by Ana', '120 BPM', 'Am', 'Verse', '0:08.0', 'Starts on bar 2, beat 1']) expect(meta).toContain(part);
      await expect.poll(() => benTake.getByTestId('take-waveform').getAttribute('data-levels')).toBe('400');
      // Ben chooses to hear it on the bar; Ana doesn't.
      await benTake.getByRole('button', { name: 'Hear on the bar' }).click();
      await expect.poll(() => benTake.getByRole('button', { name: /Hearing on the bar/ }).getAttribute('aria-pressed')).toBe('true');
      // Choosing a take fetches it at once: it is ready to play on the bar before anyone starts.
      await expect.poll(() => benTake.getAttribute('data-audio-state'), { timeout: 10_000 }).toBe('ready');
      mkdirSync(join(repoRoot, 'e2e', 'screenshots'), { recursive: true });
      await ben.page.getByTestId('takes').screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'takes.png') });

      for (const p of [ana, ben]) {
        await openTempo(p.page);
        await until(`${p.name}'s tap`, async () => ((await tapReady(p.page)) ? true : undefined));
        await expect.poll(() => p.page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync ±\d/);
      }

      // From bar 1, with the count-in: count-in, bar 1 silent; bars 2–5 the take; bar 6 silent again.
      const since = await Promise.all([ana, ben].map((p) => pageNow(p.page)));
      await ana.page.getByRole('button', { name: /Play for everyone/ }).click();
      const heard = await until(
        'Ben hears seven downbeats',
        async () => {
          const h = await takeHeard(ben.page, since[1]!);
          return h.downbeats.length >= 7 ? h : undefined;
        },
        40_000,
      );
      const anaHeard = await takeHeard(ana.page, since[0]!);
      await ana.page.getByRole('button', { name: /Stop/ }).first().click();

      const abs = heard.errorsMs.map(Math.abs).sort((a, b) => a - b);
      console.info(
        `takes: take onset − (click + 250 ms), ms: ${heard.errorsMs.map((e) => e.toFixed(2)).join(' ')}; ` +
          `median |error| ${abs[Math.floor(abs.length / 2)]?.toFixed(2)}, max ${abs[abs.length - 1]?.toFixed(2)}`,
      );
      expect(heard.downbeats.slice(0, 7), 'count-in, bar 1, bars 2–5 (the take), bar 6').toEqual([
        false,
        false,
        true,
        true,
        true,
        true,
        false,
      ]);
      expect(heard.errorsMs.length, 'every onset of the four bars').toBe(TAKE_BARS * 4);
      for (const e of heard.errorsMs) expect(Math.abs(e)).toBeLessThan(TOLERANCE_MS);
      expect(anaHeard.errorsMs, 'Ana did not choose to hear the take').toEqual([]);

      // Ben mutes the take in his own mix and plays it from its bar: the click, and no take.
      await openBacklog(ben.page);
      if ((await ben.page.getByTestId('idea-detail').count()) === 0) await openIdea(ben.page, 'Verse riff');
      await benTake.getByRole('button', { name: 'Mute Take 1 for me' }).click();
      const sinceMuted = await pageNow(ben.page);
      await benTake.getByRole('button', { name: /From bar 2 for everyone/ }).click();
      const muted = await until(
        'Ben hears the count-in and three bars',
        async () => {
          const h = await takeHeard(ben.page, sinceMuted);
          return h.downbeats.length >= 4 ? h : undefined;
        },
        30_000,
      );
      expect(muted.errorsMs, 'a take muted in Ben’s mix is not heard').toEqual([]);
    } finally {
      await ana.leave();
      await ben.leave();
    }
  }, 180_000);

  it('B11 while someone records a take for an idea, the others see "Name is recording a take…" in its takes and a mark on their avatar, until they stop', async () => {
    const room = await createRoom(baseUrl, 'Recording sign');
    const url = `${baseUrl}${room.links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    // Cleo is another client on the room's socket (a recorder in another browser sets the same presence field).
    const cleo = await connectDoc(baseUrl, room.id, room.links.editor);
    try {
      await openBacklog(ana.page);
      await ana.page.getByLabel('New idea').fill('Bridge groove');
      await ana.page.getByLabel('New idea').press('Enter');
      await openIdea(ana.page, 'Bridge groove');
      const ideaId = await until('Cleo has the idea', async () => {
        const board = readBoard(cleo.doc);
        return Object.values(board)
          .flat()
          .find((c) => c.title === 'Bridge groove')?.id;
      });
      const sign = ana.page.getByTestId('take-recording');
      const avatar = ana.page.getByTestId('who-is-here').locator('li[data-name="Cleo"]');
      cleo.awareness.setLocalState({ user: { name: 'Cleo', color: '#3d9df5' }, recording: { ideaId } });
      await expect.poll(() => sign.textContent(), { timeout: 10_000 }).toMatch(/Cleo is recording a take…/);
      await expect.poll(() => avatar.getAttribute('data-recording')).toBe('true');
      await ana.page.getByTestId('takes').screenshot({ path: join(repoRoot, 'e2e', 'screenshots', 'takes-recording.png') });
      // Recording for another idea (or none) is not this idea's sign; stopping clears it everywhere.
      cleo.awareness.setLocalStateField('recording', { ideaId: 'another-idea' });
      await expect.poll(() => sign.count(), { timeout: 10_000 }).toBe(0);
      expect(await avatar.getAttribute('data-recording')).toBe('true');
      cleo.awareness.setLocalStateField('recording', null);
      await expect.poll(() => avatar.getAttribute('data-recording'), { timeout: 10_000 }).toBe('false');
    } finally {
      cleo.close();
      await ana.leave();
    }
  }, 90_000);

  it('B10 B11 one person records a take while the other sees them recording, then sees the take and hears it on the bar where it was played', async () => {
    // Ana's microphone: clicks every 370 ms, a period that walks across the beat, so most of them
    // sit well clear of Ben's own clicks when he hears the take with the click.
    const wavFile = writeClickTrack(40, 0.37, 0.2, await contextSampleRate());
    const micBrowser = await launchWithMic({ wavFile, grant: true, device: true });
    const room = await createRoom(baseUrl, 'Record and hear');
    const url = `${baseUrl}${room.links.editor}`;
    // Lossless, so the test can read the stored samples in Node (Opus keeps time: takeEncoding.test.ts).
    const ana = await RoomActor.join(micBrowser, url, 'Ana', { prepare: losslessTakes });
    const ben = await RoomActor.join(chromium.browser, url, 'Ben', { audioTap: true });
    try {
      await makeSong(ana.page, 8, 120);
      await expect.poll(() => ana.page.getByTestId('clock-sync').textContent(), { timeout: 15_000 }).toMatch(/in sync ±\d/);
      await openNewIdea(ana.page, 'Riff');
      await openIdea(ben.page, 'Riff');

      // Ana records; Ben sees it while it happens.
      await ana.page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      const dock = ana.page.getByTestId('record-dock');
      await expect
        .poll(() => ben.page.getByTestId('take-recording').textContent(), { timeout: 10_000 })
        .toMatch(/Ana is recording a take…/);
      await expect.poll(() => dock.getAttribute('data-phase'), { timeout: 10_000 }).toBe('recording');
      await ana.page.waitForTimeout(6000);
      await dock.getByRole('button', { name: 'Stop recording' }).click();
      await expect.poll(() => dock.textContent(), { timeout: 30_000 }).toMatch(/Take saved/);

      // Ben: the sign is gone and the take is there, with who played, its tempo, place and waveform.
      const benTake = ben.page.getByTestId('take');
      await expect.poll(() => benTake.count(), { timeout: 10_000 }).toBe(1);
      expect(await ben.page.getByTestId('take-recording').count()).toBe(0);
      const meta = await benTake.getByTestId('take-meta').innerText();
      for (const part of ['Played by Ana', '120 BPM', 'bar 1, beat 1']) expect(meta).toContain(part);
      await expect.poll(() => benTake.getByTestId('take-waveform').getAttribute('data-levels')).toBe('400');
      await benTake.getByRole('button', { name: 'Hear on the bar' }).click();
      await expect.poll(() => benTake.getAttribute('data-audio-state'), { timeout: 10_000 }).toBe('ready');

      // Where each recorded click sits on the song, from the STORED file and the take's stored placement.
      const client = await connectDoc(baseUrl, room.id, room.links.editor);
      let stored: number[];
      let endMs = 0;
      try {
        const idea = backlogIdeas(client.doc)
          .list()
          .find((i) => i.title === 'Riff');
        const take = idea && readTakes(client.doc, idea.id)[0];
        if (!take?.audio || !take.placement) throw new Error('the take has no audio or placement');
        const tl = buildTimeline(readTempoMap(client.doc));
        const res = await fetch(`${baseUrl}${take.audio.url}?token=${encodeURIComponent(tokenOf(room.links.editor))}`);
        const wav = readWav(new Uint8Array(await res.arrayBuffer()));
        const at = anchorSongSeconds(tl, take.placement);
        endMs = (at + (wav.channels[0]?.length ?? 0) / wav.sampleRate - take.placement.fileSeconds) * 1000;
        stored = detectOnsets(wav.channels[0]!, clickOnsetOptions(wav.sampleRate, 0.1)).map(
          (o) => (at + o.frame / wav.sampleRate - take.placement!.fileSeconds) * 1000,
        );
      } finally {
        client.close();
      }
      // Heard only from bar 1 (the count-in stands still), not in the file's last moments (faded out as
      // the stretch ends), and only well clear of the clicks: the tap takes any onset within 50 ms of a
      // scheduled click for that click, and its detector is deaf for 40 ms after an onset (one run
      // with a 60 ms margin matched a recorded click to an onset exactly 40 ms after it).
      const clear = stored.filter((ms) => ms > 50 && ms < endMs - 50 && ms % BEAT_MS > 100 && ms % BEAT_MS < BEAT_MS - 100);
      expect(clear.length, 'recorded clicks clear of the beats').toBeGreaterThanOrEqual(6);

      // Ben plays it from its bar for everyone, and his output is tapped.
      await until('Ben’s tap', async () => ((await tapReady(ben.page)) ? true : undefined));
      const since = await pageNow(ben.page);
      await benTake.getByRole('button', { name: /From bar 1 for everyone/ }).click();
      const heard = await until(
        'Ben hears the count-in and the whole take',
        async () => {
          const [clicks, onsets] = await Promise.all([heardClicks(ben.page), heardOnsets(ben.page)]);
          const downbeats = clicks.filter((c) => c.isDownbeat && c.localEpochMs > since);
          if (downbeats.length < 2) return undefined;
          // Song time of each other onset, from bar 1's downbeat as Ben heard it (the second downbeat: the first is the count-in).
          const bar1 = downbeats[1]!.localEpochMs;
          if ((clicks.at(-1)?.localEpochMs ?? 0) - bar1 < Math.max(...clear) + 300) return undefined;
          const isClick = (t: number): boolean => clicks.some((c) => Math.abs(c.localEpochMs - t) < 2);
          return onsets.filter((o) => o.localEpochMs > since && !isClick(o.localEpochMs)).map((o) => o.localEpochMs - bar1);
        },
        40_000,
      );
      const errors = clear.map((ms) => {
        const h = heard.find((t) => Math.abs(t - ms) < 40);
        return h === undefined ? Number.NaN : h - ms;
      });
      console.info(
        `recorded take heard by the other person: onset − stored place on the song, ms: ${errors.map((e) => e.toFixed(2)).join(' ')}`,
      );
      for (const e of errors) expect(Math.abs(e)).toBeLessThan(TOLERANCE_MS);
    } finally {
      await ana.leave();
      await ben.leave();
      await micBrowser.close();
    }
  }, 180_000);

  it('two people record takes of the same idea at the same time, and each gets their own take, seen by both', async () => {
    const wavFile = writeClickTrack(60, 0.5, 0.2, await contextSampleRate());
    const micBrowser = await launchWithMic({ wavFile, grant: true, device: true });
    const room = await createRoom(baseUrl, 'Two recorders');
    const url = `${baseUrl}${room.links.editor}`;
    const ana = await RoomActor.join(micBrowser, url, 'Ana');
    const ben = await RoomActor.join(micBrowser, url, 'Ben');
    try {
      await makeSong(ana.page, 8, 120);
      await openNewIdea(ana.page, 'Duet');
      await openIdea(ben.page, 'Duet');
      const anaDock = ana.page.getByTestId('record-dock');
      const benDock = ben.page.getByTestId('record-dock');
      // Ana starts the transport with her count-in; Ben joins in while it plays (he punches in on a later bar).
      await ana.page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      await expect.poll(() => anaDock.getAttribute('data-phase'), { timeout: 15_000 }).toBe('recording');
      await ben.page.getByTestId('takes').getByRole('button', { name: 'Record take' }).click();
      await expect.poll(() => benDock.getAttribute('data-phase'), { timeout: 15_000 }).toBe('recording');
      await expect
        .poll(() => ana.page.getByTestId('take-recording').textContent(), { timeout: 10_000 })
        .toMatch(/Ben is recording a take…/);
      await ben.page.waitForTimeout(2000);
      await benDock.getByRole('button', { name: 'Stop recording' }).click();
      await anaDock.getByRole('button', { name: 'Stop recording' }).click();
      for (const page of [ana.page, ben.page]) {
        await expect.poll(() => page.getByTestId('take').count(), { timeout: 30_000 }).toBe(2);
      }
      const client = await connectDoc(baseUrl, room.id, room.links.editor);
      try {
        const idea = backlogIdeas(client.doc)
          .list()
          .find((i) => i.title === 'Duet')!;
        const takes = readTakes(client.doc, idea.id);
        expect(takes.map((t) => t.players.join()).sort()).toEqual(['Ana', 'Ben']);
        for (const t of takes) {
          expect(t.placement).toBeDefined();
          expect(t.audio?.assetId).toBeTruthy();
        }
        expect(takes[0]!.audio!.assetId).not.toBe(takes[1]!.audio!.assetId);
      } finally {
        client.close();
      }
    } finally {
      await ana.leave();
      await ben.leave();
      await micBrowser.close();
    }
  }, 120_000);

  it('B9 a take stored without its waveform (an older upload) shows one made from its file', async () => {
    const room = await createRoom(baseUrl, 'Old take');
    const token = tokenOf(room.links.editor);
    // The file through the asset store's HTTP API, and a take pointing at it with no peaks or length.
    const res = await fetch(`${baseUrl}/api/rooms/${room.id}/assets?name=old%20take.wav&expect=audio`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' },
      body: Buffer.from(clicksWav([0.5, 1.5, 2.5], 4)),
    });
    expect([200, 201]).toContain(res.status);
    const { asset } = (await res.json()) as { asset: { id: string; url: string; size: number } };
    const client = await connectDoc(baseUrl, room.id, room.links.editor);
    try {
      const idea = createIdea(client.doc, { title: 'Old riff' }, { id: 'p-old', name: 'Dana' }, 'local')!;
      addTake(
        client.doc,
        idea,
        { audio: { assetId: asset.id, url: asset.url, name: 'old take.wav', mime: 'audio/wav', size: asset.size } },
        { id: 'p-old', name: 'Dana' },
        'local',
      );
      chromium.problems.allow(/\/peaks: Failed to load resource: .* 404/, 'no peaks sidecar is stored yet: that is the case under test');
      const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.editor}`, 'Ana');
      try {
        await openIdea(ana.page, 'Old riff');
        const wave = ana.page.getByTestId('take').getByTestId('take-waveform');
        await expect.poll(() => wave.getAttribute('data-levels'), { timeout: 20_000 }).toBe('400');
        // And the file's peaks sidecar is stored for the next person (an editor computed it).
        await expect
          .poll(async () => (await fetch(`${baseUrl}${asset.url}/peaks`, { headers: { authorization: `Bearer ${token}` } })).status, {
            timeout: 10_000,
          })
          .toBe(200);
      } finally {
        await ana.leave();
      }
    } finally {
      client.close();
    }
  }, 90_000);
});
