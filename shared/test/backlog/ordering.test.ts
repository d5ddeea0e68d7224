import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  BacklogView,
  IDEA_STATUSES,
  createIdea,
  deleteIdea,
  moveIdea,
  readBoard,
  readCard,
  toggleVote,
  type IdeaStatus,
} from '../../src/index.ts';
import { ana, ben, boardIds, boardOf, syncAll } from './helpers.ts';

type Op =
  | { readonly replica: number; readonly kind: 'insert'; readonly status: IdeaStatus; readonly to: number }
  | { readonly replica: number; readonly kind: 'move'; readonly pick: number; readonly status: IdeaStatus; readonly to: number }
  | { readonly replica: number; readonly kind: 'delete'; readonly pick: number }
  | { readonly replica: number; readonly kind: 'vote'; readonly pick: number; readonly person: number };

const REPLICAS = 3;
const status = fc.constantFrom(...IDEA_STATUSES);
const replica = fc.nat(REPLICAS - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ replica, kind: fc.constant('insert' as const), status, to: fc.nat(12) }),
  fc.record({ replica, kind: fc.constant('move' as const), pick: fc.nat(40), status, to: fc.nat(12) }),
  fc.record({ replica, kind: fc.constant('move' as const), pick: fc.nat(40), status, to: fc.nat(12) }),
  fc.record({ replica, kind: fc.constant('delete' as const), pick: fc.nat(40) }),
  fc.record({ replica, kind: fc.constant('vote' as const), pick: fc.nat(40), person: fc.nat(2) }),
);

function allCards(doc: Y.Doc): string[] {
  const b = readBoard(doc);
  return IDEA_STATUSES.flatMap((s) => b[s].map((c) => c.id));
}

describe('B2 concurrent ordering across columns', () => {
  it('B2 random concurrent inserts, moves across columns, deletes and votes converge, every card exactly once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(opArb, { maxLength: 8 }), { minLength: 1, maxLength: 10 }), (rounds) => {
        const docs = Array.from({ length: REPLICAS }, () => new Y.Doc());
        const views = docs.map((d) => new BacklogView(d));
        const created = new Set<string>();
        const deleted = new Set<string>();
        let n = 0;
        for (const round of rounds) {
          // A round's ops are concurrent (no sync between them); then everybody syncs.
          for (const o of round) {
            const doc = docs[o.replica]!;
            const cards = allCards(doc);
            if (o.kind === 'insert' || cards.length === 0) {
              const st = o.kind === 'insert' ? o.status : 'idea';
              const id = createIdea(
                doc,
                { title: `card ${n}`, status: st, index: o.kind === 'insert' ? o.to : 0, id: `c${String(n++).padStart(3, '0')}` },
                ana,
                'local',
              )!;
              created.add(id);
              continue;
            }
            const card = cards[o.pick % cards.length]!;
            if (o.kind === 'delete') {
              deleteIdea(doc, card, 'local');
              deleted.add(card);
            } else if (o.kind === 'move') moveIdea(doc, card, o.status, o.to, 'local');
            else toggleVote(doc, card, `p${o.person}`, 'local');
          }
          syncAll(docs);
          const boards = docs.map(boardOf);
          for (const b of boards.slice(1)) expect(b).toEqual(boards[0]);
          const ids = allCards(docs[0]!);
          // Exactly once: no duplicates, nothing lost but what was deleted.
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(new Set([...created].filter((c) => !deleted.has(c))));
          // B7: the incrementally maintained view equals a fresh read.
          for (const [i, v] of views.entries()) expect(boardIds(v.board())).toEqual(boards[i]);
        }
        views.forEach((v) => v.destroy());
      }),
      { seed: 20251121, numRuns: 120 },
    );
  });

  it('B2 two people drag the same card to different columns at once: one move wins whole, same on both', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const ids = ['a', 'b', 'c'].map((t) => createIdea(d1, { title: t }, ana, 'local')!);
    createIdea(d1, { title: 'j1', status: 'jamming' }, ana, 'local');
    createIdea(d1, { title: 'd1', status: 'done' }, ana, 'local');
    syncAll([d1, d2]);
    moveIdea(d1, ids[0]!, 'jamming', 0, 'local'); // to the top of Jamming
    moveIdea(d2, ids[0]!, 'done', 1, 'local'); // to the bottom of Done
    syncAll([d1, d2]);
    expect(boardOf(d1)).toEqual(boardOf(d2));
    const card = readCard(d1, ids[0]!)!;
    const board = readBoard(d1);
    const where = board[card.status].map((c) => c.title);
    // Whichever move won, it landed where its mover dropped it.
    if (card.status === 'jamming') expect(where).toEqual(['a', 'j1']);
    else expect(card.status === 'done' && where).toEqual(['d1', 'a']);
    expect(board.idea.map((c) => c.title)).toEqual(['b', 'c']);
  });

  it('B2 two people inserting at the same spot keep both cards, in the same order everywhere', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    createIdea(d1, { title: 'first' }, ana, 'local');
    createIdea(d1, { title: 'last' }, ana, 'local');
    syncAll([d1, d2]);
    createIdea(d1, { title: 'x', index: 1 }, ana, 'local');
    createIdea(d2, { title: 'y', index: 1 }, ben, 'local');
    syncAll([d1, d2]);
    const titles = readBoard(d1).idea.map((c) => c.title);
    expect(titles).toEqual(readBoard(d2).idea.map((c) => c.title));
    expect(titles[0]).toBe('first');
    expect(titles[3]).toBe('last');
    expect(new Set(titles.slice(1, 3))).toEqual(new Set(['x', 'y']));
  });

  it('B2 a move of a card someone deleted is dropped, not resurrected', () => {
    const [d1, d2] = [new Y.Doc(), new Y.Doc()];
    const id = createIdea(d1, { title: 'gone' }, ana, 'local')!;
    syncAll([d1, d2]);
    deleteIdea(d1, id, 'local');
    moveIdea(d2, id, 'done', 0, 'local');
    syncAll([d1, d2]);
    expect(readCard(d1, id)).toBeUndefined();
    expect(readCard(d2, id)).toBeUndefined();
    expect(allCards(d1)).toEqual([]);
  });
});
