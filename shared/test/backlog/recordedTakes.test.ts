import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTake, createIdea, readTakes, updateTake } from '../../src/index.ts';
import { IDEA_KEY } from '../../src/backlog/backlogDoc.ts';
import { ideaYMap } from '../../src/backlog/backlogEdits.ts';
import { ana, ben, syncAll } from './helpers.ts';

function ideaDoc(): { doc: Y.Doc; idea: string } {
  const doc = new Y.Doc();
  const idea = createIdea(doc, { title: 'Riff' }, ana, 'local')!;
  return { doc, idea };
}

describe('B8 recorded takes are placed', () => {
  it('B8 a recorded take keeps its placement, length, waveform and section, and a peer reads the same', () => {
    const { doc, idea } = ideaDoc();
    const r = addTake(
      doc,
      idea,
      { placement: { bar: 5, beat: 1, fileSeconds: 2.0005 }, durationSeconds: 16.25, peaks: [0, 0.5, 1.7, -1], section: ' Chorus ' },
      ben,
      'local',
      1000,
    );
    expect(r.ok).toBe(true);
    const peer = new Y.Doc();
    syncAll([doc, peer]);
    expect(readTakes(peer, idea)[0]).toMatchObject({
      placement: { bar: 5, beat: 1, fileSeconds: 2.0005 },
      durationSeconds: 16.25,
      peaks: [0, 0.5, 1, 0],
      section: 'Chorus',
      createdBy: 'Ben',
    });
  });

  it('B8 an impossible placement or length is refused and nothing is written', () => {
    const { doc, idea } = ideaDoc();
    expect(addTake(doc, idea, { placement: { bar: 0, beat: 1, fileSeconds: 0 } }, ana, 'local')).toEqual({
      ok: false,
      error: { code: 'invalid_placement' },
    });
    expect(addTake(doc, idea, { durationSeconds: -1 }, ana, 'local')).toEqual({ ok: false, error: { code: 'invalid_duration' } });
    expect(readTakes(doc, idea)).toEqual([]);
    const ok = addTake(doc, idea, { placement: { bar: 2, beat: 3, fileSeconds: -0.25 } }, ana, 'local');
    if (!ok.ok) throw new Error('take');
    expect(updateTake(doc, idea, ok.id, { placement: { bar: 1, beat: 65, fileSeconds: 0 } }, 'local').ok).toBe(false);
    expect(readTakes(doc, idea)[0]!.placement).toEqual({ bar: 2, beat: 3, fileSeconds: -0.25 });
    updateTake(doc, idea, ok.id, { placement: null }, 'local');
    expect(readTakes(doc, idea)[0]!.placement).toBeUndefined();
  });

  it('B8 whatever a peer stores, a take reads with a usable placement or none, and at most 400 peaks in 0–1', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.array(fc.anything(), { maxLength: 500 }),
        (bar, beat, fileSeconds, peaks) => {
          const { doc, idea } = ideaDoc();
          const ok = addTake(doc, idea, {}, ana, 'local');
          if (!ok.ok) throw new Error('take');
          const takes = ideaYMap(doc, idea)!.get(IDEA_KEY.takes) as Y.Map<Y.Map<unknown>>;
          takes.get(ok.id)!.set('placement', { bar, beat, fileSeconds });
          takes.get(ok.id)!.set('peaks', peaks);
          const t = readTakes(doc, idea)[0]!;
          if (t.placement) {
            expect(Number.isInteger(t.placement.bar) && t.placement.bar >= 1 && t.placement.bar <= 10_000).toBe(true);
            expect(Number.isInteger(t.placement.beat) && t.placement.beat >= 1 && t.placement.beat <= 64).toBe(true);
            expect(Math.abs(t.placement.fileSeconds)).toBeLessThanOrEqual(24 * 3600);
          }
          for (const p of t.peaks ?? []) expect(p >= 0 && p <= 1).toBe(true);
          expect((t.peaks ?? []).length).toBeLessThanOrEqual(400);
        },
      ),
    );
  });
});
