/**
 * Nothing recorded is lost (client `recording/SPEC.md`, K): takes kept in a browser's journal
 * upload when the room opens, and a take the server refuses stays in the browser with the
 * server's sentence until the person does something about it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdea, readTakes } from '@riffboard/shared';
import { chromiumPerFile, createRoom, tokenOf } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { connectDoc, type DocClient } from '../support/docClient.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { journalIds, seedJournal, storedClicks } from '../support/takeJournal.ts';
import { until } from '../support/waiting.ts';

const chromium = chromiumPerFile();
const MiB = 1024 * 1024;

// Its own server with a 1 MB upload limit: a 15 s lossless take (1.4 MB) is refused by the server,
// the same take compressed (~0.2 MB) is not.
let server: ServerHandle;
beforeAll(async () => {
  server = await startServer({ env: { ASSET_MAX_AUDIO_BYTES: String(MiB), ASSET_MAX_IMAGE_BYTES: String(MiB) } });
});
afterAll(async () => {
  await server?.dispose();
});

async function roomWithIdea(title: string): Promise<{ url: string; roomId: string; token: string; ideaId: string; peer: DocClient }> {
  const room = await createRoom(server.url, title);
  const peer = await connectDoc(server.url, room.id, room.links.editor);
  const ideaId = createIdea(peer.doc, { title: 'Chorus riff' }, { id: 'p-ben', name: 'Ben' }, 'local');
  if (!ideaId) throw new Error('no idea');
  return { url: `${server.url}${room.links.editor}`, roomId: room.id, token: tokenOf(room.links.editor), ideaId, peer };
}

async function openIdea(actor: RoomActor, title: string): Promise<void> {
  const page = actor.page;
  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' }).click();
  await page.getByTestId('idea-card').filter({ hasText: title }).first().click();
  await page.getByTestId('idea-detail').waitFor();
}

const CLICKS = [0.25, 0.75, 1.25, 1.75, 2.25, 2.75];

describe('takes kept in the browser until the server has them', () => {
  it('K2/K4 a take cut short by a reload uploads when the room opens again: the other person gets it with its clicks in place, and the browser forgets it', async () => {
    const { url, roomId, token, ideaId, peer } = await roomWithIdea('Left by a reload');
    let ana: RoomActor | undefined;
    try {
      ana = await RoomActor.join(chromium.browser, url, 'Ana', {
        prepare: (context) =>
          seedJournal(context, server.url, {
            id: 'take-reload',
            roomId,
            ideaId,
            by: 'Ana',
            seconds: 3,
            sampleRate: 44_100,
            clicks: CLICKS,
            placement: { bar: 2, beat: 1, fileSeconds: 0.25 },
            stopped: false,
          }),
      });
      const take = await until('the take in the other person’s doc', async () =>
        readTakes(peer.doc, ideaId).find((t) => t.id === 'take-reload' && t.audio),
      );
      expect(take.players).toEqual(['Ana']);
      expect(take.placement).toEqual({ bar: 2, beat: 1, fileSeconds: 0.25 });
      expect(take.durationSeconds).toBeCloseTo(3, 3);
      expect(take.audio?.mime).toBe('audio/webm');
      const stored = await storedClicks(ana.page, take.audio!.url, token);
      expect(stored.clicks).toHaveLength(CLICKS.length);
      stored.clicks.forEach((c, i) => expect(Math.abs(c - CLICKS[i]!) * 1000, `click ${i} at ${c}`).toBeLessThan(0.2));
      await expect.poll(() => journalIds(ana!.page, roomId), { timeout: 10_000 }).toEqual([]);
      await expect.poll(() => ana!.page.getByTestId('pending-takes-badge').count()).toBe(0);
    } finally {
      await ana?.leave();
      peer.close();
    }
  });

  it('K6 a take the server refuses shows the server’s sentence and stays in the browser; compressed and tried again, it uploads', async () => {
    const { url, roomId, token, ideaId, peer } = await roomWithIdea('Too big');
    chromium.problems.allow(/status of 413/, 'the server refuses the lossless take on purpose');
    let ana: RoomActor | undefined;
    try {
      ana = await RoomActor.join(chromium.browser, url, 'Ana', {
        prepare: async (context) => {
          await context.addInitScript(() => {
            if (location.protocol.startsWith('http')) localStorage.setItem('riffboard:take-format', 'lossless');
          });
          await seedJournal(context, server.url, {
            id: 'take-big',
            roomId,
            ideaId,
            by: 'Ana',
            seconds: 15,
            sampleRate: 48_000,
            clicks: CLICKS,
            stopped: true,
          });
        },
      });
      await openIdea(ana, 'Chorus riff');
      const row = ana.page.getByTestId('pending-take');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('refused');
      expect(await row.getByRole('alert').innerText()).toBe(
        // The server's own sentence, as it wrote it.
        "The server refused this take: Files larger than 1 MB can't be uploaded. It is still kept on this device.",
      );
      expect(await ana.page.getByTestId('pending-takes-badge').innerText()).toBe('1 take refused');
      await row.scrollIntoViewIfNeeded();
      await ana.page.screenshot({ path: 'screenshots/take-refused.png' });
      expect(await journalIds(ana.page, roomId)).toEqual(['take-big']);
      expect(readTakes(peer.doc, ideaId)).toEqual([]);

      await ana.page.getByLabel('Upload recorded takes as').selectOption('compressed');
      await row.getByRole('button', { name: 'Try again' }).click();
      const take = await until('the take in the other person’s doc', async () =>
        readTakes(peer.doc, ideaId).find((t) => t.id === 'take-big'),
      );
      expect(take.audio?.mime).toBe('audio/webm');
      expect(take.audio!.size).toBeLessThan(MiB / 4);
      expect((await storedClicks(ana.page, take.audio!.url, token)).clicks).toHaveLength(CLICKS.length);
      await expect.poll(() => row.count()).toBe(0);
      expect(await journalIds(ana.page, roomId)).toEqual([]);
    } finally {
      await ana?.leave();
      peer.close();
    }
  });
});
