/**
 * Room archives in real Chromium against the real server (server SPEC AR1–AR8): a facilitator
 * exports a room holding a dropped image and an uploaded audio reference from the Share dialog,
 * with a progress bar; the archive, opened on the home page, becomes a new room with equal
 * content whose importer is its facilitator; a tampered archive is refused with its sentence.
 * The same section saves the Markdown session summary and the board as PNG and SVG (tldraw's
 * export), checked by decoding them. Writes screenshots/export-progress.png, export-section.png,
 * import.png, import-progress.png and import-refused.png.
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
  for (const name of ['meta', 'board', 'tempo', 'tempoPoints', 'tempoMeters', 'references', 'referenceComments', 'backlog'])
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

/** A 120×120 PNG of flat green (20, 180, 90), drawn by the browser. */
async function greenSquarePng(page: Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 120;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(20, 180, 90)';
    ctx.fillRect(0, 0, 120, 120);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  return new Uint8Array(bytes);
}

/** Clicks `button` and returns the file the page saves. */
async function saveFrom(page: Page, button: import('playwright-core').Locator): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download', { timeout: 30_000 });
  await button.click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** Decodes an image in the page: its size and how many pixels are the dropped image's green (20, 180, 90). */
async function imageStats(page: Page, src: string): Promise<{ width: number; height: number; imageGreen: number }> {
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let imageGreen = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i]! - 20) < 12 && Math.abs(data[i + 1]! - 180) < 12 && Math.abs(data[i + 2]! - 90) < 12) imageGreen++;
    return { width: canvas.width, height: canvas.height, imageGreen };
  }, src);
}

describe('room archives', () => {
  it('AR1 AR6 export from the Share dialog with progress, import on the home page: equal content, and the importer is facilitator; summary, PNG and SVG of the board', async () => {
    const room = await createRoom(baseUrl, 'Night session');
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${room.links.facilitator}`, 'Ana');
    try {
      const { page } = ana;
      // An image on the board and a 2 MB audio reference, added the way people add them.
      await dropOnCanvas(page, 'mood.png', 'image/png', await greenSquarePng(page));
      await expect.poll(() => page.locator('.tl-image').count(), { timeout: 15_000 }).toBe(1);
      await ana.drawRectangle(260, 180, 140, 90);
      await openReferences(page);
      await page
        .getByTestId('reference-file-input')
        .setInputFiles({ name: 'groove.wav', mimeType: 'audio/wav', buffer: Buffer.from(sineWav(120, 220, 8000)) });
      await expect
        .poll(
          async () => {
            const j = await roomJson(room.links.editor, room.id);
            return Object.keys(j.references as object).length === 1 && JSON.stringify(j.board).includes('/assets/') ? j : null;
          },
          { timeout: 20_000 },
        )
        .not.toBeNull();

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
      // The room as exported: read after the export, since the tab may still add records (its
      // tldraw user record) until then, and the archive holds whatever the room held at that moment.
      const original = await roomJson(room.links.editor, room.id);

      // The session summary and the board as PNG and SVG, from the same section.
      const summary = await saveFrom(page, dialog.getByRole('button', { name: 'Session summary (.md)' }));
      expect(summary.name).toBe('Night-session-summary.md');
      const md = summary.bytes.toString('utf8');
      expect(md).toMatch(/^# Night session\n/);
      for (const part of ['## Tempo map', '## Backlog', '## Open comments', '## Credits', '| Ana | 0 | 0 | 1 | 0 | 0 |'])
        expect(md).toContain(part);
      const png = await saveFrom(page, dialog.getByRole('button', { name: 'Board as PNG' }));
      expect(png.name).toBe('Night-session-board.png');
      expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const pixels = await imageStats(page, `data:image/png;base64,${png.bytes.toString('base64')}`);
      expect(pixels.width).toBeGreaterThan(200);
      expect(pixels.height).toBeGreaterThan(200);
      // The dropped image is a flat green square: the picture holds a patch of it.
      expect(pixels.imageGreen).toBeGreaterThan(1000);
      const svg = await saveFrom(page, dialog.getByRole('button', { name: 'Board as SVG' }));
      expect(svg.name).toBe('Night-session-board.svg');
      const svgText = svg.bytes.toString('utf8');
      expect(svgText).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(svgText).toMatch(/<image[^>]+href="data:image\/png;base64,/); // the image, embedded
      expect((svgText.match(/<path /g) ?? []).length).toBeGreaterThan(0); // the rectangle
      const svgPixels = await imageStats(page, `data:image/svg+xml;base64,${svg.bytes.toString('base64')}`);
      expect(svgPixels.imageGreen).toBeGreaterThan(250);
      await dialog.getByTestId('export-room').screenshot({ path: join(shots, 'export-section.png') });
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
        // Slowed down so the upload's bar is seen moving too.
        await throttle(hp, 400 * 1024);
        await card
          .getByLabel('Room archive file')
          .setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/x-tar', buffer: archive });
        const upBar = card.getByRole('progressbar', { name: 'Uploading Night-session.riffboard.tar' });
        await expect
          .poll(async () => Number((await upBar.getAttribute('aria-valuenow')) ?? 0), { timeout: 15_000 })
          .toBeGreaterThan(100_000);
        await hp.screenshot({ path: join(shots, 'import-progress.png') });
        await throttle(hp, null);
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

  it('AR5 a tampered archive dropped on the home page is refused with its sentence, and no room opens', async () => {
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
      // Dropped on the card, as a file dragged from the desktop (the other test uses the picker).
      await card.locator('.rb-dropzone').evaluate((zone, bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], 'tampered.riffboard.tar', { type: 'application/x-tar' }));
        const opts = { bubbles: true, cancelable: true, dataTransfer: dt };
        zone.dispatchEvent(new DragEvent('dragenter', opts));
        zone.dispatchEvent(new DragEvent('dragover', opts));
        zone.dispatchEvent(new DragEvent('drop', opts));
      }, Array.from(archive));
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
