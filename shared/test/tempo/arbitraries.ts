/** fast-check generators for tempo maps shared by the tempo property tests. */
import fc from 'fast-check';
import { METER_DENOMINATORS, TEMPO_SHAPES, type SectionSketch, type TempoMapData } from '../../src/index.ts';

export const sectionFields = (maxBars = 16): fc.Arbitrary<SectionSketch> =>
  fc
    .record({
      key: fc.option(fc.constantFrom('C', 'Am', 'F#', 'Ebm', 'Cb', 'A#m'), { nil: undefined }),
      name: fc.constantFrom('Intro', 'Verse', 'Chorus', 'Bridge', 'Café', 'サビ'),
      bars: fc.integer({ min: 1, max: maxBars }),
      bpm: fc.integer({ min: 20, max: 400 }),
      meterNumerator: fc.integer({ min: 1, max: 13 }),
      meterDenominator: fc.constantFrom(...METER_DENOMINATORS),
      ramp: fc.constantFrom('none' as const, 'linear' as const),
    })
    .map(({ key, ...f }): SectionSketch => (key === undefined ? f : { ...f, key }));

export const tempoMap = (maxSections = 6, maxBars = 16): fc.Arbitrary<SectionSketch[]> =>
  fc.array(sectionFields(maxBars), { minLength: 1, maxLength: maxSections });

/** A v3 map: form, tempo points anywhere (bar, beat, fractional tick) of any shape, meters at any bar. */
export const fullTempoMap = (maxBars = 24): fc.Arbitrary<TempoMapData> =>
  fc.record({
    sections: fc.array(fc.record({ name: fc.constantFrom('A', 'B', 'C'), bars: fc.integer({ min: 1, max: 8 }) }), {
      minLength: 0,
      maxLength: 4,
    }),
    meters: fc.array(
      fc.record({
        bar: fc.integer({ min: 1, max: maxBars }),
        numerator: fc.integer({ min: 1, max: 13 }),
        denominator: fc.constantFrom(...METER_DENOMINATORS),
      }),
      { maxLength: 6 },
    ),
    points: fc.array(
      fc.record({
        bar: fc.integer({ min: 1, max: maxBars }),
        beat: fc.integer({ min: 1, max: 4 }),
        tick: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 479, noNaN: true })),
        bpm: fc.double({ min: 20, max: 400, noNaN: true }),
        shape: fc.constantFrom(...TEMPO_SHAPES),
      }),
      { maxLength: 8 },
    ),
  });
