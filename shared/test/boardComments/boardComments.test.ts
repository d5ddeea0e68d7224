import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import {
  boardComments,
  entryValue,
  localPinPosition,
  markThreadRead,
  pinPointIn,
  readBoardCommentEntry,
  readStateFrom,
  unreadCount,
  type NewThread,
} from '../../src/index.ts';
import { ROOT } from '../../src/doc/roots.ts';

const thread = (over: Partial<NewThread> = {}): NewThread => ({
  id: 't1',
  shapeId: 'shape:img',
  shapeType: 'image',
  point: { x: 0.25, y: 0.75 },
  author: 'p-ana',
  personName: 'Ana',
  createdAt: 1000,
  text: 'Is this the cover?',
  ...over,
});

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('board comment threads', () => {
  it('N1 a thread pinned to a point on a shape reads back with its replies oldest first', () => {
    const doc = new Y.Doc();
    const c = boardComments(doc);
    expect(c.startThread(thread(), 'local')).toBe(true);
    c.reply({ id: 'r2', threadId: 't1', author: 'p-ben', personName: 'Ben', createdAt: 3000, text: 'Yes' }, 'local');
    c.reply({ id: 'r1', threadId: 't1', author: 'p-ana', personName: 'Ana', createdAt: 2000, text: 'Or the back?' }, 'local');
    const [t] = c.threads();
    expect(t).toMatchObject({ id: 't1', shapeId: 'shape:img', shapeType: 'image', point: { x: 0.25, y: 0.75 }, resolved: false });
    expect(t?.root).toEqual({ id: 't1', author: 'p-ana', personName: 'Ana', createdAt: 1000, text: 'Is this the cover?' });
    expect(t?.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('N1 concurrent replies on two replicas are all kept; a reply to a missing thread is not written', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    boardComments(a).startThread(thread(), 'local');
    sync(a, b);
    boardComments(a).reply({ id: 'ra', threadId: 't1', author: 'p-ana', personName: 'Ana', createdAt: 2000, text: 'one' }, 'local');
    boardComments(b).reply({ id: 'rb', threadId: 't1', author: 'p-ben', personName: 'Ben', createdAt: 2000, text: 'two' }, 'local');
    sync(a, b);
    expect(
      boardComments(a)
        .thread('t1')
        ?.replies.map((r) => r.id),
    ).toEqual(['ra', 'rb']);
    expect(boardComments(b).threads()).toEqual(boardComments(a).threads());
    expect(boardComments(a).reply({ id: 'rx', threadId: 'nope', author: 'p', personName: 'P', createdAt: 1, text: 'x' }, 'local')).toBe(
      false,
    );
    expect(boardComments(a).reply({ id: 'ry', threadId: 't1', author: 'p', personName: 'P', createdAt: 1, text: '   ' }, 'local')).toBe(
      false,
    );
    expect(a.getMap(ROOT.boardComments).size).toBe(3);
  });

  it('N1 removing a thread removes its replies; replies left by a concurrent removal are not shown', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    boardComments(a).startThread(thread(), 'local');
    boardComments(a).startThread(thread({ id: 't2', createdAt: 5 }), 'local');
    sync(a, b);
    boardComments(b).reply({ id: 'late', threadId: 't1', author: 'p-ben', personName: 'Ben', createdAt: 9, text: 'late' }, 'local');
    boardComments(a).removeThread('t1', 'local');
    sync(a, b);
    expect(
      boardComments(a)
        .threads()
        .map((t) => t.id),
    ).toEqual(['t2']);
    expect(
      boardComments(b)
        .threads()
        .map((t) => t.id),
    ).toEqual(['t2']);
  });

  it('N3 resolving records who and when; reopening clears both', () => {
    const doc = new Y.Doc();
    const c = boardComments(doc);
    c.startThread(thread(), 'local');
    c.setResolved('t1', true, 'Ben', 5000, 'local');
    expect(c.thread('t1')).toMatchObject({ resolved: true, resolvedBy: 'Ben', resolvedAt: 5000 });
    c.setResolved('t1', false, 'Ana', 6000, 'local');
    const t = c.thread('t1');
    expect(t?.resolved).toBe(false);
    expect(t && 'resolvedBy' in t).toBe(false);
    expect(t && 'resolvedAt' in t).toBe(false);
  });

  it('N2 malformed entries are refused with a sentence and not read', () => {
    const good = entryValue({
      kind: 'thread',
      id: 't',
      shapeId: 'shape:a',
      author: 'p',
      personName: 'P',
      createdAt: 1,
      text: 'hi',
      resolved: false,
    });
    const bad: Array<[string, unknown, string]> = [
      ['thread:t', { ...good, text: '' }, 'text must not be empty'],
      ['thread:t', { ...good, text: 'x'.repeat(4001) }, 'longer than 4000'],
      ['thread:t', { ...good, shapeId: 'page:1' }, 'board shape id'],
      ['thread:t', { ...good, point: { x: 2, y: 0 } }, 'between 0 and 1'],
      ['thread:t', { ...good, stash: 'x' }, 'field "stash"'],
      ['thread:t', { ...good, resolved: 'yes' }, 'whether it is resolved'],
      ['thread:t', 'hello', 'must be an object'],
      ['note:t', good, '"thread:<id>" or "reply:<id>"'],
      ['thread:a b', good, 'letters, digits'],
      ['reply:r', { author: 'p', personName: 'P', createdAt: 1, text: 'hi' }, 'name the thread'],
      ['reply:r', { threadId: 't', author: 'p', personName: 'P'.repeat(81), createdAt: 1, text: 'hi' }, 'at most 80'],
    ];
    for (const [key, value, says] of bad) {
      const r = readBoardCommentEntry(key, value);
      expect(r.ok, key).toBe(false);
      if (!r.ok) expect(r.reason).toContain(says);
    }
    const doc = new Y.Doc();
    doc.getMap(ROOT.boardComments).set('thread:t', { ...good, text: '' });
    doc.getMap(ROOT.boardComments).set('thread:u', good);
    expect(
      boardComments(doc)
        .threads()
        .map((t) => t.id),
    ).toEqual(['u']);
  });

  it('N2 reading never throws on anything a peer stores, and reads exactly what the check accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.jsonValue(), (key, value) => {
        const r = readBoardCommentEntry(key, value);
        if (r.ok) expect(readBoardCommentEntry(key, entryValue(r.entry))).toEqual(r);
      }),
    );
  });

  it('N2 whatever the accessor writes passes the server’s check', () => {
    const text = fc.string({ maxLength: 5000 });
    fc.assert(
      fc.property(
        fc.record({
          text,
          name: fc.string({ maxLength: 200 }),
          x: fc.double(),
          y: fc.double(),
          replies: fc.array(fc.record({ text, name: fc.string({ maxLength: 200 }) }), { maxLength: 4 }),
          resolve: fc.boolean(),
        }),
        ({ text, name, x, y, replies, resolve }) => {
          const doc = new Y.Doc();
          const c = boardComments(doc);
          c.startThread(thread({ text, personName: name, point: { x, y } }), 'local');
          replies.forEach((r, i) =>
            c.reply({ id: `r${i}`, threadId: 't1', author: 'p-ben', personName: r.name, createdAt: i, text: r.text }, 'local'),
          );
          c.setResolved('t1', resolve, name, 10, 'local');
          doc.getMap(ROOT.boardComments).forEach((v, k) => expect(readBoardCommentEntry(k, v).ok).toBe(true));
        },
      ),
    );
  });
});

describe('pins', () => {
  const box = fc.record({
    x: fc.double({ min: -1e5, max: 1e5, noNaN: true }),
    y: fc.double({ min: -1e5, max: 1e5, noNaN: true }),
    w: fc.double({ min: 1, max: 1e4, noNaN: true }),
    h: fc.double({ min: 1, max: 1e4, noNaN: true }),
  });
  const unit = fc.double({ min: 0, max: 1, noNaN: true });

  it('N4 a pin point maps onto the same fraction of any box the shape is moved or resized to', () => {
    fc.assert(
      fc.property(box, box, unit, unit, (before, after, fx, fy) => {
        const local = { x: before.x + fx * before.w, y: before.y + fy * before.h };
        const p = pinPointIn(before, local);
        expect(p.x).toBeCloseTo(fx, 6);
        expect(p.y).toBeCloseTo(fy, 6);
        const moved = localPinPosition(after, p);
        expect((moved.x - after.x) / after.w).toBeCloseTo(fx, 6);
        expect((moved.y - after.y) / after.h).toBeCloseTo(fy, 6);
      }),
    );
  });

  it('N4 points outside the box are clamped onto its edge; no point means the top-right corner', () => {
    const b = { x: 10, y: 20, w: 100, h: 50 };
    expect(pinPointIn(b, { x: -500, y: 1000 })).toEqual({ x: 0, y: 1 });
    expect(pinPointIn({ ...b, w: 0 }, { x: 3, y: 20 })).toEqual({ x: 0.5, y: 0 });
    expect(localPinPosition(b, undefined)).toEqual({ x: 110, y: 20 });
  });
});

describe('unread', () => {
  it('N5 a thread is unread until opened, again after a new reply, never for your own comments', () => {
    const doc = new Y.Doc();
    const c = boardComments(doc);
    c.startThread(thread(), 'local');
    const t0 = c.thread('t1')!;
    expect(unreadCount(t0, {}, 'p-ana')).toBe(0);
    expect(unreadCount(t0, {}, 'p-ben')).toBe(1);
    let read = markThreadRead({}, t0);
    expect(unreadCount(t0, read, 'p-ben')).toBe(0);
    // A reply stamped earlier than everything seen (a slow clock) still counts as new.
    c.reply({ id: 'r1', threadId: 't1', author: 'p-cy', personName: 'Cy', createdAt: 1, text: 'early clock' }, 'local');
    c.reply({ id: 'r2', threadId: 't1', author: 'p-ben', personName: 'Ben', createdAt: 2, text: 'mine' }, 'local');
    const t1 = c.thread('t1')!;
    expect(unreadCount(t1, read, 'p-ben')).toBe(1);
    read = markThreadRead(read, t1);
    expect(unreadCount(t1, read, 'p-ben')).toBe(0);
  });

  it('N5 the stored record drops threads that are gone and survives anything in storage', () => {
    const doc = new Y.Doc();
    const c = boardComments(doc);
    c.startThread(thread(), 'local');
    expect(readStateFrom({ t1: ['t1', 3], gone: ['x'] }, c.threads())).toEqual({ t1: ['t1'] });
    for (const junk of [null, 'x', [1], 3]) expect(readStateFrom(junk, c.threads())).toEqual({});
  });
});

describe('concurrent edits', () => {
  type Op =
    | { kind: 'start'; id: number }
    | { kind: 'reply'; id: number; thread: number }
    | { kind: 'resolve'; thread: number; resolved: boolean }
    | { kind: 'remove'; thread: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('start' as const), id: fc.nat(5) }),
    fc.record({ kind: fc.constant('reply' as const), id: fc.nat(20), thread: fc.nat(5) }),
    fc.record({ kind: fc.constant('resolve' as const), thread: fc.nat(5), resolved: fc.boolean() }),
    fc.record({ kind: fc.constant('remove' as const), thread: fc.nat(5) }),
  );
  const apply = (doc: Y.Doc, who: string, o: Op, t: number): void => {
    const c = boardComments(doc);
    if (o.kind === 'start') c.startThread(thread({ id: `t${o.id}`, author: who, createdAt: t }), 'local');
    else if (o.kind === 'reply')
      c.reply({ id: `${who}r${o.id}`, threadId: `t${o.thread}`, author: who, personName: who, createdAt: t, text: 'r' }, 'local');
    else if (o.kind === 'resolve') c.setResolved(`t${o.thread}`, o.resolved, who, t, 'local');
    else c.removeThread(`t${o.thread}`, 'local');
  };

  it('N1 two replicas editing threads concurrently converge, and every entry they keep passes the check', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), op, fc.boolean()), { maxLength: 30 }), (steps) => {
        const a = new Y.Doc();
        const b = new Y.Doc();
        steps.forEach(([onA, o, syncNow], i) => {
          apply(onA ? a : b, onA ? 'p-a' : 'p-b', o, i);
          if (syncNow) sync(a, b);
        });
        sync(a, b);
        expect(boardComments(a).threads()).toEqual(boardComments(b).threads());
        for (const d of [a, b]) d.getMap(ROOT.boardComments).forEach((v, k) => expect(readBoardCommentEntry(k, v).ok).toBe(true));
      }),
    );
  });
});
