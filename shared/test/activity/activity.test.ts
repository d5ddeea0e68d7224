import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildFeed,
  changeToActivity,
  computeCredits,
  mergeDrafts,
  personNames,
  sinceLastVisit,
  transactionToActivity,
  ACTIVITY_AREAS,
  TEMPO_TRACK_KINDS,
  type ActivityDraft,
  type ActivityEntry,
  type DocChange,
  type EntityFields,
} from '../../src/index.ts';

const noRead = (): EntityFields | undefined => undefined;
const shape = (id: string, type: string, extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => ({
  id,
  typeName: 'shape',
  type,
  x: 0,
  y: 0,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  props,
  ...extra,
});
const change = (c: Partial<DocChange> & Pick<DocChange, 'root' | 'key' | 'action'>): DocChange => ({
  path: [],
  before: undefined,
  after: undefined,
  ...c,
});

let seq = 0;
function entry(e: Partial<ActivityEntry> & Pick<ActivityEntry, 'personId'>): ActivityEntry {
  return {
    seq: ++seq,
    name: 'Ana',
    startedAt: 1000,
    at: 1000,
    area: 'board',
    verb: 'added',
    itemId: `shape:${seq}`,
    kind: 'image',
    label: '',
    fields: [],
    ...e,
  };
}

describe('W1 what a document change means', () => {
  it('W1 board shapes: added, moved when only placement changed, changed otherwise, removed with their label', () => {
    const note = shape(
      'shape:n',
      'note',
      {},
      { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hook idea' }] }] } },
    );
    expect(changeToActivity(change({ root: 'board', key: 'shape:n', action: 'add', after: note }), noRead)).toEqual([
      { area: 'board', verb: 'added', itemId: 'shape:n', kind: 'note', label: 'Hook idea', fields: [] },
    ]);
    const moved = changeToActivity(
      change({ root: 'board', key: 'shape:n', action: 'update', before: note, after: { ...note, x: 40, y: 9 } }),
      noRead,
    );
    expect(moved[0]).toMatchObject({ verb: 'moved', fields: [{ field: 'position' }] });
    const recoloured = changeToActivity(
      change({ root: 'board', key: 'shape:n', action: 'update', before: note, after: { ...note, props: { ...note.props, color: 'red' } } }),
      noRead,
    );
    expect(recoloured[0]).toMatchObject({ verb: 'changed', fields: [{ field: 'color' }] });
    expect(changeToActivity(change({ root: 'board', key: 'shape:n', action: 'delete', before: note }), noRead)[0]).toMatchObject({
      verb: 'removed',
      label: 'Hook idea',
    });
  });

  it('W1 pages, bindings, assets, the transport and the spotlight are not activity', () => {
    expect(
      changeToActivity(change({ root: 'board', key: 'page:1', action: 'add', after: { id: 'page:1', typeName: 'page' } }), noRead),
    ).toEqual([]);
    expect(changeToActivity(change({ root: 'transport', key: 'state', action: 'update', after: { playing: true } }), noRead)).toEqual([]);
    expect(changeToActivity(change({ root: 'facilitation', key: 'spotlight', action: 'update', after: {} }), noRead)).toEqual([]);
    expect(changeToActivity(change({ root: 'facilitation', key: 'voteTally', action: 'update', after: {} }), noRead)).toEqual([]);
    expect(changeToActivity(change({ root: 'meta', key: 'schemaVersion', action: 'update', after: 3 }), noRead)).toEqual([]);
  });

  it('W1 a section’s length change keeps from and to; a change of order is a move', () => {
    const read = (root: string, path: readonly string[]) =>
      root === 'tempo' && path[0] === 's1' ? { name: 'Chorus', bars: 8 } : undefined;
    expect(changeToActivity(change({ root: 'tempo', path: ['s1'], key: 'bars', action: 'update', before: 4, after: 8 }), read)).toEqual([
      { area: 'tempo', verb: 'changed', itemId: 's1', kind: 'section', label: 'Chorus', fields: [{ field: 'bars', from: 4, to: 8 }] },
    ]);
    expect(
      changeToActivity(change({ root: 'tempo', path: ['s1'], key: 'order', action: 'update', before: 'a0', after: 'a5' }), read)[0],
    ).toMatchObject({
      verb: 'moved',
    });
  });

  /** A form of two sections (Verse bars 1–8, Chorus 9–12) with a point at bar 9 and a meter change at bar 11. */
  const tempoRead = (root: string, path: readonly string[]): EntityFields | undefined => {
    if (root === 'tempo' && path.length === 0)
      return { s2: { name: 'Chorus', bars: 4, order: 'a1' }, s1: { name: 'Verse', bars: 8, order: 'a0' } };
    if (root === 'tempoPoints' && path[0] === 'p1') return { bar: 9, beat: 1, tick: 0, bpm: 128, shape: 'jump' };
    if (root === 'tempoMeters' && path[0] === 'm1') return { bar: 11, numerator: 7, denominator: 8 };
    return undefined;
  };

  it('W1 tempo points are items of the section they fall in: added with their tempo and shape, tempo changed, moved, removed', () => {
    const inChorus = { area: 'tempo', itemId: 'p1', parentId: 's2', parentLabel: 'Chorus' };
    expect(
      changeToActivity(
        change({ root: 'tempoPoints', key: 'p2', action: 'add', after: { bar: 5, beat: 3, tick: 0, bpm: 100, shape: 'ramp' } }),
        tempoRead,
      ),
    ).toEqual([
      {
        area: 'tempo',
        verb: 'added',
        itemId: 'p2',
        kind: 'tempo ramp',
        label: 'bar 5 beat 3',
        parentId: 's1',
        parentLabel: 'Verse',
        fields: [
          { field: 'bpm', to: 100 },
          { field: 'shape', to: 'ramp' },
        ],
      },
    ]);
    expect(
      changeToActivity(change({ root: 'tempoPoints', path: ['p1'], key: 'bpm', action: 'update', before: 120, after: 128 }), tempoRead),
    ).toEqual([{ ...inChorus, verb: 'changed', kind: 'tempo', label: 'bar 9', fields: [{ field: 'bpm', from: 120, to: 128 }] }]);
    expect(
      changeToActivity(change({ root: 'tempoPoints', path: ['p1'], key: 'bar', action: 'update', before: 10, after: 9 }), tempoRead)[0],
    ).toMatchObject({ verb: 'moved', label: 'bar 9', fields: [{ field: 'bar', from: 10, to: 9 }] });
    expect(
      changeToActivity(
        change({ root: 'tempoPoints', key: 'p3', action: 'delete', before: { bar: 2, beat: 1, tick: 240, bpm: 90, shape: 'jump' } }),
        tempoRead,
      )[0],
    ).toMatchObject({ verb: 'removed', kind: 'tempo', label: 'bar 2 beat 1 tick 240', parentId: 's1' });
  });

  it('W1 meter changes carry the meter before and after, whichever field changed', () => {
    expect(
      changeToActivity(
        change({ root: 'tempoMeters', path: ['m1'], key: 'numerator', action: 'update', before: 4, after: 7 }),
        tempoRead,
      )[0],
    ).toMatchObject({
      area: 'tempo',
      verb: 'changed',
      kind: 'meter',
      label: 'bar 11',
      fields: [{ field: 'meter', from: '4/8', to: '7/8' }],
    });
    expect(
      changeToActivity(
        change({ root: 'tempoMeters', key: 'm2', action: 'add', after: { bar: 17, numerator: 7, denominator: 8 } }),
        tempoRead,
      )[0],
    ).toMatchObject({ verb: 'added', kind: 'meter', label: 'bar 17', fields: [{ field: 'meter', to: '7/8' }] });
  });

  it('W1 a form edit’s tempo points and meter changes, carried with the bars it moves, are the section edit only', () => {
    const changes: DocChange[] = [
      change({ root: 'tempoPoints', path: ['p1'], key: 'bar', action: 'update', before: 9, after: 13 }),
      change({ root: 'tempoMeters', path: ['m1'], key: 'bar', action: 'update', before: 11, after: 15 }),
      change({ root: 'tempo', key: 's3', action: 'add', after: { name: 'Bridge', bars: 4, order: 'a0V' } }),
    ];
    expect(transactionToActivity(changes, tempoRead).map((d) => [d.verb, d.kind])).toEqual([['added', 'section']]);
    // Without a form change the same moves are the person's own.
    expect(transactionToActivity(changes.slice(0, 2), tempoRead).map((d) => [d.verb, d.kind])).toEqual([
      ['moved', 'tempo'],
      ['moved', 'meter'],
    ]);
  });

  it('W1 comments are items of their reference; takes, the best take and votes belong to their idea', () => {
    const read = (root: string, path: readonly string[]): EntityFields | undefined => {
      if (root === 'references') return { title: 'Mix v2', kind: 'audio' };
      if (root === 'backlog' && path.length === 1) return { title: 'Double-time chorus', takes: { t1: { title: 'Take 3' } } };
      if (root === 'backlog' && path.length === 3) return { title: 'Take 3' };
      return undefined;
    };
    expect(
      changeToActivity(
        change({ root: 'referenceComments', path: ['r1'], key: 'c1', action: 'add', after: { text: 'Too loud at 1:20' } }),
        read,
      ),
    ).toEqual([
      {
        area: 'comments',
        verb: 'added',
        itemId: 'c1',
        kind: 'comment',
        label: 'Too loud at 1:20',
        fields: [],
        parentId: 'r1',
        parentLabel: 'Mix v2',
      },
    ]);
    expect(
      changeToActivity(change({ root: 'backlog', path: ['i1', 'takes'], key: 't1', action: 'add', after: { title: 'Take 3' } }), read)[0],
    ).toMatchObject({
      area: 'takes',
      verb: 'added',
      itemId: 't1',
      parentId: 'i1',
      parentLabel: 'Double-time chorus',
    });
    expect(
      changeToActivity(change({ root: 'backlog', path: ['i1'], key: 'bestTakeId', action: 'update', after: 't1' }), read)[0],
    ).toMatchObject({
      area: 'takes',
      kind: 'best take',
      label: 'Take 3',
    });
    expect(
      changeToActivity(change({ root: 'backlog', path: ['i1', 'votes'], key: 'p_x', action: 'add', after: true }), read)[0],
    ).toMatchObject({
      area: 'votes',
      verb: 'added',
      itemId: 'i1',
    });
    expect(
      changeToActivity(
        change({ root: 'backlog', path: ['i1'], key: 'place', action: 'update', before: { status: 'idea' }, after: { status: 'jamming' } }),
        read,
      )[0],
    ).toMatchObject({
      area: 'backlog',
      verb: 'moved',
      fields: [{ field: 'status', from: 'idea', to: 'jamming' }],
    });
  });

  it('W1 a new comment thread (its first comment) is one added comment per comment in it', () => {
    const drafts = changeToActivity(
      change({ root: 'referenceComments', key: 'r1', action: 'add', after: { c1: { text: 'a' }, c2: { text: 'b', parentId: 'c1' } } }),
      noRead,
    );
    expect(drafts.map((d) => [d.itemId, d.kind])).toEqual([
      ['c1', 'comment'],
      ['c2', 'reply'],
    ]);
  });
});

describe('W2 bursts merge', () => {
  const d = (verb: ActivityDraft['verb'], fields: ActivityDraft['fields'] = []): ActivityDraft => ({
    area: 'tempo',
    verb,
    itemId: 's1',
    kind: 'section',
    label: 'Chorus',
    fields,
  });
  it('W2 first from and last to; added+changed is added; changed+removed is removed; added+removed is nothing', () => {
    expect(
      mergeDrafts(d('changed', [{ field: 'bpm', from: 120, to: 121 }]), d('changed', [{ field: 'bpm', from: 121, to: 128 }]))?.fields,
    ).toEqual([{ field: 'bpm', from: 120, to: 128 }]);
    expect(mergeDrafts(d('added'), d('changed', [{ field: 'bpm', from: 1, to: 2 }]))?.verb).toBe('added');
    expect(mergeDrafts(d('changed'), d('removed'))?.verb).toBe('removed');
    expect(mergeDrafts(d('added'), d('removed'))).toBeNull();
    expect(mergeDrafts(d('moved'), d('moved'))?.verb).toBe('moved');
  });

  it('W2 a tempo point added then changed stays added, with the tempo it ended at', () => {
    const added: ActivityDraft = {
      area: 'tempo',
      verb: 'added',
      itemId: 'p1',
      kind: 'tempo',
      label: 'bar 9',
      fields: [
        { field: 'bpm', to: 120 },
        { field: 'shape', to: 'jump' },
      ],
    };
    const merged = mergeDrafts(added, { ...added, verb: 'changed', fields: [{ field: 'bpm', from: 120, to: 128 }] });
    expect(merged).toMatchObject({
      verb: 'added',
      fields: [
        { field: 'bpm', to: 128 },
        { field: 'shape', to: 'jump' },
      ],
    });
  });

  it('W2 any number of BPM steps merge to the first from and the last to (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 20, max: 400 }), { minLength: 2, maxLength: 30 }), (bpms) => {
        let acc: ActivityDraft | null = d('changed', [{ field: 'bpm', from: bpms[0]!, to: bpms[1]! }]);
        for (let i = 2; i < bpms.length; i++) acc = mergeDrafts(acc!, d('changed', [{ field: 'bpm', from: bpms[i - 1]!, to: bpms[i]! }]));
        expect(acc?.fields).toEqual([{ field: 'bpm', from: bpms[0], to: bpms[bpms.length - 1] }]);
      }),
    );
  });
});

describe('W3 sentences a musician understands', () => {
  it('W3 "Ana added 3 images to the board" and "Ben changed the tempo at bar 9 from 120 to 128 BPM"', () => {
    const entries = [
      entry({
        personId: 'p_ben',
        name: 'Ben',
        area: 'tempo',
        verb: 'changed',
        kind: 'tempo',
        itemId: 'p1',
        label: 'bar 9',
        fields: [{ field: 'bpm', from: 120, to: 128 }],
        at: 5000,
      }),
      entry({ personId: 'p_ana', at: 3000 }),
      entry({ personId: 'p_ana', at: 2000 }),
      entry({ personId: 'p_ana', at: 1000 }),
    ];
    const feed = buildFeed(entries);
    expect(feed.map((g) => g.lines.map((l) => l.text))).toEqual([
      ['Ben changed the tempo at bar 9 from 120 to 128 BPM'],
      ['Ana added 3 images to the board'],
    ]);
    expect(feed[1]!.lines[0]!.targets.map((t) => t.itemId)).toEqual(entries.slice(1).map((e) => e.itemId));
  });

  it('W3 tempo changes, ramps and meter changes read as sentences; sections keep theirs', () => {
    const lines = (e: Partial<ActivityEntry>) => buildFeed([entry({ personId: 'p_ana', area: 'tempo', ...e })])[0]!.lines[0]!.text;
    expect(
      lines({
        verb: 'added',
        kind: 'tempo ramp',
        label: 'bar 5',
        fields: [
          { field: 'bpm', to: 100 },
          { field: 'shape', to: 'ramp' },
        ],
      }),
    ).toBe('Ana added a tempo ramp at bar 5');
    expect(
      lines({
        verb: 'added',
        kind: 'tempo',
        label: 'bar 9',
        fields: [
          { field: 'bpm', to: 128 },
          { field: 'shape', to: 'jump' },
        ],
      }),
    ).toBe('Ana changed the tempo at bar 9 to 128 BPM');
    expect(lines({ verb: 'added', kind: 'meter', label: 'bar 17', fields: [{ field: 'meter', to: '7/8' }] })).toBe(
      'Ana changed the meter at bar 17 to 7/8',
    );
    expect(lines({ verb: 'changed', kind: 'meter', label: 'bar 17', fields: [{ field: 'meter', from: '4/4', to: '7/8' }] })).toBe(
      'Ana changed the meter at bar 17 from 4/4 to 7/8',
    );
    expect(lines({ verb: 'changed', kind: 'tempo', label: 'bar 5', fields: [{ field: 'shape', from: 'jump', to: 'ramp' }] })).toBe(
      'Ana made the tempo at bar 5 ramp to the next change',
    );
    expect(lines({ verb: 'moved', kind: 'tempo', label: 'bar 10 beat 2', fields: [{ field: 'beat', from: 1, to: 2 }] })).toBe(
      'Ana moved a tempo change to bar 10 beat 2',
    );
    expect(lines({ verb: 'removed', kind: 'tempo ramp', label: 'bar 5' })).toBe('Ana removed the tempo ramp at bar 5');
    const many = buildFeed(
      [1, 2, 3].map((i) => entry({ personId: 'p_ana', area: 'tempo', verb: 'added', kind: 'tempo', itemId: `p${i}`, at: 1000 - i })),
    )[0]!.lines.map((l) => l.text);
    expect(many).toEqual(['Ana added 3 tempo changes']);
    expect(lines({ verb: 'added', kind: 'section', label: 'Bridge' })).toBe('Ana added the section Bridge');
    expect(lines({ verb: 'changed', kind: 'section', label: 'Verse', fields: [{ field: 'name', from: 'Verse', to: 'Intro' }] })).toBe(
      'Ana renamed the section Verse to Intro',
    );
    expect(lines({ verb: 'changed', kind: 'section', label: 'Verse', fields: [{ field: 'bars', from: 8, to: 16 }] })).toBe(
      'Ana changed Verse from 8 to 16 bars',
    );
  });

  it('W3 ideas, comments, takes, votes and settings read as sentences', () => {
    const lines = (e: Partial<ActivityEntry>) => buildFeed([entry({ personId: 'p_ana', ...e })])[0]!.lines[0]!.text;
    expect(
      lines({ area: 'backlog', verb: 'moved', kind: 'idea', label: 'Hook', fields: [{ field: 'status', from: 'idea', to: 'jamming' }] }),
    ).toBe('Ana moved “Hook” to Jamming');
    expect(lines({ area: 'comments', verb: 'added', kind: 'comment', label: 'Too loud', parentLabel: 'Mix v2' })).toBe(
      'Ana commented on “Mix v2”: “Too loud”',
    );
    expect(
      lines({
        area: 'comments',
        verb: 'changed',
        kind: 'comment',
        label: 'x',
        parentLabel: 'Mix v2',
        fields: [{ field: 'resolved', from: false, to: true }],
      }),
    ).toBe('Ana resolved a comment on “Mix v2”');
    expect(lines({ area: 'takes', verb: 'added', kind: 'take', label: 'Take 3', parentLabel: 'Hook' })).toBe(
      'Ana added the take “Take 3” to “Hook”',
    );
    expect(lines({ area: 'votes', verb: 'added', kind: 'vote', label: 'Hook' })).toBe('Ana voted for “Hook”');
    expect(lines({ area: 'settings', verb: 'changed', kind: 'title', fields: [{ field: 'title', from: 'Demo', to: 'Album' }] })).toBe(
      'Ana renamed the room from “Demo” to “Album”',
    );
    expect(lines({ area: 'settings', verb: 'changed', kind: 'lock', fields: [{ field: 'locked', from: false, to: true }] })).toBe(
      'Ana locked the board',
    );
  });
});

describe('W4 names', () => {
  it('W4 two people who chose the same name are told apart; the reader is "You"', () => {
    const names = personNames(
      [
        { personId: 'p_aaaa1', name: 'Ana' },
        { personId: 'p_bbbb2', name: 'Ana' },
        { personId: 'p_cccc3', name: 'Cid' },
      ],
      'p_cccc3',
    );
    expect(names.get('p_aaaa1')).toBe('Ana (aaaa)');
    expect(names.get('p_bbbb2')).toBe('Ana (bbbb)');
    expect(names.get('p_cccc3')).toBe('You');
  });
});

const arbEntries = fc
  .array(
    fc.record({
      person: fc.constantFrom('p_ana1', 'p_ben2', 'p_cid3'),
      gap: fc.integer({ min: 0, max: 40 * 60_000 }),
      area: fc.constantFrom(...ACTIVITY_AREAS),
      verb: fc.constantFrom('added', 'changed', 'moved', 'removed' as const),
      kind: fc.constantFrom('image', 'note', 'section', 'idea', 'take', 'comment', 'title', 'tempo', 'tempo ramp', 'meter'),
    }),
    { maxLength: 60 },
  )
  .map((raw) => {
    let at = 10_000_000;
    return raw.map((r, i) => {
      at -= r.gap;
      return entry({
        seq: 1000 - i,
        personId: r.person,
        name: r.person.slice(2, 5),
        at,
        startedAt: at,
        area: r.area,
        verb: r.verb,
        kind: r.kind,
        itemId: `i${i}`,
      });
    });
  });

describe('W5 grouping (properties)', () => {
  it('W5 every entry is in exactly one line; groups are one person each, in order, with no gap over 15 minutes inside', () => {
    fc.assert(
      fc.property(arbEntries, (entries) => {
        const feed = buildFeed(entries);
        const seen = feed.flatMap((g) => g.lines.flatMap((l) => l.targets.map((t) => t.itemId)));
        expect([...seen].sort()).toEqual(entries.map((e) => e.itemId).sort());
        const byId = new Map(entries.map((e) => [e.itemId, e]));
        for (const g of feed) {
          const mine = g.lines.flatMap((l) => l.targets.map((t) => byId.get(t.itemId)!));
          expect(new Set(mine.map((e) => e.personId))).toEqual(new Set([g.personId]));
          const ats = mine.map((e) => e.at).sort((a, b) => b - a);
          for (let i = 1; i < ats.length; i++) expect(ats[i - 1]! - ats[i]!).toBeLessThanOrEqual(15 * 60_000);
          for (const l of g.lines) expect(l.text.startsWith(g.who)).toBe(true);
        }
        for (let i = 1; i < feed.length; i++) expect(feed[i - 1]!.to).toBeGreaterThanOrEqual(feed[i]!.to);
      }),
    );
  });
});

describe('W6 since you were last here', () => {
  it('W6 lists exactly the others’ entries after the last visit, and none on a first visit (property)', () => {
    fc.assert(
      fc.property(arbEntries, fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom('p_ana1', 'p_ben2'), (entries, lastHere, you) => {
        const s = sinceLastVisit(entries, you, lastHere);
        expect(s.entries).toEqual(entries.filter((e) => e.personId !== you && e.at > lastHere));
        for (const e of s.entries) if (e.verb !== 'removed') expect(s.changed[e.area]).toContain(e.itemId);
        expect(sinceLastVisit(entries, you, null).entries).toEqual([]);
      }),
    );
  });
});

describe('W7 credits', () => {
  it('W7 counts what each person added, and every counted addition once (property)', () => {
    fc.assert(
      fc.property(arbEntries, (entries) => {
        const credits = computeCredits(entries);
        // Tempo points and meter changes are edits of the song, not sections added.
        const counted = entries.filter(
          (e) =>
            e.verb === 'added' &&
            e.area !== 'votes' &&
            e.area !== 'settings' &&
            e.area !== 'versions' &&
            !(e.area === 'tempo' && TEMPO_TRACK_KINDS.has(e.kind)),
        ).length;
        expect(credits.reduce((n, c) => n + c.ideas + c.takes + c.references + c.comments + c.sections + c.boardItems, 0)).toBe(counted);
        expect(credits.reduce((n, c) => n + c.changes, 0)).toBe(entries.length);
        expect(new Set(credits.map((c) => c.personId)).size).toBe(credits.length);
      }),
    );
  });

  it('W7 a tempo point or meter change added is a change, not a section', () => {
    const credits = computeCredits([
      entry({ personId: 'p_ana', name: 'Ana', area: 'tempo', verb: 'added', kind: 'tempo ramp', itemId: 'p1' }),
      entry({ personId: 'p_ana', name: 'Ana', area: 'tempo', verb: 'added', kind: 'meter', itemId: 'm1' }),
      entry({ personId: 'p_ana', name: 'Ana', area: 'tempo', verb: 'added', kind: 'section', itemId: 's1' }),
    ]);
    expect(credits[0]).toMatchObject({ sections: 1, changes: 3 });
  });

  it('W7 a person’s ideas, takes and comments are credited to them', () => {
    const credits = computeCredits([
      entry({ personId: 'p_ana1', area: 'backlog', kind: 'idea' }),
      entry({ personId: 'p_ana1', area: 'takes', kind: 'take' }),
      entry({ personId: 'p_ben2', name: 'Ben', area: 'comments', kind: 'comment' }),
      entry({ personId: 'p_ben2', name: 'Ben', area: 'backlog', verb: 'changed', kind: 'idea' }),
    ]);
    expect(credits).toEqual([
      { personId: 'p_ana1', name: 'Ana', ideas: 1, takes: 1, references: 0, comments: 0, sections: 0, boardItems: 0, changes: 2 },
      { personId: 'p_ben2', name: 'Ben', ideas: 0, takes: 0, references: 0, comments: 1, sections: 0, boardItems: 0, changes: 2 },
    ]);
  });
});

describe('W8 board comments in the feed', () => {
  const thread = {
    author: 'ana-browser',
    personName: 'Ana',
    createdAt: 1,
    text: 'Crop the left edge?',
    shapeId: 'shape:img',
    shapeType: 'image',
    resolved: false,
  };
  const reply = { author: 'ben-browser', personName: 'Ben', createdAt: 2, text: 'Done', threadId: 't1' };
  const read = (root: string, path: readonly string[]): EntityFields | undefined =>
    root === 'boardComments' && path[0] === 'thread:t1' ? thread : undefined;
  const feedOf = (personId: string, name: string, c: DocChange): string[] =>
    buildFeed(changeToActivity(c, read).map((d) => entry({ ...d, personId, name }))).flatMap((g) => g.lines.map((l) => l.text));

  it('W8 "Ana commented on an image", "Ben replied to Ana’s comment", "Ana resolved a comment on an image"', () => {
    expect(feedOf('p_ana1', 'Ana', change({ root: 'boardComments', key: 'thread:t1', action: 'add', after: thread }))).toEqual([
      'Ana commented on an image: “Crop the left edge?”',
    ]);
    expect(feedOf('p_ben2', 'Ben', change({ root: 'boardComments', key: 'reply:r1', action: 'add', after: reply }))).toEqual([
      'Ben replied to Ana’s comment: “Done”',
    ]);
    const resolved = { ...thread, resolved: true, resolvedBy: 'Ana', resolvedAt: 3 };
    expect(
      feedOf('p_ana1', 'Ana', change({ root: 'boardComments', key: 'thread:t1', action: 'update', before: thread, after: resolved })),
    ).toEqual(['Ana resolved a comment on an image']);
    expect(
      feedOf('p_ana1', 'Ana', change({ root: 'boardComments', key: 'thread:t1', action: 'update', before: resolved, after: thread })),
    ).toEqual(['Ana reopened a comment on an image']);
    expect(feedOf('p_ana1', 'Ana', change({ root: 'boardComments', key: 'thread:t1', action: 'delete', before: thread }))).toEqual([
      'Ana deleted a comment on an image',
    ]);
  });

  it('W8 a thread points at its shape and a reply at its thread, so a click can open it', () => {
    const [t] = changeToActivity(change({ root: 'boardComments', key: 'thread:t1', action: 'add', after: thread }), read);
    const [r] = changeToActivity(change({ root: 'boardComments', key: 'reply:r1', action: 'add', after: reply }), read);
    expect(t).toMatchObject({ area: 'comments', itemId: 't1', parentId: 'shape:img' });
    expect(r).toMatchObject({ area: 'comments', itemId: 'r1', parentId: 't1' });
  });

  it('W7 W8 board comment threads and replies a person added are credited as their comments', () => {
    const drafts = [
      ...changeToActivity(change({ root: 'boardComments', key: 'thread:t1', action: 'add', after: thread }), read).map((d) =>
        entry({ ...d, personId: 'p_ana1' }),
      ),
      ...changeToActivity(change({ root: 'boardComments', key: 'reply:r1', action: 'add', after: reply }), read).map((d) =>
        entry({ ...d, personId: 'p_ben2', name: 'Ben' }),
      ),
    ];
    const credits = computeCredits(drafts);
    expect(credits.map((c) => [c.name, c.comments])).toEqual([
      ['Ana', 1],
      ['Ben', 1],
    ]);
  });
});

describe('W9 versions in the feed', () => {
  it('W9 "Ana saved the version “Before the bridge”" and "Ben restored the version “Before the bridge”", not credited', () => {
    const saved = entry({
      personId: 'p_ana1',
      area: 'versions',
      verb: 'added',
      kind: 'version',
      itemId: 'v1',
      label: 'Before the bridge',
      at: 1000,
    });
    const restored = entry({
      personId: 'p_ben2',
      name: 'Ben',
      area: 'versions',
      verb: 'changed',
      kind: 'restore',
      itemId: 'v1',
      label: 'Before the bridge',
      at: 9_000_000,
    });
    expect(buildFeed([restored, saved]).map((g) => g.lines.map((l) => l.text))).toEqual([
      ['Ben restored the version “Before the bridge”'],
      ['Ana saved the version “Before the bridge”'],
    ]);
    expect(computeCredits([restored, saved]).map((c) => c.comments + c.ideas + c.boardItems)).toEqual([0, 0]);
  });
});
