import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  barStartSeconds,
  buildTimeline,
  migrateDoc,
  readSchemaVersion,
  readSongOrder,
  readTempoMap,
  type SectionSketch,
} from '../../src/index.ts';
import { tempoMap } from './arbitraries.ts';

/** A room as schema v2 wrote it: one Y.Map per section with its own BPM, meter and ramp. */
function v2Room(map: readonly SectionSketch[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('meta').set('schemaVersion', 2);
    const tempo = doc.getMap<Y.Map<unknown>>('tempo');
    map.forEach((s, i) => {
      const m = new Y.Map<unknown>();
      tempo.set(`s${i}`, m);
      for (const [k, v] of Object.entries(s)) m.set(k, v);
      m.set('order', `a${String.fromCharCode(48 + i)}`);
    });
  });
  return doc;
}

/**
 * Bar start times the way v2 computed them, written out independently: a section plays at its
 * BPM, or ramps linearly in time to the next section's BPM (T = 120·q/(v0+v1), and inside it
 * t(q) = 2q/(a + √(a² + 2kq))).
 */
function v2BarStarts(map: readonly SectionSketch[]): number[] {
  const out: number[] = [];
  let t0 = 0;
  map.forEach((s, i) => {
    const next = map[i + 1];
    const v1 = s.ramp === 'linear' && next ? next.bpm : s.bpm;
    const qBar = (s.meterNumerator * 4) / s.meterDenominator;
    const q = s.bars * qBar;
    const T = (120 * q) / (s.bpm + v1);
    const a = s.bpm / 60;
    const k = (v1 - s.bpm) / 60 / T;
    for (let b = 0; b < s.bars; b++) {
      const x = b * qBar;
      out.push(t0 + (2 * x) / (a + Math.sqrt(a * a + 2 * k * x)));
    }
    t0 += T;
  });
  out.push(t0);
  return out;
}

describe('M5 migration v2 → v3: form apart from the tempo track, timing kept', () => {
  it('M5 every bar of a v2 room starts at the same time after migration (random maps with ramps and meters)', () => {
    fc.assert(
      fc.property(tempoMap(6, 8), (map) => {
        const doc = v2Room(map);
        expect(migrateDoc(doc)).toEqual({ kind: 'migrated', from: 2, to: 3 });
        const tl = buildTimeline(readTempoMap(doc));
        const want = v2BarStarts(map);
        expect(tl.totalBars).toBe(want.length - 1);
        want.forEach((t, i) => expect(Math.abs(barStartSeconds(tl, i + 1) - t)).toBeLessThan(1e-9));
      }),
      { seed: 3003, numRuns: 200 },
    );
  });

  it('M5 sections keep id, name, bars and key and lose their timing fields; migrating again changes nothing', () => {
    const doc = v2Room([
      { name: 'Intro', bars: 2, bpm: 90, meterNumerator: 4, meterDenominator: 4, ramp: 'linear', key: 'Am' },
      { name: 'Verse', bars: 4, bpm: 120, meterNumerator: 7, meterDenominator: 8, ramp: 'none' },
      { name: 'Chorus', bars: 4, bpm: 120, meterNumerator: 7, meterDenominator: 8, ramp: 'none' },
    ]);
    migrateDoc(doc);
    expect(readSchemaVersion(doc)).toBe(3);
    expect(readSongOrder(doc).map((s) => [s.id, s.name, s.bars, s.key])).toEqual([
      ['s0', 'Intro', 2, 'Am'],
      ['s1', 'Verse', 4, undefined],
      ['s2', 'Chorus', 4, undefined],
    ]);
    for (const [, m] of doc.getMap<Y.Map<unknown>>('tempo'))
      expect([...m.keys()].sort()).toEqual(expect.not.arrayContaining(['bpm', 'ramp', 'meterNumerator', 'meterDenominator']));
    const map = readTempoMap(doc);
    // A ramp 90 → 120 (linear in time, kept as such), then 120 held: two points; 4/4 then 7/8.
    expect(map.points.map((p) => [p.bar, p.bpm, p.shape]).sort()).toEqual([
      [1, 90, 'timeRamp'],
      [3, 120, 'jump'],
    ]);
    expect(map.meters.map((m) => [m.bar, m.numerator, m.denominator]).sort()).toEqual([
      [1, 4, 4],
      [3, 7, 8],
    ]);
    const before = Y.encodeStateVector(doc);
    expect(migrateDoc(doc).kind).toBe('current');
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
