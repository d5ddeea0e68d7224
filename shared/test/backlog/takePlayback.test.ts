import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTake,
  computePeaks,
  createIdea,
  heardPlacedTakes,
  MAX_HEARD_TAKES,
  parseHeardTakes,
  placedTakes,
  removeTake,
  setHeard,
  takeLevelsFromPeaks,
  takePlaceFacts,
  takePeaks,
  updateTake,
} from '../../src/index.ts';
import { ana } from './helpers.ts';
import { addSection } from '../../src/tempo/tempoEdits.ts';

const audio = { assetId: 'a1', url: '/api/rooms/r/assets/a1', name: 'take.wav', mime: 'audio/wav', size: 10 };
const samples = fc.float32Array({ minLength: 1, maxLength: 3000, noNaN: true, noDefaultInfinity: true, min: -1, max: 1 });

describe('B9 a take shows its waveform at once', () => {
  it('B9 levels from samples (recording R5 takePeaks): at most 400, in 0–1, and the loudest sample is the highest level', () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 1, max: 400 }), (ch, count) => {
        const levels = takePeaks([ch], count);
        expect(levels.length).toBe(Math.min(count, ch.length));
        for (const l of levels) expect(l >= 0 && l <= 1).toBe(true);
        const loudest = Math.max(...Array.from(ch, Math.abs));
        expect(Math.max(...levels)).toBeCloseTo(loudest, 2);
      }),
    );
  });

  it('B9 a click in the middle of a take shows up in the middle of its waveform', () => {
    const ch = new Float32Array(40_000);
    ch[20_000] = -0.8;
    const levels = takePeaks([ch]);
    expect(levels).toHaveLength(400);
    expect(levels.indexOf(Math.max(...levels))).toBe(200);
    expect(levels[200]).toBeCloseTo(0.8, 5);
    expect(levels.filter((l) => l > 0)).toHaveLength(1);
  });

  it('B9 levels from a peaks sidecar match levels from the same samples', () => {
    fc.assert(
      fc.property(fc.array(samples, { minLength: 1, maxLength: 2 }), (raw) => {
        const len = Math.min(...raw.map((c) => c.length));
        const chans = raw.map((c) => c.slice(0, len));
        const fromPeaks = takeLevelsFromPeaks(computePeaks(chans, 48_000, 400));
        const fromSamples = takePeaks(chans);
        expect(fromPeaks).toHaveLength(fromSamples.length);
        fromPeaks.forEach((l, i) => expect(l).toBeCloseTo(fromSamples[i]!, 2));
      }),
    );
  });
});

describe('B10 placed takes play for those who choose to hear them', () => {
  it('B10 only takes with a placement and audio can play, and a deleted or unplaced one stops', () => {
    const doc = new Y.Doc();
    const idea = createIdea(doc, { title: 'Riff' }, ana, 'local')!;
    const placed = addTake(doc, idea, { audio, placement: { bar: 3, beat: 1, fileSeconds: 0 } }, ana, 'local', 1).ok;
    expect(placed).toBe(true);
    addTake(doc, idea, { audio }, ana, 'local', 2, 't-unplaced');
    addTake(doc, idea, { placement: { bar: 1, beat: 1, fileSeconds: 0 } }, ana, 'local', 3, 't-silent');
    const [only] = placedTakes(doc);
    expect(placedTakes(doc)).toHaveLength(1);
    expect(only).toMatchObject({ ideaId: idea, anchor: { bar: 3, beat: 1, fileSeconds: 0 }, audioUrl: audio.url });
    expect(heardPlacedTakes(placedTakes(doc), [only!.takeId, 't-unplaced'])).toEqual([only]);

    updateTake(doc, idea, only!.takeId, { placement: null }, 'local');
    expect(placedTakes(doc)).toEqual([]);
    updateTake(doc, idea, only!.takeId, { placement: { bar: 2, beat: 3, fileSeconds: 0.5 } }, 'local');
    expect(placedTakes(doc)).toHaveLength(1);
    removeTake(doc, idea, only!.takeId, 'local');
    expect(heardPlacedTakes(placedTakes(doc), [only!.takeId])).toEqual([]);
  });

  it('B10 a stored choice reads whatever it holds: ids only, each once, at most 500', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const ids = parseHeardTakes(raw);
        expect(ids.length).toBeLessThanOrEqual(MAX_HEARD_TAKES);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(typeof id === 'string' && id.length > 0).toBe(true);
      }),
    );
    expect(parseHeardTakes(['t1', 't1', 3, '', 't2'])).toEqual(['t1', 't2']);
    expect(parseHeardTakes('t1')).toEqual([]);
  });

  it('B10 choosing and un-choosing takes keeps the newest choices past the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 3 }), fc.boolean())), (steps) => {
        let heard: string[] = [];
        for (const [ids, on] of steps) {
          heard = setHeard(heard, ids, on);
          for (const id of ids) expect(heard.includes(id)).toBe(on);
          expect(new Set(heard).size).toBe(heard.length);
        }
      }),
    );
    const many = Array.from({ length: MAX_HEARD_TAKES }, (_, i) => `t${i}`);
    const next = setHeard(many, ['new'], true);
    expect(next).toHaveLength(MAX_HEARD_TAKES);
    expect(next.at(-1)).toBe('new');
    expect(next.includes('t0')).toBe(false);
  });
});

describe('B12 a placed take knows its place in the song', () => {
  it('B12 the section, tempo and key at a bar and beat; nothing outside the song', () => {
    const doc = new Y.Doc();
    addSection(doc, 0, { fields: { name: 'Verse', bars: 4 } }, 'local');
    addSection(doc, 1, { fields: { name: 'Chorus', bars: 4, key: 'Am' } }, 'local');
    expect(takePlaceFacts(doc, { bar: 2, beat: 3 })).toEqual({ section: 'Verse', bpm: 120 });
    expect(takePlaceFacts(doc, { bar: 5, beat: 1 })).toEqual({ section: 'Chorus', bpm: 120, key: 'Am' });
    expect(takePlaceFacts(doc, { bar: 9, beat: 1 })).toEqual({});
  });
});
