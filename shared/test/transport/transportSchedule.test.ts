import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  barStartSeconds,
  barStartTicks,
  beatGrid,
  countInSeconds,
  loopSpan,
  nextDownbeat,
  playFrom,
  readTransport,
  reanchor,
  seconds,
  seekTo,
  stopAt,
  ticks,
  transportAt,
  transportClicks,
  writeLoop,
  writePlayback,
  type SectionSketch,
  type TransportState,
} from '../../src/index.ts';
import { timelineOf } from '../tempo/sketch.ts';
import { tempoMap } from '../tempo/arbitraries.ts';

const sec = (name: string, bars: number, bpm: number, num = 4, den = 4, ramp: 'none' | 'linear' = 'none'): SectionSketch => ({
  name,
  bars,
  bpm,
  meterNumerator: num,
  meterDenominator: den,
  ramp,
});

const T0 = 1_700_000_000_000; // a server time in epoch ms, as the server reports it
const song = timelineOf(
  [sec('Intro', 2, 120), sec('Verse', 2, 90, 3, 4, 'linear'), sec('Chorus', 2, 150, 6, 8)].map((s, i) => ({ ...s, id: `s${i}` })),
);

const playing = (fromBar = 1, countInBars = 0, loop?: TransportState['loop']): TransportState => ({
  playback: { playing: true, fromTicks: barStartTicks(song, fromBar), startServerMs: T0, countInBars },
  loop,
});

describe('X1 transport state in the doc', () => {
  it('X1 round-trips playback and loop, and reads garbage as stopped / no loop', () => {
    const doc = new Y.Doc();
    expect(readTransport(doc)).toEqual({ playback: { playing: false, fromTicks: 0, startServerMs: 0, countInBars: 0 }, loop: undefined });
    writePlayback(doc, { playing: true, fromTicks: ticks(960), startServerMs: T0, countInBars: 1 }, 'local');
    writeLoop(doc, { startBar: 2, endBar: 4, sectionId: 's1' }, 'local');
    expect(readTransport(doc)).toEqual({
      playback: { playing: true, fromTicks: 960, startServerMs: T0, countInBars: 1 },
      loop: { startBar: 2, endBar: 4, sectionId: 's1' },
    });
    doc.getMap('transport').set('playback', { playing: 'yes', fromTicks: NaN });
    doc.getMap('transport').set('loop', { startBar: 5, endBar: 3 });
    expect(readTransport(doc)).toEqual({ playback: { playing: false, fromTicks: 0, startServerMs: 0, countInBars: 0 }, loop: undefined });
  });

  it('X1 concurrent Play and Stop converge to one whole state on both replicas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writePlayback(a, { playing: true, fromTicks: ticks(1920), startServerMs: T0, countInBars: 1 }, 'local');
    writePlayback(b, { playing: false, fromTicks: ticks(480), startServerMs: 0, countInBars: 0 }, 'local');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ra = readTransport(a).playback;
    expect(readTransport(b).playback).toEqual(ra);
    expect([1920, 480]).toContain(ra.fromTicks);
    expect(ra.playing).toBe(ra.fromTicks === 1920);
  });
});

describe('X2 count-in and start', () => {
  it('X2 one bar of count-in at the start point’s meter and tempo, downbeat first, then bar 1 beat 1 at the start time', () => {
    const st = playing(3, 1); // Verse: 3/4 at 90 BPM, ramping
    const clicks = transportClicks(song, st, T0 - 5000, T0 + 1);
    const countIn = clicks.filter((c) => c.countIn);
    expect(countIn.map((c) => c.beat)).toEqual([1, 2, 3]);
    expect(countIn.map((c) => c.isDownbeat)).toEqual([true, false, false]);
    const beat = 60 / 90;
    countIn.forEach((c, i) => expect(c.serverMs).toBeCloseTo(T0 - (3 - i) * beat * 1000, 6));
    const first = clicks.find((c) => !c.countIn)!;
    expect(first).toMatchObject({ bar: 3, beat: 1, isDownbeat: true });
    expect(first.serverMs).toBeCloseTo(T0, 6);
  });

  it('X2 playFrom places the count-in a lead time after now', () => {
    const p = playFrom(song, barStartTicks(song, 1), T0, 1, 300);
    expect(p.startServerMs).toBeCloseTo(T0 + 300 + countInSeconds(song, p) * 1000, 6);
    expect(countInSeconds(song, p)).toBeCloseTo(2, 9); // 4/4 at 120
    const st: TransportState = { playback: p, loop: undefined };
    expect(nextDownbeat(song, st, T0)?.serverMs).toBeCloseTo(T0 + 300, 6);
    expect(transportAt(song, st, T0 + 100)).toMatchObject({ phase: 'countIn', beat: 0 });
    expect(transportAt(song, st, T0 + 300 + 600)).toMatchObject({ phase: 'countIn', beat: 2, beats: 4 });
  });
});

describe('X3 position from server time', () => {
  it('X3 a late joiner computes the bar and beat from the doc and the server time alone', () => {
    const st = playing(1);
    // 2 bars of 4/4 at 120 = 4 s, then the ramp; 1.25 s in = bar 1 beat 3 (0.5 s per beat).
    expect(transportAt(song, st, T0 + 1250).position).toMatchObject({ bar: 1, beat: 3 });
    const verse = barStartSeconds(song, 3);
    expect(transportAt(song, st, T0 + verse * 1000 + 1)).toMatchObject({ phase: 'playing', position: { bar: 3, beat: 1 } });
    expect(transportAt(song, st, T0 + song.totalSeconds * 1000 + 10).phase).toBe('ended');
  });

  it('X3 the clicks over a whole play-through are the beat grid shifted to the start time (property)', () => {
    fc.assert(
      fc.property(tempoMap(4, 6), fc.integer({ min: 1, max: 30 }), (map, splits) => {
        const tl = timelineOf(map);
        const st: TransportState = { playback: { playing: true, fromTicks: ticks(0), startServerMs: T0, countInBars: 0 }, loop: undefined };
        const end = T0 + tl.totalSeconds * 1000 + 1000;
        // Scheduled in windows of arbitrary size, as the scheduler does: every beat once.
        const step = (end - T0) / splits;
        const clicks = [];
        for (let i = 0; i < splits; i++)
          clicks.push(...transportClicks(tl, st, T0 + i * step, i === splits - 1 ? end : T0 + (i + 1) * step));
        const grid = beatGrid(tl, seconds(0), tl.totalSeconds);
        expect(clicks.length).toBe(grid.length);
        clicks.forEach((c, i) => {
          expect(Math.abs(c.serverMs - (T0 + grid[i]!.seconds * 1000))).toBeLessThan(1e-3);
          expect(c.isDownbeat).toBe(grid[i]!.isDownbeat);
        });
      }),
      { seed: 7001, numRuns: 200 },
    );
  });
});

describe('X4 loops', () => {
  it('X4 a section loop wraps to the section start and clicks its downbeat again, every pass', () => {
    const st = playing(1, 0, { startBar: 3, endBar: 5, sectionId: 's1' });
    const span = loopSpan(song, st.loop)!;
    expect(span.start).toBeCloseTo(barStartSeconds(song, 3), 9);
    const len = span.end - span.start;
    const clicks = transportClicks(song, st, T0, T0 + (span.end + 3 * len) * 1000);
    const downbeatsOfBar3 = clicks.filter((c) => c.bar === 3 && c.beat === 1);
    expect(downbeatsOfBar3).toHaveLength(4);
    downbeatsOfBar3.forEach((c, k) => expect(c.serverMs).toBeCloseTo(T0 + (span.start + k * len) * 1000, 3));
    expect(clicks.some((c) => c.bar >= 5)).toBe(false);
    expect(transportAt(song, st, T0 + (span.end + 0.5 * len) * 1000).songSeconds).toBeCloseTo(span.start + 0.5 * len, 6);
  });

  it('X4 a loop follows its section when the map changes; starting after the loop plays on', () => {
    const moved = timelineOf(
      [sec('Verse', 2, 90, 3, 4, 'linear'), sec('Intro', 2, 120), sec('Chorus', 2, 150, 6, 8)].map((s, i) => ({
        ...s,
        id: ['s1', 's0', 's2'][i],
      })),
    );
    expect(loopSpan(moved, { startBar: 3, endBar: 5, sectionId: 's1' })?.start).toBe(0);
    const st = playing(5, 0, { startBar: 3, endBar: 5 });
    expect(transportAt(song, st, T0 + 60_000).phase).toBe('ended');
  });

  it('X4 windowed clicks across wraps equal one big window (property)', () => {
    fc.assert(
      fc.property(tempoMap(3, 4), fc.integer({ min: 2, max: 40 }), fc.nat(), fc.nat(), (map, splits, a, b) => {
        const tl = timelineOf(map);
        const startBar = 1 + (a % tl.totalBars);
        const endBar = startBar + 1 + (b % (tl.totalBars - startBar + 1));
        const st: TransportState = {
          playback: { playing: true, fromTicks: ticks(0), startServerMs: T0, countInBars: 1 },
          loop: { startBar, endBar },
        };
        const end = T0 + 3 * tl.totalSeconds * 1000;
        const whole = transportClicks(tl, st, T0 - 20_000, end);
        const parts = [];
        const step = (end - T0 + 20_000) / splits;
        for (let i = 0; i < splits; i++)
          parts.push(...transportClicks(tl, st, T0 - 20_000 + i * step, i === splits - 1 ? end : T0 - 20_000 + (i + 1) * step));
        expect(parts.map((c) => `${c.bar}.${c.beat}`)).toEqual(whole.map((c) => `${c.bar}.${c.beat}`));
        for (let i = 1; i < whole.length; i++) expect(whole[i]!.serverMs).toBeGreaterThan(whole[i - 1]!.serverMs);
        const loopStart = barStartSeconds(tl, startBar);
        expect(whole.filter((c) => !c.countIn).every((c) => c.songSeconds < barStartSeconds(tl, endBar) + 1e-6)).toBe(true);
        expect(whole.filter((c) => !c.countIn && Math.abs(c.songSeconds - loopStart) < 1e-6).length).toBeGreaterThanOrEqual(
          startBar === 1 ? 3 : 2,
        );
      }),
      { seed: 7002, numRuns: 200 },
    );
  });

  it('X4 re-anchoring keeps the position continuous', () => {
    const st = playing(1);
    const now = T0 + 3210;
    const p = reanchor(song, st, now, 300)!;
    expect(transportAt(song, { playback: p, loop: undefined }, now + 300).songSeconds).toBeCloseTo(
      transportAt(song, st, now + 300).songSeconds,
      6,
    );
    expect(transportAt(song, { playback: p, loop: undefined }, now + 1300).songSeconds).toBeCloseTo(
      transportAt(song, st, now + 1300).songSeconds,
      6,
    );
  });
});

describe('X5 seek and stop', () => {
  it('X5 stop parks at the start of the bar being played; seek while playing continues from the new point without count-in', () => {
    const st = playing(1, 1);
    const stopped = stopAt(song, st, T0 + 2600); // bar 2 of 4/4 at 120
    expect(stopped).toMatchObject({ playing: false, fromTicks: barStartTicks(song, 2) });
    const seek = seekTo(st, barStartTicks(song, 5), T0 + 5000, 300);
    expect(seek).toMatchObject({ playing: true, startServerMs: T0 + 5300, countInBars: 0 });
    expect(transportAt(song, { playback: seek, loop: undefined }, T0 + 5300 + 1).position).toMatchObject({ bar: 5, beat: 1 });
    expect(seekTo({ playback: stopped, loop: undefined }, barStartTicks(song, 4), T0)).toMatchObject({
      playing: false,
      fromTicks: barStartTicks(song, 4),
    });
  });
});
