/** fast-check generators for tempo maps shared by the tempo property tests. */
import fc from 'fast-check';
import { METER_DENOMINATORS, type SectionFields } from '../../src/index.ts';

export const sectionFields = (maxBars = 16): fc.Arbitrary<SectionFields> =>
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
    .map(({ key, ...f }): SectionFields => (key === undefined ? f : { ...f, key }));

export const tempoMap = (maxSections = 6, maxBars = 16): fc.Arbitrary<SectionFields[]> =>
  fc.array(sectionFields(maxBars), { minLength: 1, maxLength: maxSections });
