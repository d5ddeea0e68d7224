/**
 * "End on the bar" rendered offline in real Chromium through the client's own code path (shared
 * schedule → snapEndToBar → Metronome and CueVoice on Tone): for nominal ends spread over a map
 * with a tempo change, a linear ramp and meter changes, the end chime starts on the very sample of
 * the metronome's downbeat, and that downbeat is the model's first bar line at or after the
 * nominal end. (F4 in shared/src/facilitation/SPEC.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { loadOfflineCue, measureEndOnBar } from '../support/endOnBarRender.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await loadOfflineCue(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('end on the bar, offline render', () => {
  it('F4 the end chime starts on the same sample as the metronome downbeat, on the first bar line at or after the nominal end', async () => {
    // In the steady intro, inside the ramp, just past a bar line, and in the 7/8 outro.
    for (const nominal of [1.3, 5.1, 6.02, 9.7]) {
      const m = await measureEndOnBar(page, nominal);
      expect(m.barSeconds).toBeGreaterThanOrEqual(nominal);
      expect(m.offsetSamples, `chime vs downbeat at nominal ${nominal} s`).toBe(0);
      expect(Math.abs(m.modelOffsetSamples), `chime vs model bar line at nominal ${nominal} s`).toBeLessThanOrEqual(1);
    }
  });
});
