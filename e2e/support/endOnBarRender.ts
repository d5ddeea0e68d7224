/**
 * Renders "end on the bar" in Chromium through the client's own code (`offlineCue.ts`) and finds,
 * in the samples, how far the end chime's onset is from the metronome onset it should coincide
 * with. Shared by the browser test and the benchmark.
 */
import type { Page } from 'playwright-core';
import { barStartSeconds, buildTimeline, tempoMapFromSections, type SectionSketch, type TempoMapData } from '@riffboard/shared';
import { bundleClientModule } from './bundleClientModule.ts';

/** 4/4 at 100 → a ramp to 84 over 3 bars of 3/4 → 7/8: a tempo change, a ramp and two meter changes. */
const END_ON_BAR_SKETCH: SectionSketch[] = [
  { name: 'Intro', bars: 2, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
  { name: 'Verse', bars: 3, bpm: 132, meterNumerator: 3, meterDenominator: 4, ramp: 'linear' },
  { name: 'Outro', bars: 3, bpm: 84, meterNumerator: 7, meterDenominator: 8, ramp: 'none' },
];
/** The same song as a tempo map (form, tempo points, meter changes). */
export const END_ON_BAR_MAP: TempoMapData = tempoMapFromSections(END_ON_BAR_SKETCH);
const START = 0.5;

export async function loadOfflineCue(page: Page): Promise<void> {
  const script = await bundleClientModule('src/audio/offlineCue.ts', 'RiffboardOfflineCue');
  await page.setContent('<!doctype html><title>offline cue</title>');
  await page.addScriptTag({ content: script });
}

/** The first sample above a low threshold at or after `from` (Chromium starts buffers between samples). */
function firstOnset(samples: Float32Array, from = 0): number {
  for (let i = Math.max(0, from); i < samples.length; i++) if (Math.abs(samples[i]!) > 0.02) return i;
  return -1;
}

export interface EndOnBarMeasure {
  readonly nominalSeconds: number;
  /** Model time of the bar line the chime should be on (render seconds). */
  readonly barSeconds: number;
  readonly chimeOnset: number;
  readonly clickOnset: number;
  /** Chime onset − metronome onset, in samples. */
  readonly offsetSamples: number;
  /** Chime onset − model bar line, in samples. */
  readonly modelOffsetSamples: number;
  readonly sampleRate: number;
}

/** Renders one countdown ending at `nominalSeconds` into the song and measures the chime against its downbeat. */
export async function measureEndOnBar(page: Page, nominalSeconds: number, sampleRate = 48_000): Promise<EndOnBarMeasure> {
  const tl = buildTimeline(END_ON_BAR_MAP);
  const duration = START + tl.totalSeconds + 2;
  const r = await page.evaluate(
    async ({ map, start, nominal, duration, sampleRate }) => {
      const mod = (window as unknown as { RiffboardOfflineCue: typeof import('../../client/src/audio/offlineCue.ts') }).RiffboardOfflineCue;
      const out = await mod.renderEndOnBarOffline(map, {
        startSeconds: start,
        nominalEndSeconds: start + nominal,
        durationSeconds: duration,
        sampleRate,
      });
      // Only the neighbourhood of the chime travels back: 50 ms before to 50 ms after.
      const from = Math.max(0, Math.round((out.chimeSeconds - 0.05) * out.sampleRate));
      const to = Math.min(out.chime.length, Math.round((out.chimeSeconds + 0.05) * out.sampleRate));
      return {
        from,
        chime: Array.from(out.chime.subarray(from, to)),
        metronome: Array.from(out.metronome.subarray(from, to)),
        chimeSeconds: out.chimeSeconds,
        sampleRate: out.sampleRate,
      };
    },
    { map: END_ON_BAR_MAP, start: START, nominal: nominalSeconds, duration, sampleRate },
  );
  // The model's bar line: the first bar start at or after the nominal end.
  let barSeconds = Infinity;
  for (let bar = 1; bar <= tl.totalBars; bar++) {
    const s = barStartSeconds(tl, bar);
    if (s >= nominalSeconds) {
      barSeconds = START + s;
      break;
    }
  }
  const chimeOnset = r.from + firstOnset(Float32Array.from(r.chime));
  const clickOnset = r.from + firstOnset(Float32Array.from(r.metronome));
  return {
    nominalSeconds,
    barSeconds,
    chimeOnset,
    clickOnset,
    offsetSamples: chimeOnset - clickOnset,
    modelOffsetSamples: chimeOnset - barSeconds * r.sampleRate,
    sampleRate: r.sampleRate,
  };
}
