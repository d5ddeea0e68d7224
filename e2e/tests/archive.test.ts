/**
 * Room archives in real Chromium against the real server (server SPEC X1–X8): a facilitator
 * exports a room holding a dropped image and an uploaded audio reference from the Share dialog,
 * with a progress bar; the archive, opened on the home page, becomes a new room with equal
 * content whose importer is its facilitator; a tampered archive is refused with its sentence.
 * Writes screenshots/export-progress.png, screenshots/import.png and screenshots/import-refused.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPerFile, createRoom, tokenOf } from '../support/browser.ts';
import { openReferences } from '../support/referencesPanel.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot } from '../support/server.ts';
import { connectDoc } from '../support/docClient.ts';
import { dropOnCanvas, sineWav, tinyPng } from '../support/media.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();
const shots = join(repoRoot, 'e2e', 'screenshots');

/** The entries of an uncompressed tar: name, data offset and size (ustar headers, 512-byte blocks). */
function tarEntries(bytes: Buffer): Array<{ name: string; offset: number; size: number }> {
  const out: Array<{ name: string; offset: number; size: number }> = [];
  let at = 0;
  while (at + 512 <= bytes.length && bytes[at] !== 0) {
    const name = bytes
      .subarray(at, at + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    const size = parseInt(
      bytes
        .subarray(at + 124, at + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    );
    out.push({ name, offset: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

async function roomJson(link: string, roomId: string): Promise<Record<string, unknown>> {
  const client = await connectDoc(baseUrl, roomId, link);
  const json: Record<string, unknown> = {};
  for (const name of ['meta', 'board', 'tempo', 'references', 'referenceComments', 'backlog'])
    json[name] = client.doc.getMap(name).toJSON();
  client.close();
  return json;
}

async function throttle(page: Page, bytesPerSecond: number | null): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: bytesPerSecond ?? -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}

describe('room archives', () => {
  it('X1 X6 export from the Share dialog with progress, import on the home page: equal content, and the importer is facilitator', async () => {
    const room = await createRoom(baseUrl, 'Night session');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.facilitator}`, 'Ana');
    try {
      const { page } = ana;
      // An image on the board and a 2 MB audio reference, added the way people add them.
      await dropOnCanvas(page, 'mood.png', 'image/png', tinyPng([20, 180, 90]));
      await expect.poll(() => page.locator('.tl-image').count(), { timeout: 15_000 }).toBe(1);
      await openReferences(page);
      await page
        .getByTestId('reference-file-input')
        .setInputFiles({ name: 'groove.wav', mimeType: 'audio/wav', buffer: Buffer.from(sineWav(120, 220, 8000)) });
      const original = await expect
        .poll(
          async () => {
            const j = await roomJson(room.links.editor, room.id);
            return Object.keys(j.references as object).length === 1 && JSON.stringify(j.board).includes('/assets/') ? j : null;
          },
          { timeout: 20_000 },
        )
        .not.toBeNull()
        .then(() => roomJson(room.links.editor, room.id));

      // Export, slowed down so the bar is seen moving.
      await page.getByTestId('share').click();
      const dialog = page.getByRole('dialog', { name: 'Share this room' });
      await throttle(page, 600 * 1024);
      const download = page.waitForEvent('download', { timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Export room' }).click();
      const bar = dialog.getByRole('progressbar', { name: 'Exporting the room' });
      await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { timeout: 15_000 }).toBeGreaterThan(100_000);
      await expect.poll(() => dialog.getByText(/ of 1\.\d MB · \d+%/).count()).toBe(1);
      await page.screenshot({ path: join(shots, 'export-progress.png') });
      const file = await download;
      await throttle(page, null);
      expect(file.suggestedFilename()).toBe('Night-session.riffboard.tar');
      const archivePath = await file.path();
      await expect.poll(() => dialog.getByText('Saved as “Night-session.riffboard.tar”.').count()).toBe(1);
      const archive = readFileSync(archivePath);
      const names = tarEntries(archive).map((e) => e.name);
      expect(names[0]).toBe('manifest.json');
      expect(names[1]).toBe('document.yjs');
      expect(names.filter((n) => n.startsWith('assets/'))).toHaveLength(2);

      // Import on the home page (another person's browser).
      const home = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const hp = await home.newPage();
      try {
        await hp.goto(baseUrl);
        const card = hp.getByTestId('import-room');
        await card.getByRole('button', { name: 'Choose an archive…' }).waitFor();
        await hp.screenshot({ path: join(shots, 'import.png') });
        await card.getByLabel('Room archive file').setInputFiles(archivePath);
        await hp.waitForURL(/\/r\/[A-Za-z0-9_-]{21}\?token=[\w.-]+$/, { timeout: 30_000 });
        const url = new URL(hp.url());
        const newId = url.pathname.split('/')[2]!;
        expect(newId).not.toBe(room.id);
        const info = (await (
          await fetch(`${baseUrl}/api/rooms/${newId}`, { headers: { authorization: `Bearer ${tokenOf(url.pathname + url.search)}` } })
        ).json()) as {
          role: string;
          title: string;
        };
        expect(info).toMatchObject({ role: 'facilitator', title: 'Night session' });
        // The document, read before anyone joins (joining adds the person's tldraw user record).
        const imported = await roomJson(url.pathname + url.search, newId);
        expect(imported).toEqual(JSON.parse(JSON.stringify(original).split(`/api/rooms/${room.id}/`).join(`/api/rooms/${newId}/`)));
        await hp.getByLabel('Display name').fill('Ben');
        await hp.getByRole('button', { name: 'Join the room' }).click();
        await hp.locator('.tl-canvas').waitFor();
        // The image shows in the new room: its address now points at the new room and loads with its link.
        const img = hp.locator('.tl-image');
        await expect.poll(() => img.count(), { timeout: 15_000 }).toBe(1);
        const loaded = () => img.evaluate((el) => (el instanceof HTMLImageElement ? { w: el.naturalWidth, src: el.src } : null));
        await expect.poll(async () => (await loaded())?.w ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
        expect((await loaded())?.src).toContain(`/api/rooms/${newId}/assets/`);
        await hp.getByTestId('share').click();
        await expect
          .poll(() => hp.getByRole('dialog', { name: 'Share this room' }).getByText('facilitator', { exact: true }).count())
          .toBe(1);
      } finally {
        await home.close();
      }
    } finally {
      await ana.leave();
    }
  });

  it('X5 a tampered archive is refused on the home page with its sentence, and no room opens', async () => {
    const room = await createRoom(baseUrl, 'Tampered');
    const res = await fetch(`${baseUrl}/api/rooms/${room.id}/assets?name=a.png`, {
      method: 'POST',
      body: Buffer.from(tinyPng([1, 2, 3])),
      headers: { authorization: `Bearer ${tokenOf(room.links.editor)}` },
    });
    const { asset } = (await res.json()) as { asset: { url: string } };
    const client = await connectDoc(baseUrl, room.id, room.links.editor);
    client.doc.getMap('references').set('r', new (await import('yjs')).Map());
    const ref = client.doc.getMap('references').get('r') as import('yjs').Map<unknown>;
    ref.set('kind', 'image');
    ref.set('assetUrl', asset.url);
    await new Promise((r) => setTimeout(r, 300));
    client.close();
    const archive = Buffer.from(
      await (
        await fetch(`${baseUrl}/api/rooms/${room.id}/export`, { headers: { authorization: `Bearer ${tokenOf(room.links.viewer)}` } })
      ).arrayBuffer(),
    );
    const png = tarEntries(archive).find((e) => e.name.startsWith('assets/'))!;
    archive[png.offset + png.size - 6]! ^= 0xff;

    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(baseUrl);
      const card = page.getByTestId('import-room');
      await card
        .getByLabel('Room archive file')
        .setInputFiles({ name: 'tampered.riffboard.tar', mimeType: 'application/x-tar', buffer: archive });
      const alert = card.getByRole('alert');
      await expect
        .poll(() => alert.textContent(), { timeout: 15_000 })
        .toMatch(
          /^“tampered\.riffboard\.tar” could not be imported\. The file [0-9a-f]{12}… has been changed: its SHA-256 is not the one its manifest gives\.$/,
        );
      expect(new URL(page.url()).pathname).toBe('/');
      await page.screenshot({ path: join(shots, 'import-refused.png') });
      chromium.problems.allow(/422|Unprocessable/, 'the refused import answers 422 on purpose, and Chromium logs the failed request');
    } finally {
      await context.close();
    }
  });
});
