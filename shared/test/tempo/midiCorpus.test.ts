import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTimeline, exportTempoMidi, importTempoMidi, positionToSeconds, type MidiImport } from '../../src/index.ts';
import { expectedBeats, makeCase, smfBytes, type CaseOptions, type CorpusCase, type ExpectedBeat } from './smfCorpus.ts';

const ONE_MS = 1e-3;

function imported(bytes: Uint8Array): MidiImport {
  const r = importTempoMidi(bytes);
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The worst distance, in seconds, between the imported map's bars and beats and the expected ones. */
function worstError(map: MidiImport, want: readonly ExpectedBeat[]): number {
  const tl = buildTimeline(map);
  let worst = 0;
  for (const b of want) worst = Math.max(worst, Math.abs(positionToSeconds(tl, { bar: b.bar, beat: b.beat, tick: 0 }) - b.seconds));
  return worst;
}

function check(c: CorpusCase): { importError: number; roundTripError: number } {
  const want = expectedBeats(c);
  const map = imported(smfBytes(c));
  const again = imported(exportTempoMidi(map));
  return { importError: worstError(map, want), roundTripError: worstError(again, want) };
}

const options: fc.Arbitrary<CaseOptions> = fc.record({
  seed: fc.nat(),
  format: fc.constantFrom(0 as const, 1 as const),
  ppq: fc.oneof(fc.constantFrom(24, 96, 120, 192, 384, 480, 960), fc.integer({ min: 24, max: 960 })),
  bars: fc.integer({ min: 1, max: 24 }),
  tempo: fc.constantFrom('rubato' as const, 'accelerando' as const, 'sparse' as const),
  meters: fc.constantFrom('everyBar' as const, 'none' as const, 'some' as const),
});

describe('T8 MIDI import keeps every bar and beat where the file has it (generated corpus)', () => {
  it('T8.1 every bar start and beat is within 1 ms after import, and after export → re-import (format 0/1, PPQ 24–960, rubato, accelerandi, odd meters)', () => {
    fc.assert(
      fc.property(options, (o) => {
        const c = makeCase(o);
        const { importError, roundTripError } = check(c);
        expect(importError, c.name).toBeLessThan(ONE_MS);
        expect(roundTripError, c.name).toBeLessThan(ONE_MS);
      }),
      { seed: 8001, numRuns: 80 },
    );
  });

  it('T8.2 a 5,000-event rubato performance with a meter change every bar or two stays within 1 ms both ways', () => {
    const c = makeCase({ seed: 15, format: 1, ppq: 960, bars: 400, tempo: 'rubato', meters: 'everyBar', maxTempoEvents: 5000 });
    expect(c.events.filter((e) => e.kind === 'tempo')).toHaveLength(5000);
    const { importError, roundTripError } = check(c);
    expect(importError).toBeLessThan(ONE_MS);
    expect(roundTripError).toBeLessThan(ONE_MS);
  });

  it('T8.3 tempo changes inside bars stay where the file has them (not moved to bar lines)', () => {
    const c: CorpusCase = {
      name: 'inside bars',
      format: 1,
      ppq: 96,
      tracks: 2,
      events: [
        { tick: 0, track: 0, kind: 'meter', num: 5, den: 8 },
        { tick: 0, track: 0, kind: 'tempo', us: 500_000 },
        { tick: 37, track: 1, kind: 'tempo', us: 750_000 },
        { tick: 203, track: 1, kind: 'tempo', us: 400_000 },
        { tick: 480, track: 1, kind: 'note', on: false, key: 60 },
      ],
    };
    const map = imported(smfBytes(c));
    expect(map.points.map((p) => [p.bar, p.beat, p.tick, Math.round(p.bpm * 1000) / 1000])).toEqual([
      [1, 1, 0, 120],
      [1, 1, 37 * 5, 80],
      [1, 5, (203 - 192) * 5, 150],
    ]);
    expect(worstError(map, expectedBeats(c))).toBeLessThan(1e-9);
  });
});
