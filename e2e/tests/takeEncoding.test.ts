/**
 * The take encoder (client `recording/takeEncoding.ts`) in real Chromium: a known click pattern is
 * encoded as Opus in WebM and as WAV, decoded again with the browser's own `decodeAudioData`, and
 * every click must come back where it was written — file time 0 is the first captured frame, so a
 * take's placement (backlog SPEC B8) survives the compressed format (the codec's pre-skip is
 * honoured, not played as a delay).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { bundleClientModule } from '../support/bundleClientModule.ts';

/** A page on a real (secure, loopback) origin: WebCodecs exists only in a secure context. */
const ORIGIN = 'http://127.0.0.1:9/';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const script = await bundleClientModule('src/recording/takeEncoding.ts', 'RiffboardTakeEncoding');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.route(`${ORIGIN}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>take encoding</title>' }),
  );
  await page.goto(ORIGIN);
  await page.addScriptTag({ content: script });
});

afterAll(async () => {
  await browser?.close();
});

interface Roundtrip {
  readonly mime: string;
  readonly bytes: number;
  readonly decodedSeconds: number;
  /** Per click: where its peak was written and where the decoded file has it, in seconds. */
  readonly clicks: { readonly written: number; readonly decoded: number }[];
}

/** Writes clicks at known frames, encodes, decodes with the browser, finds each click's peak. */
function roundtrip(p: Page, format: 'compressed' | 'lossless', sampleRate: number, channels: number): Promise<Roundtrip> {
  return p.evaluate(
    async ({ format, sampleRate, channels }) => {
      const { encodeTake } = (window as unknown as { RiffboardTakeEncoding: typeof import('../../client/src/recording/takeEncoding.ts') })
        .RiffboardTakeEncoding;
      const seconds = 6;
      const frames = seconds * sampleRate;
      // Clicks at irregular times (none on a codec frame boundary by design), the first one 37 ms
      // in: a pre-skip of 6.5 ms left in the file would move every one of them.
      const at = [0.037, 0.5, 1.2345, 2.0001, 3.3333, 4.75, 5.5];
      const planar = Array.from({ length: channels }, () => new Float32Array(frames));
      const burst = Math.round(0.004 * sampleRate);
      for (const t of at) {
        const start = Math.round(t * sampleRate);
        for (let i = 0; i < burst; i++) {
          // A 2 kHz tone whose peak is its first cycle's crest, decaying fast: one clear maximum.
          const v = 0.8 * Math.sin((2 * Math.PI * 2000 * i) / sampleRate) * Math.exp(-i / (0.0008 * sampleRate));
          for (const ch of planar) ch[start + i] = v;
        }
      }
      const peakIn = (x: Float32Array, centre: number): number => {
        const w = Math.round(0.03 * sampleRate);
        let best = -1;
        let bestAbs = -1;
        for (let i = Math.max(0, centre - w); i < Math.min(x.length, centre + w); i++) {
          const a = Math.abs(x[i]!);
          if (a > bestAbs) [best, bestAbs] = [i, a];
        }
        return best / sampleRate;
      };
      const encoded = await encodeTake(planar, sampleRate, format);
      const ctx = new OfflineAudioContext(channels, frames, sampleRate);
      const decoded = await ctx.decodeAudioData(encoded.bytes.slice().buffer);
      const out = decoded.getChannelData(0);
      return {
        mime: encoded.mime,
        bytes: encoded.bytes.length,
        decodedSeconds: decoded.duration,
        clicks: at.map((t) => ({
          written: peakIn(planar[0]!, Math.round(t * sampleRate)),
          decoded: peakIn(out, Math.round(t * sampleRate)),
        })),
      };
    },
    { format, sampleRate, channels },
  );
}

describe('take encoding (Chromium)', () => {
  for (const sampleRate of [44_100, 48_000]) {
    it(`K7 compressed (Opus in WebM) at ${sampleRate} Hz: every click decodes within 0.1 ms of where it was written, and the length is kept`, async () => {
      const r = await roundtrip(page, 'compressed', sampleRate, 1);
      expect(r.mime).toBe('audio/webm');
      const errors = r.clicks.map((c) => Math.abs(c.decoded - c.written) * 1000);
      expect(Math.max(...errors), `errors in ms: ${errors.map((e) => e.toFixed(3)).join(', ')}`).toBeLessThan(0.1);
      expect(Math.abs(r.decodedSeconds - 6)).toBeLessThan(0.03);
      // 96 kb/s for 6 s is 72 kB; a float WAV would be ~1.1 MB.
      expect(r.bytes).toBeLessThan(100_000);
    });
  }

  it('K7 lossless (WAV) keeps every click on its exact sample, in stereo too', async () => {
    const r = await roundtrip(page, 'lossless', 44_100, 2);
    expect(r.mime).toBe('audio/wav');
    for (const c of r.clicks) expect(c.decoded).toBe(c.written);
    expect(r.decodedSeconds).toBeCloseTo(6, 6);
  });
});
