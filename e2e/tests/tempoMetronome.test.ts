/**
 * The metronome, rendered offline in real Chromium through the same code path as live playback
 * (shared schedule → Metronome → Tone), for a map with a tempo change, a linear ramp and a meter
 * change: every click onset in the samples is within 1 ms of the tempo model's beat time, and
 * exactly the downbeats are accented. (T3 ramps, T5 beat grid, X2 count-in.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { beatGrid, buildTimeline, seconds, tempoMapFromSections, type SectionSketch } from '@riffboard/shared';
import { launchChromium } from '../support/browser.ts';
import { bundleClientModule } from '../support/bundleClientModule.ts';

const SKETCH: SectionSketch[] = [
  { name: 'Intro', bars: 2, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
  // tempo change 100 → 132, then a linear ramp 132 → 84 over 3 bars of 3/4 (meter change)
  { name: 'Verse', bars: 3, bpm: 132, meterNumerator: 3, meterDenominator: 4, ramp: 'linear' },
  { name: 'Outro', bars: 2, bpm: 84, meterNumerator: 7, meterDenominator: 8, ramp: 'none' },
];
const MAP = tempoMapFromSections(SKETCH);
const START = 3; // bar 1 sounds 3 s into the render; the count-in bar precedes it
const SAMPLE_RATE = 48_000;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const script = await bundleClientModule('src/audio/offlineMetronome.ts', 'RiffboardOffline');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>offline metronome</title>');
  await page.addScriptTag({ content: script });
});

afterAll(async () => {
  await browser?.close();
});

/** Onsets: the first sample above a low threshold after at least 10 ms of near-silence. */
function onsets(samples: Float32Array, sampleRate: number): { index: number; peak: number }[] {
  const out: { index: number; peak: number }[] = [];
  const quiet = Math.round(0.01 * sampleRate);
  let lastLoud = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!);
    if (a > 0.02) {
      if (i - lastLoud > quiet) {
        let peak = 0;
        for (let j = i; j < Math.min(samples.length, i + Math.round(0.003 * sampleRate)); j++) peak = Math.max(peak, Math.abs(samples[j]!));
        out.push({ index: i, peak });
      }
      lastLoud = i;
    }
  }
  return out;
}

describe('metronome offline render (Chromium, Tone.Offline)', () => {
  it('T3/T5/X2 every click is within 1 ms of the model’s beat time, and only downbeats are accented', async () => {
    const tl = buildTimeline(MAP);
    const duration = START + tl.totalSeconds + 0.5;
    const rendered = await page.evaluate(
      async ({ map, start, duration, sampleRate }) => {
        const mod = (window as unknown as { RiffboardOffline: typeof import('../../client/src/audio/offlineMetronome.ts') })
          .RiffboardOffline;
        const r = await mod.renderMetronomeOffline(map, { startSeconds: start, durationSeconds: duration, countInBars: 1, sampleRate });
        // Raw float32 bytes as base64: a fraction of the size of a JSON array of numbers.
        const bytes = new Uint8Array(r.samples.buffer, r.samples.byteOffset, r.samples.byteLength);
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { sampleRate: r.sampleRate, base64: btoa(bin) };
      },
      { map: MAP, start: START, duration, sampleRate: SAMPLE_RATE },
    );
    const { sampleRate } = rendered;
    const raw = Buffer.from(rendered.base64, 'base64');
    const samples = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    expect(sampleRate).toBe(SAMPLE_RATE);

    // The model: one bar of 4/4 count-in at 100 BPM, then the whole song's beat grid.
    const countInBeat = 60 / 100;
    const expected = [
      ...[0, 1, 2, 3].map((i) => ({ time: START - (4 - i) * countInBeat, downbeat: i === 0 })),
      ...beatGrid(tl, seconds(0), tl.totalSeconds).map((b) => ({ time: START + b.seconds, downbeat: b.isDownbeat })),
    ];
    const found = onsets(samples, sampleRate);
    expect(found.length).toBe(expected.length); // 4 + 8 + 9 + 14 = 35 clicks, none dropped or doubled

    const errorsMs = expected.map((e, i) => (found[i]!.index / sampleRate - e.time) * 1000);
    for (const err of errorsMs) expect(Math.abs(err)).toBeLessThanOrEqual(1);

    // Accents: every downbeat is louder than every other beat.
    const downPeaks = found.filter((_, i) => expected[i]!.downbeat).map((o) => o.peak);
    const otherPeaks = found.filter((_, i) => !expected[i]!.downbeat).map((o) => o.peak);
    expect(downPeaks.length).toBe(1 + 2 + 3 + 2);
    expect(Math.min(...downPeaks)).toBeGreaterThan(1.5 * Math.max(...otherPeaks));
    console.info(`onset error: max ${Math.max(...errorsMs.map(Math.abs)).toFixed(3)} ms over ${found.length} clicks`);
  });
});
