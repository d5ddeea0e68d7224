/**
 * Takes kept in a browser's recording journal (client `recording/indexedDbJournal.ts`), written
 * the way the recorder writes them, for tests of what happens to them afterwards; and the clicks a
 * stored take holds, decoded by Chromium from the file the server stores.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { bundleClientModule } from './bundleClientModule.ts';

let bundle: Promise<string> | undefined;

export interface SeededTake {
  readonly id: string;
  readonly roomId: string;
  readonly ideaId: string;
  readonly by: string;
  readonly seconds: number;
  readonly sampleRate: number;
  /** Seconds into the take where a click starts. */
  readonly clicks: readonly number[];
  readonly placement?: { bar: number; beat: number; fileSeconds: number };
  /** false: the page "went away" mid-take (no end()). */
  readonly stopped: boolean;
}

/**
 * Writes a take into the context's journal from a page on the app's origin (a blank page served
 * by the test, so the app's CSP doesn't apply to the injected module), in 100 ms blocks.
 */
export async function seedJournal(context: BrowserContext, baseUrl: string, take: SeededTake): Promise<void> {
  bundle ??= bundleClientModule('src/recording/indexedDbJournal.ts', 'RiffboardJournal');
  const script = await bundle;
  const page = await context.newPage();
  const seedUrl = `${baseUrl}/__seed-journal`;
  await page.route(seedUrl, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
  await page.goto(seedUrl);
  await page.addScriptTag({ content: script });
  await page.evaluate(async (t) => {
    const { IndexedDbJournal } = (
      window as unknown as { RiffboardJournal: typeof import('../../client/src/recording/indexedDbJournal.ts') }
    ).RiffboardJournal;
    const j = new IndexedDbJournal();
    const frames = Math.round(t.seconds * t.sampleRate);
    const samples = new Float32Array(frames);
    for (const c of t.clicks) {
      const start = Math.round(c * t.sampleRate);
      for (let i = 0; i < Math.round(0.004 * t.sampleRate) && start + i < frames; i++)
        samples[start + i] = 0.8 * Math.sin((2 * Math.PI * 2000 * i) / t.sampleRate) * Math.exp(-i / (0.0008 * t.sampleRate));
    }
    await j.begin({
      id: t.id,
      roomId: t.roomId,
      ideaId: t.ideaId,
      sampleRate: t.sampleRate,
      channels: 1,
      startedAt: Date.now(),
      by: t.by,
      bpm: 120,
    });
    const block = Math.round(t.sampleRate / 10);
    for (let at = 0; at < frames; at += block) await j.append(t.id, [samples.slice(at, Math.min(frames, at + block))]);
    if (t.placement) await j.place(t.id, t.placement);
    if (t.stopped) await j.end(t.id);
    await j.close();
  }, take);
  await page.close();
}

/** The takes the context's journal still holds for a room (ids), read from a page on the app's origin. */
export async function journalIds(page: Page, roomId: string): Promise<string[]> {
  return page.evaluate(
    (roomId) =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('riffboard-recordings');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('recordings')) return resolve([]);
          const all = db.transaction('recordings').objectStore('recordings').getAll();
          all.onsuccess = () =>
            resolve((all.result as { id: string; roomId: string }[]).filter((r) => r.roomId === roomId).map((r) => r.id));
          all.onerror = () => reject(all.error);
        };
      }),
    roomId,
  );
}

/**
 * Downloads a stored take (the asset the server stores, with the page's token), decodes it with
 * Chromium and returns the start of every click (first sample above a quarter of the loudest,
 * after 50 ms of quiet), in seconds, and the file's length.
 */
export async function storedClicks(page: Page, url: string, token: string): Promise<{ clicks: number[]; seconds: number; mime: string }> {
  return page.evaluate(
    async ({ url, token }) => {
      const res = await fetch(`${url}?token=${encodeURIComponent(token)}`);
      if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
      const mime = res.headers.get('content-type') ?? '';
      const ctx = new OfflineAudioContext(1, 1, 48_000);
      const buf = await ctx.decodeAudioData(await res.arrayBuffer());
      const x = buf.getChannelData(0);
      let loudest = 0;
      for (const v of x) loudest = Math.max(loudest, Math.abs(v));
      const clicks: number[] = [];
      const quiet = Math.round(0.05 * buf.sampleRate);
      let lastLoud = -Infinity;
      for (let i = 0; i < x.length; i++) {
        if (Math.abs(x[i]!) < loudest / 4) continue;
        if (i - lastLoud > quiet) clicks.push(i / buf.sampleRate);
        lastLoud = i;
      }
      return { clicks, seconds: buf.duration, mime };
    },
    { url, token },
  );
}

/**
 * A stored take (any format the browser plays: Opus in WebM, WAV) decoded by Chromium at
 * `sampleRate`, downloaded with the page's token: what a listener's browser gets.
 */
export async function decodeStoredTake(
  page: Page,
  url: string,
  token: string,
  sampleRate = 48_000,
): Promise<{ sampleRate: number; mime: string; channels: Float32Array[] }> {
  const out = await page.evaluate(
    async ({ url, token, sampleRate }) => {
      const res = await fetch(`${url}?token=${encodeURIComponent(token)}`);
      if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
      const buf = await new OfflineAudioContext(1, 1, sampleRate).decodeAudioData(await res.arrayBuffer());
      const channels: string[] = [];
      for (let c = 0; c < buf.numberOfChannels; c++) {
        // Base64 of the raw floats: far smaller and faster over the protocol than a JSON array.
        const bytes = new Uint8Array(buf.getChannelData(c).slice().buffer);
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        channels.push(btoa(s));
      }
      return { sampleRate: buf.sampleRate, mime: res.headers.get('content-type') ?? '', channels };
    },
    { url, token, sampleRate },
  );
  return {
    sampleRate: out.sampleRate,
    mime: out.mime,
    channels: out.channels.map((b64) => {
      const bytes = Buffer.from(b64, 'base64');
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }),
  };
}
