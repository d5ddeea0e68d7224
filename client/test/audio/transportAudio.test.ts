/**
 * The metronome's scheduler against a main thread that stalls (A6): a page ticking on a fake
 * clock, whose ticks the test runs (a healthy page) or withholds (a stall: a long render, a GC
 * pause), with an audio context that keeps its own time meanwhile, as the render thread does.
 * What the fake metronome holds when the context reaches a click's time is what is heard.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTimeline, tempoMapFromSections, ticks, transportClicks, type TempoTimeline, type TransportState } from '@riffboard/shared';
import { TransportAudio, type TransportFeed } from '../../src/audio/TransportAudio.ts';
import type { AudioEngine } from '../../src/audio/audioEngine.ts';

/** Server time = performance time + this (the server-clock estimate, exact here). */
const SERVER_MS = 1_700_000_000_000;
/** Performance time − context time × 1000 (the audio clock's offset, output latency included). */
const AUDIO_MS = 40;
const TICK_MS = 25;
/** Play for everyone starts the count-in a lead time after the press (X2). */
const LEAD_MS = 300;

const timelineAt = (bpm: number): TempoTimeline =>
  buildTimeline(tempoMapFromSections([{ id: 's0', name: 'Verse', bars: 8, bpm, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]));

const STOPPED: TransportState = { playback: { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 }, loop: undefined };

/** One page: its main thread (ticks run only when the test says so), its audio context, its room. */
class Page {
  perfMs = 10_000;
  running = true;
  private contextMs = this.perfMs - AUDIO_MS;
  private onTick: (() => void) | undefined;
  private onChange: (() => void) | undefined;
  view: { timeline: TempoTimeline; state: TransportState } = { timeline: timelineAt(120), state: STOPPED };
  /** Clicks in the metronome (context seconds), cancelled ones removed. */
  queued: { time: number; accent: boolean }[] = [];
  readonly audio: TransportAudio;

  constructor() {
    vi.stubGlobal('window', {
      setInterval: (fn: () => void) => ((this.onTick = fn), 1),
      clearInterval: () => undefined,
    });
    vi.spyOn(performance, 'now').mockImplementation(() => this.perfMs);
    const feed: TransportFeed = {
      read: () => this.view,
      subscribe: (fn) => ((this.onChange = fn), () => undefined),
      serverNow: () => this.perfMs + SERVER_MS,
      toPerf: (ms) => ms - SERVER_MS,
      settled: () => true,
      uncertaintyMs: () => 1,
      acceptedBoundMs: () => 5,
    };
    const running = (): boolean => this.running;
    const contextNow = (): number => this.contextMs / 1000;
    const engine = {
      get running() {
        return running();
      },
      raw: {
        get currentTime() {
          return contextNow();
        },
      },
      clock: {
        sample: () => undefined,
        ready: () => true,
        offsetMs: () => this.perfMs - this.contextMs,
        perfTimeOf: (t: number) => t * 1000 + this.perfMs - this.contextMs,
      },
      metronome: {
        click: (time: number, accent: boolean) => void this.queued.push({ time, accent }),
        cancelFrom: (time: number) => void (this.queued = this.queued.filter((q) => q.time < time)),
      },
      tap: undefined,
    };
    this.audio = new TransportAudio(engine as unknown as AudioEngine, feed);
  }

  serverNow(): number {
    return this.perfMs + SERVER_MS;
  }

  /** A change to the room's document: the transport's observer runs at once, as Yjs's does. */
  set(view: Partial<Page['view']>): void {
    this.view = { ...this.view, ...view };
    this.onChange?.();
  }

  /** A healthy main thread: a tick every TICK_MS. */
  run(ms: number): void {
    for (let t = 0; t < ms; t += TICK_MS) {
      this.advance(TICK_MS);
      this.onTick?.();
    }
  }

  /** A stalled main thread: time (and the audio) goes on, no tick runs until it ends. */
  stall(ms: number): void {
    this.advance(ms);
    this.onTick?.();
  }

  advance(ms: number): void {
    this.perfMs += ms;
    if (this.running) this.contextMs += ms;
  }

  /** Clicks queued that the context has not reached yet. */
  pending(): { time: number; accent: boolean }[] {
    return this.queued.filter((q) => q.time > this.contextMs / 1000);
  }

  /** The server times of the clicks heard so far: queued ones the context has reached. */
  heard(): number[] {
    const now = this.contextMs / 1000;
    return this.queued.filter((q) => q.time <= now).map((q) => Math.round(q.time * 1000 + AUDIO_MS + SERVER_MS));
  }
}

/** Play for everyone pressed now: a bar of count-in from a lead time on, then the song from bar 1. */
function pressPlay(page: Page): number {
  const countInFrom = page.serverNow() + LEAD_MS;
  page.set({
    state: { playback: { playing: true, fromTicks: ticks(0), startServerMs: countInFrom + 2000, countInBars: 1 }, loop: undefined },
  });
  return countInFrom;
}

/** The clicks the shared schedule has in [from, to] (X6), rounded like `heard`. */
const modelClicks = (page: Page, from: number, to: number): number[] =>
  transportClicks(page.view.timeline, page.view.state, from, to + 0.5).map((c) => Math.round(c.serverMs));

describe('TransportAudio on a main thread that stalls', () => {
  let page: Page;
  beforeEach(() => {
    page = new Page();
    page.run(500);
  });
  afterEach(() => {
    page.audio.dispose();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it.each([0, 100, 290, 600, 1200, 1900])(
    'A6 a 1 s stall beginning %i ms after Play for everyone drops no click of the count-in or after it, each heard at its time',
    (stallAfterMs) => {
      const countInFrom = pressPlay(page);
      page.run(stallAfterMs);
      page.stall(1000);
      page.run(4000);
      const heard = page.heard();
      expect(heard.slice(0, 4)).toEqual([0, 500, 1000, 1500].map((d) => countInFrom + d));
      expect(heard).toEqual(modelClicks(page, countInFrom, page.serverNow()));
    },
  );

  it('A6 a stall longer than the lookahead loses the clicks whose time passed, and plays none of them late', () => {
    const countInFrom = pressPlay(page);
    page.stall(2500);
    const wokeAt = page.serverNow();
    page.run(2000);
    const model = modelClicks(page, countInFrom, page.serverNow());
    // Heard on time or not at all: the ones lost are exactly those due before the page woke, beyond the lookahead.
    const heard = page.heard();
    expect(heard.every((t) => model.includes(t))).toBe(true);
    expect(heard.filter((t) => t >= wokeAt)).toEqual(model.filter((t) => t >= wokeAt));
    expect(heard.length).toBeLessThan(model.length);
  });

  it('A6 Stop and tempo edits take effect at once, whatever the lookahead holds', () => {
    pressPlay(page);
    page.run(3000);
    // A tempo edit while playing: what was queued on the old grid goes, the new grid is queued from now.
    const editAt = page.serverNow();
    page.set({ timeline: timelineAt(90) });
    page.run(3000);
    expect(page.heard().filter((t) => t >= editAt)).toEqual(modelClicks(page, editAt, page.serverNow()));
    // Stop: nothing more is heard, though clicks were queued 1.5 s ahead.
    const heardBefore = page.heard().length;
    page.set({ state: STOPPED });
    page.run(3000);
    expect(page.heard()).toHaveLength(heardBefore);
  });

  it('A6 clicks queued when the audio context stops are cancelled: after a resume they would sound late', () => {
    pressPlay(page);
    page.run(1150); // the count-in's third click (at 1300 ms) is queued by any lookahead over 150 ms
    expect(page.pending().length).toBeGreaterThan(0);
    page.running = false;
    page.run(TICK_MS);
    expect(page.pending()).toEqual([]);
  });
});
