import fc from 'fast-check';
import { parseMidi, writeMidi } from 'midi-file';
import { describe, expect, it } from 'vitest';
import {
  beatGrid,
  buildTimeline,
  exportTempoMidi,
  importTempoMidi,
  PPQ,
  seconds,
  tempoMapFromSections,
  ticks,
  ticksToSeconds,
  type MidiImport,
  type SectionSketch,
  type TempoMapData,
} from '../../src/index.ts';
import { tempoMap } from './arbitraries.ts';

const sec = (f: Partial<SectionSketch>): SectionSketch => ({
  name: 'S',
  bars: 4,
  bpm: 120,
  meterNumerator: 4,
  meterDenominator: 4,
  ramp: 'none',
  ...f,
});
const mapOf = (sketch: SectionSketch[]): TempoMapData => tempoMapFromSections(sketch);

function roundTrip(map: TempoMapData): MidiImport {
  const r = importTempoMidi(exportTempoMidi(map));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Worst distance between the beats of two maps over the first map's song. */
function worstBeatError(a: TempoMapData, b: TempoMapData): number {
  const ta = buildTimeline(a);
  const tb = buildTimeline(b);
  const ga = beatGrid(ta, seconds(0), seconds(ta.totalSeconds + 1e-9));
  let worst = 0;
  for (const beat of ga) worst = Math.max(worst, Math.abs(ticksToSeconds(tb, beat.ticks) - beat.seconds));
  return worst;
}

describe('T7 MIDI export as a DAW reads it', () => {
  it('T7.1 format 1, PPQ 480, tempo/meter/key/marker events at the right ticks', () => {
    const bytes = exportTempoMidi(
      mapOf([sec({ name: 'Intro', bars: 2, key: 'Am' }), sec({ name: 'Verse', bars: 2, bpm: 90, meterNumerator: 6, meterDenominator: 8 })]),
    );
    expect(bytes).toBeInstanceOf(Uint8Array);
    const midi = parseMidi(bytes);
    expect(midi.header).toMatchObject({ format: 1, numTracks: 1, ticksPerBeat: PPQ });
    let tick = 0;
    const events = midi.tracks[0]!.map((e) => ({ ...e, tick: (tick += e.deltaTime) }));
    const at = (type: string) => events.filter((e) => e.type === type).map((e) => e.tick);
    // Bar 3 of 4/4 starts at tick 2·4·PPQ.
    expect(at('setTempo')).toEqual([0, 2 * 4 * PPQ]);
    expect(at('marker')).toEqual([0, 2 * 4 * PPQ]);
    expect(at('timeSignature')).toEqual([0, 2 * 4 * PPQ]);
    expect(at('keySignature')).toEqual([0]);
    expect(events.find((e) => e.type === 'setTempo' && e.tick === 3840)).toMatchObject({ microsecondsPerBeat: 666_667 });
    expect(events.find((e) => e.type === 'timeSignature' && e.tick === 3840)).toMatchObject({
      numerator: 6,
      denominator: 8,
      metronome: 12,
    });
    expect(events.find((e) => e.type === 'keySignature')).toMatchObject({ key: 0, scale: 1 });
    expect(events[events.length - 1]).toMatchObject({ type: 'endOfTrack', tick: 2 * 4 * PPQ + 2 * 3 * PPQ });
  });

  it('T7.2 a ramp is written as 1/16 steps of the average tempo, so a DAW reaches every bar line on time', () => {
    for (const shape of ['ramp', 'timeRamp'] as const) {
      const map: TempoMapData = {
        sections: [{ name: 'S', bars: 5 }],
        meters: [],
        points: [
          { bar: 1, beat: 1, tick: 0, bpm: 100, shape },
          { bar: 5, beat: 1, tick: 0, bpm: 140, shape: 'jump' },
        ],
      };
      const midi = parseMidi(exportTempoMidi(map));
      let tick = 0;
      const tempos = midi.tracks[0]!.flatMap(
        (e) => ((tick += e.deltaTime), e.type === 'setTempo' ? [{ tick, us: e.microsecondsPerBeat }] : []),
      );
      expect(tempos).toHaveLength(4 * 16 + 1);
      expect(tempos[1]!.tick).toBe(PPQ / 4);
      const tl = buildTimeline(map);
      let t = 0;
      tempos.forEach((x, i) => {
        if (x.tick % (4 * PPQ) === 0) expect(Math.abs(t - ticksToSeconds(tl, ticks(x.tick)))).toBeLessThan(1e-5);
        t += (((tempos[i + 1]?.tick ?? x.tick) - x.tick) / PPQ) * (x.us / 1e6);
      });
    }
  });

  it('T7.3 a file that is not MIDI, or uses SMPTE timing, is refused with a code', () => {
    expect(importTempoMidi(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'not_midi' } });
    const smpte = exportTempoMidi(mapOf([sec({})]));
    smpte[12] = 0xe7; // division: -25 fps
    smpte[13] = 40;
    expect(importTempoMidi(smpte)).toMatchObject({ ok: false, error: { code: 'smpte_timing' } });
  });

  it('T7.2 points at fractions of a 480th (from a 960 or 384 file) are written at a division that holds them exactly', () => {
    const map: TempoMapData = {
      sections: [{ name: 'S', bars: 2 }],
      meters: [],
      points: [
        { bar: 1, beat: 1, tick: 0, bpm: 100, shape: 'jump' },
        { bar: 1, beat: 2, tick: 0.5, bpm: 130, shape: 'jump' },
      ],
    };
    expect(parseMidi(exportTempoMidi(map)).header.ticksPerBeat).toBe(960);
    expect(roundTrip(map).points.map((p) => [p.bar, p.beat, p.tick])).toEqual([
      [1, 1, 0],
      [1, 2, 0.5],
    ]);
  });
});

describe('T7 round trip', () => {
  it('T7.4 export→import keeps names, bars, meters, keys, tempos, and ramps as ramps', () => {
    const map: TempoMapData = {
      sections: [
        { name: 'Intro', bars: 2, key: 'F#m' },
        { name: 'サビ', bars: 8, key: 'Eb' },
        { name: 'Outro', bars: 3 },
      ],
      meters: [
        { bar: 1, numerator: 4, denominator: 4 },
        { bar: 3, numerator: 7, denominator: 8 },
        { bar: 11, numerator: 3, denominator: 4 },
      ],
      points: [
        { bar: 1, beat: 1, tick: 0, bpm: 92, shape: 'jump' },
        { bar: 2, beat: 3, tick: 120, bpm: 92, shape: 'ramp' },
        { bar: 6, beat: 2, tick: 0, bpm: 128, shape: 'timeRamp' },
        { bar: 11, beat: 1, tick: 0, bpm: 70.5, shape: 'jump' },
      ],
    };
    const got = roundTrip(map);
    expect(got.sections).toEqual(map.sections);
    expect(got.meters).toEqual(map.meters);
    expect(got.points.map((p) => [p.bar, p.beat, p.tick, p.shape])).toEqual(map.points.map((p) => [p.bar, p.beat, p.tick, p.shape]));
    got.points.forEach((p, i) => expect(p.bpm).toBeCloseTo(map.points[i]!.bpm, 2));
    expect(worstBeatError(map, got)).toBeLessThan(5e-5);
  });

  it('T7.5 property: random maps with ramps and meter changes survive the round trip, every beat within 1 ms', () => {
    fc.assert(
      fc.property(tempoMap(6, 12), (sketch) => {
        const map = mapOf(sketch);
        const got = roundTrip(map);
        expect(got.sections).toEqual(map.sections.map(({ id: _id, ...s }) => s));
        expect(worstBeatError(map, got)).toBeLessThan(1e-3);
      }),
      { seed: 7007, numRuns: 200 },
    );
  });

  it('T7.6 without markers the form is one section per key change, named "Section n"', () => {
    const map = mapOf([
      sec({ bars: 2, bpm: 100, key: 'C' }),
      sec({ bars: 4, bpm: 100, ramp: 'linear', meterNumerator: 3 }),
      sec({ bars: 2, bpm: 160, key: 'G' }),
    ]);
    const midi = parseMidi(exportTempoMidi(map));
    midi.tracks[0] = midi.tracks[0]!.map((e) => (e.type === 'marker' ? { ...e, type: 'text' as const } : e));
    const r = importTempoMidi(Uint8Array.from(writeMidi(midi)));
    if (!r.ok) throw new Error('import failed');
    expect(r.value.sections).toEqual([
      { name: 'Section 1', bars: 6, key: 'C' },
      { name: 'Section 2', bars: 2, key: 'G' },
    ]);
  });
});
