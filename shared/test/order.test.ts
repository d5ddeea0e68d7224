import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { backlogIdeas, keyBetween, keyForIndex, readColumn, sortOrdered, type Ordered } from '../src/index.ts';

describe('O order keys', () => {
  it('O1 a key made between two keys sorts between them (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 60 }), (inserts) => {
        const items: Ordered[] = [];
        inserts.forEach((at, n) => {
          const sorted = sortOrdered(items);
          items.push({ id: `i${n}`, order: keyForIndex(sorted, at) });
          const after = sortOrdered(items).map((i) => i.id);
          expect(after.indexOf(`i${n}`)).toBe(Math.min(at, sorted.length));
        });
      }),
      { seed: 7 },
    );
  });

  it('O1 equal or inverted neighbours still give a usable key', () => {
    expect(keyBetween('a1', 'a1') > 'a1').toBe(true);
    expect(keyBetween('a2', 'a1') > 'a2').toBe(true);
  });

  it('O2 concurrent moves and inserts on several replicas converge, every card exactly once (property)', () => {
    type Op = { replica: number; kind: 'insert' | 'move' | 'delete'; pick: number; to: number };
    const op = fc.record({
      replica: fc.nat(2),
      kind: fc.constantFrom('insert', 'move', 'delete'),
      pick: fc.nat(20),
      to: fc.nat(20),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rounds) => {
        const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
        let n = 0;
        for (const round of rounds) {
          // Each round's ops happen concurrently (no sync between them), then everybody syncs.
          for (const o of round) {
            const doc = docs[o.replica]!;
            const col = readColumn(doc, 'idea');
            const ideas = backlogIdeas(doc);
            if (o.kind === 'insert' || col.length === 0) {
              ideas.put(
                { id: `c${n++}`, title: 't', status: 'idea', order: keyForIndex(col, o.to), createdBy: 'x', createdAt: 0 },
                'local',
              );
            } else {
              const card = col[o.pick % col.length]!;
              if (o.kind === 'delete') ideas.remove(card.id, 'local');
              else {
                const rest = col.filter((c) => c.id !== card.id);
                ideas.update(card.id, { order: keyForIndex(rest, o.to) }, 'local');
              }
            }
          }
          for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
          const orders = docs.map((d) => readColumn(d, 'idea').map((i) => i.id));
          expect(orders[1]).toEqual(orders[0]);
          expect(orders[2]).toEqual(orders[0]);
          expect(new Set(orders[0]).size).toBe(orders[0]!.length);
        }
      }),
      { seed: 11, numRuns: 60 },
    );
  });
});
