import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  anchorFor,
  barStartTicks,
  buildTimeline,
  fileTimeAt,
  placeReference,
  playAlongSegments,
  references,
  seekTo,
  ticks,
  transportAt,
  type ReferenceAnchor,
  type TempoTimeline,
  type TransportState,
} from '../../src/index.ts';
import { timelineOf } from '../tempo/sketch.ts';
import { fullTempoMap } from '../tempo/arbitraries.ts';

const T0 = 1_700_000_000_000;
const steady = timelineOf([{ name: 'A', bars: 8, bpm: 120, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
const state = (tl: TempoTimeline, fromBar: number, loop?: TransportState['loop']): TransportState => ({
  playback: { playing: true, fromTicks: barStartTicks(tl, fromBar), startServerMs: T0, countInBars: 1 },
  loop,
});

/** Where the segments say the file is at server time `ms` (undefined = silent), and how many cover it. */
function fileAt(segs: ReturnType<typeof playAlongSegments>, ms: number): { at: number | undefined; covering: number } {
  const covering = segs.filter((s) => ms >= s.serverMs && ms < s.serverMs + (s.fileTo - s.fileFrom) * 1000);
  const s = covering[0];
  return { at: s ? s.fileFrom + (ms - s.serverMs) / 1000 : undefined, covering: covering.length };
}

describe('P1 a reference placed on the timeline', () => {
  it('P1 stores bar, beat and file time together, reads unusable anchors as not placed, and can be taken off', () => {
    const doc = new Y.Doc();
    const refs = references(doc);
    refs.put({ id: 'r', kind: 'audio', title: 'Demo', addedBy: 'Ana', addedAt: 1 }, 'local');
    placeReference(doc, 'r', { bar: 3, beat: 2, fileSeconds: -0.012 }, 'local');
    expect(refs.get('r')?.anchor).toEqual({ bar: 3, beat: 2, fileSeconds: -0.012 });
    const m = doc.getMap<Y.Map<unknown>>('references').get('r')!;
    for (const [k, v] of [
      ['anchorBar', 0],
      ['anchorBar', 2.5],
      ['anchorBeat', 'one'],
      ['anchorFileSeconds', Infinity],
      ['anchorFileSeconds', 1e9],
    ] as const) {
      placeReference(doc, 'r', { bar: 3, beat: 2, fileSeconds: 1 }, 'local');
      m.set(k, v);
      expect(refs.get('r')?.anchor).toBeUndefined();
    }
    placeReference(doc, 'r', undefined, 'local');
    expect(refs.get('r')?.anchor).toBeUndefined();
    expect([...m.keys()].some((k) => k.startsWith('anchor'))).toBe(false);
  });

  it('P1 only audio references are placed', () => {
    const doc = new Y.Doc();
    references(doc).put({ id: 'l', kind: 'link', title: 'Site', url: 'https://x.test', addedBy: 'Ana', addedAt: 1 }, 'local');
    placeReference(doc, 'l', { bar: 1, beat: 1, fileSeconds: 0 }, 'local');
    expect(references(doc).get('l')?.anchor).toBeUndefined();
  });
});

describe('P2 where in the file an anchored reference is', () => {
  it('P2 file time = song time − song time of the anchor + anchor file time (120 bpm, 4/4)', () => {
    const a: ReferenceAnchor = { bar: 2, beat: 1, fileSeconds: 0.5 };
    expect(fileTimeAt(steady, a, 2)).toBeCloseTo(0.5, 9); // bar 2 starts at 2 s
    expect(fileTimeAt(steady, a, 4.25)).toBeCloseTo(2.75, 9);
    expect(fileTimeAt(steady, a, 0)).toBeCloseTo(-1.5, 9); // before the file starts
  });

  it('P2 "this moment is bar 1": the file time heard now becomes bar 1 beat 1', () => {
    const a = anchorFor(steady, 1, 1, 7.3, 3.1); // the file was at 7.3 s while the song was at 3.1 s
    expect(a.bar).toBe(1);
    expect(fileTimeAt(steady, a, 3.1)).toBeCloseTo(7.3, 9);
    expect(fileTimeAt(steady, a, 0)).toBeCloseTo(4.2, 9);
  });
});

describe('P3 the reference on the shared transport', () => {
  it('P3 from bar 1 with a loop of bars 2–3: silent in the count-in, then one segment per pass, each restarting at the loop start', () => {
    const st = state(steady, 1, { startBar: 2, endBar: 4 });
    const segs = playAlongSegments(steady, st, { bar: 1, beat: 1, fileSeconds: 0 }, 60, T0 - 5000, T0 + 14_000);
    expect(segs.map((s) => [s.serverMs - T0, s.fileFrom, s.fileTo])).toEqual([
      [0, 0, 6],
      [6000, 2, 6],
      [10_000, 2, 6],
    ]);
  });

  it('P3 a file shorter than the loop stops with its end and restarts with the loop; one that starts later waits', () => {
    const st = state(steady, 1, { startBar: 1, endBar: 3 });
    const short = playAlongSegments(steady, st, { bar: 1, beat: 1, fileSeconds: 0 }, 1.5, T0, T0 + 8000);
    expect(short.map((s) => [s.serverMs - T0, s.fileFrom, s.fileTo])).toEqual([
      [0, 0, 1.5],
      [4000, 0, 1.5],
    ]);
    const late = playAlongSegments(steady, st, { bar: 2, beat: 3, fileSeconds: 0 }, 10, T0, T0 + 4000);
    expect(late.map((s) => [s.serverMs - T0, s.fileFrom, s.fileTo])).toEqual([[3000, 0, 1]]);
  });

  it('P3 a seek into the middle starts the file at the matching offset', () => {
    const st: TransportState = { playback: seekTo(state(steady, 1), barStartTicks(steady, 5), T0 - 300), loop: undefined };
    const segs = playAlongSegments(steady, st, { bar: 1, beat: 1, fileSeconds: 0.25 }, 60, T0, T0 + 1000);
    expect(segs).toEqual([{ serverMs: T0, fileFrom: 8.25, fileTo: 16.25 }]);
  });

  it('P3 alignment: at every server time the segments play exactly the file time the transport position gives (ramps, meters, loops, seeks, any window)', () => {
    fc.assert(
      fc.property(
        fullTempoMap(12),
        fc.record({
          fromBar: fc.integer({ min: 1, max: 12 }),
          seekBar: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
          loop: fc.option(fc.record({ a: fc.integer({ min: 1, max: 12 }), len: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
          anchor: fc.record({
            bar: fc.integer({ min: 1, max: 12 }),
            beat: fc.integer({ min: 1, max: 4 }),
            fileSeconds: fc.double({ min: -5, max: 20, noNaN: true }),
          }),
          duration: fc.double({ min: 0.5, max: 60, noNaN: true }),
          probes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
          windowFrom: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        (map, c) => {
          const tl = buildTimeline(map);
          const bar = (b: number): number => Math.min(b, tl.totalBars);
          const loop =
            c.loop && bar(c.loop.a) < bar(c.loop.a + c.loop.len)
              ? { startBar: bar(c.loop.a), endBar: bar(c.loop.a + c.loop.len) }
              : undefined;
          let st = state(tl, bar(c.fromBar), loop);
          if (c.seekBar !== undefined) st = { ...st, playback: seekTo(st, barStartTicks(tl, bar(c.seekBar)), T0 - 300) };
          const span = 3 * tl.totalSeconds * 1000 + 1000;
          // The window the scheduler asks about: segments overlapping it must be complete and correct inside it.
          const from = T0 + c.windowFrom * span * 0.5;
          const to = from + span * 0.5;
          const segs = playAlongSegments(tl, st, c.anchor, c.duration, from, to);
          for (const u of c.probes) {
            const ms = from + u * (to - from);
            const now = transportAt(tl, st, ms);
            const expected = now.phase === 'playing' ? fileTimeAt(tl, c.anchor, now.songSeconds) : undefined;
            const audible = expected !== undefined && expected >= 1e-6 && expected < c.duration - 1e-6;
            const got = fileAt(segs, ms);
            // On a loop boundary both sides agree only up to rounding: skip probes within a microsecond of a seam.
            const nearSeam = segs.some(
              (s) => Math.abs(ms - s.serverMs) < 1e-3 || Math.abs(ms - (s.serverMs + (s.fileTo - s.fileFrom) * 1000)) < 1e-3,
            );
            if (nearSeam) continue;
            if (audible) {
              expect(got.covering).toBe(1);
              expect(got.at).toBeCloseTo(expected, 6);
            } else if (expected === undefined || expected < -1e-6 || expected > c.duration + 1e-6) expect(got.covering).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('P3 nothing plays while stopped', () => {
    const st: TransportState = { playback: { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 }, loop: undefined };
    expect(playAlongSegments(steady, st, { bar: 1, beat: 1, fileSeconds: 0 }, 60, T0, T0 + 60_000)).toEqual([]);
  });
});
