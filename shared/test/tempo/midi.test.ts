import fc from 'fast-check';
import { parseMidi, writeMidi } from 'midi-file';
import { describe, expect, it } from 'vitest';
import { buildTimeline, exportTempoMidi, importTempoMidi, PPQ, ticksToSeconds, ticks, type SectionFields } from '../../src/index.ts';
import { tempoMap } from './arbitraries.ts';

const sec = (f: Partial<SectionFields>): SectionFields => ({
  name: 'S',
  bars: 4,
  bpm: 120,
  meterNumerator: 4,
  meterDenominator: 4,
  ramp: 'none',
  ...f,
});

/** A map as it sounds: a ramp flag only matters when the tempo really changes. */
const effective = (map: readonly SectionFields[]) =>
  map.map((s, i) => ({ ...s, ramp: s.ramp === 'linear' && map[i + 1] !== undefined && map[i + 1]!.bpm !== s.bpm ? 'linear' : 'none' }));

function roundTrip(map: readonly SectionFields[]): SectionFields[] {
  const r = importTempoMidi(exportTempoMidi(map));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.sections;
}

function expectSameMap(got: readonly SectionFields[], want: readonly SectionFields[]): void {
  const w = effective(want);
  expect(got.map((s) => [s.name, s.bars, s.meterNumerator, s.meterDenominator, s.ramp, s.key])).toEqual(
    w.map((s) => [s.name, s.bars, s.meterNumerator, s.meterDenominator, s.ramp, s.key]),
  );
  got.forEach((s, i) => expect(Math.abs(s.bpm - w[i]!.bpm)).toBeLessThanOrEqual(0.5));
}

describe('T7 MIDI export as a DAW reads it', () => {
  it('T7.1 format 1, PPQ 480, tempo/meter/key/marker events at the right ticks', () => {
    const bytes = exportTempoMidi([
      sec({ name: 'Intro', bars: 2, key: 'Am' }),
      sec({ name: 'Verse', bars: 2, bpm: 90, meterNumerator: 6, meterDenominator: 8 }),
    ]);
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
    const map = [sec({ bpm: 100, ramp: 'linear' }), sec({ bpm: 140, bars: 1 })];
    const midi = parseMidi(exportTempoMidi(map));
    let tick = 0;
    const tempos = midi.tracks[0]!.flatMap(
      (e) => ((tick += e.deltaTime), e.type === 'setTempo' ? [{ tick, us: e.microsecondsPerBeat }] : []),
    );
    expect(tempos).toHaveLength(4 * 16 + 1);
    expect(tempos[1]!.tick).toBe(PPQ / 4);
    // Play the steps as a DAW would and compare each bar line with the timeline.
    const tl = buildTimeline(map);
    let t = 0;
    tempos.forEach((x, i) => {
      if (x.tick % (4 * PPQ) === 0) expect(Math.abs(t - ticksToSeconds(tl, ticks(x.tick)))).toBeLessThan(1e-4);
      t += (((tempos[i + 1]?.tick ?? x.tick) - x.tick) / PPQ) * (x.us / 1e6);
    });
  });

  it('T7.3 a file that is not MIDI, or uses SMPTE timing, is refused with a code', () => {
    expect(importTempoMidi(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'not_midi' } });
    const smpte = exportTempoMidi([sec({})]);
    smpte[12] = 0xe7; // division: -25 fps
    smpte[13] = 40;
    expect(importTempoMidi(smpte)).toMatchObject({ ok: false, error: { code: 'smpte_timing' } });
  });
});

describe('T7 round trip', () => {
  it('T7.4 export→import keeps names, bars, meters, keys, tempos and ramps', () => {
    const map = [
      sec({ name: 'Intro', bars: 2, bpm: 92, key: 'F#m' }),
      sec({ name: 'Build', bars: 4, bpm: 92, ramp: 'linear' }),
      sec({ name: 'サビ', bars: 8, bpm: 128, meterNumerator: 7, meterDenominator: 8, ramp: 'linear', key: 'Eb' }),
      sec({ name: 'Outro', bars: 3, bpm: 70.5, meterNumerator: 3, meterDenominator: 4, ramp: 'linear' }),
    ];
    const got = roundTrip(map);
    expectSameMap(got, map);
    got.forEach((s, i) => expect(s.bpm).toBeCloseTo(map[i]!.bpm, 2));
  });

  it('T7.5 property: random maps with ramps and meter changes survive the round trip (BPM within 0.5)', () => {
    fc.assert(
      fc.property(tempoMap(6, 12), (map) => expectSameMap(roundTrip(map), map)),
      { seed: 7007, numRuns: 200 },
    );
  });

  it('T7.6 without markers, sections come from meter and tempo changes and ramps from step runs', () => {
    const map = [sec({ bars: 2, bpm: 100 }), sec({ bars: 4, bpm: 100, ramp: 'linear', meterNumerator: 3 }), sec({ bars: 2, bpm: 160 })];
    const midi = parseMidi(exportTempoMidi(map));
    midi.tracks[0] = midi.tracks[0]!.map((e) => (e.type === 'marker' ? { ...e, type: 'text' as const } : e));
    const r = importTempoMidi(Uint8Array.from(writeMidi(midi)));
    if (!r.ok) throw new Error('import failed');
    expect(r.value.sections.map((s) => [s.bars, s.meterNumerator, s.ramp, Math.round(s.bpm)])).toEqual([
      [2, 4, 'none', 100],
      [4, 3, 'linear', 100],
      [2, 4, 'none', 160],
    ]);
  });
});
