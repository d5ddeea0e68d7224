/**
 * Reading what a page with the app's audio tap on (`RoomActor.join(…, { audioTap: true })`)
 * actually played: the clicks its master bus rendered, each matched to its place in the shared
 * schedule and timed through the page's output timestamp on this machine's wall clock.
 */
import type { Page } from 'playwright-core';

/** Mirrors the client's `HeardClick` (client/src/audio/TransportAudio.ts). */
export interface HeardClick {
  readonly modelServerMs: number;
  readonly isDownbeat: boolean;
  readonly localEpochMs: number;
  readonly serverMs: number;
  readonly renderErrorMs: number;
  readonly peak: number;
}

/** Mirrors the client's `MappingStats`. */
export interface MappingStats {
  readonly gapMs: number;
  readonly largestSlewMs: number;
  readonly stepsWhilePlaying: number;
  readonly slipsWhilePlaying: number;
  readonly audioOffsetMs: number;
  readonly serverOffsetMs: number;
}

/** Mirrors the client's `HeardOnset`: any onset the tap heard. */
export interface HeardOnset {
  readonly localEpochMs: number;
  readonly peak: number;
}

interface TapHook {
  heard(): HeardClick[];
  onsets(): HeardOnset[];
  mapping(): MappingStats;
}

/**
 * How far the machine's wall clock, read now, is from the page's `performance.timeOrigin +
 * performance.now()` (ms). The time origin is a wall-clock reading taken when the page was
 * created; on this shared machine the wall clock has been seen to move by hundreds of
 * milliseconds against the monotonic clock within minutes (pages created seconds apart had
 * origins 60–140 ms apart relative to each other), so comparing pages through their origins
 * compares when they were created. Read at the same moment in every page, the wall clock itself
 * is the common ruler: the edge where `Date.now()` ticks over is found to the resolution of
 * `performance.now()` (0.1 ms), and the median of a few edges is kept.
 */
export async function wallClockCorrectionMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const edges: number[] = [];
    for (let k = 0; k < 5; k++) {
      const d0 = Date.now();
      let d = d0;
      let p = performance.now();
      while (d === d0) {
        p = performance.now();
        d = Date.now();
      }
      edges.push(d - (performance.timeOrigin + p));
    }
    edges.sort((a, b) => a - b);
    return edges[2]!;
  });
}

/** Whether the page's tap is installed and listening (the worklet module loaded). */
export const tapReady = (page: Page): Promise<boolean> =>
  page.evaluate(() => (window as unknown as { riffboardAudioTap?: unknown }).riffboardAudioTap !== undefined);

export const heardClicks = (page: Page): Promise<HeardClick[]> =>
  page.evaluate(() => (window as unknown as { riffboardAudioTap?: TapHook }).riffboardAudioTap?.heard() ?? []);

export const heardOnsets = (page: Page): Promise<HeardOnset[]> =>
  page.evaluate(() => (window as unknown as { riffboardAudioTap?: TapHook }).riffboardAudioTap?.onsets() ?? []);

export const mappingStats = (page: Page): Promise<MappingStats | undefined> =>
  page.evaluate(() => (window as unknown as { riffboardAudioTap?: TapHook }).riffboardAudioTap?.mapping());

/** The first downbeat of the newest start, as the page scheduled it and as its tap heard it. */
export async function heardFirstDownbeat(page: Page): Promise<{ model: number; scheduled: number; heard: number } | undefined> {
  const r = await page.getByTestId('clock-sync').evaluate((el) => ({
    model: el.getAttribute('data-first-downbeat-model-ms'),
    scheduled: el.getAttribute('data-first-downbeat-local-ms'),
    heard: el.getAttribute('data-first-downbeat-heard-local-ms'),
  }));
  return r.model && r.scheduled && r.heard ? { model: Number(r.model), scheduled: Number(r.scheduled), heard: Number(r.heard) } : undefined;
}
