import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  addTake,
  createIdea,
  contributionsFromCredits,
  documentCredits,
  initRoomDoc,
  markBestTake,
  mdText,
  referenceComments,
  references,
  sessionSummary,
  tempoSections,
  toggleVote,
  DEFAULT_SECTION,
  addTempoPoint,
  setMeterAtBar,
} from '../../src/index.ts';

function expectOk(r: { ok: boolean }): void {
  if (!r.ok) throw new Error(`edit refused: ${JSON.stringify(r)}`);
}

const ana = { id: 'p-ana', name: 'Ana' };
const ben = { id: 'p-ben', name: 'Ben' };
const NOW = Date.UTC(2026, 11, 5);

/** A room with a two-section song, ideas in two columns (votes, a best take), a reference with an open and a resolved comment. */
function session(): Y.Doc {
  const doc = new Y.Doc();
  initRoomDoc(doc, 'Night *session*', Date.UTC(2026, 11, 1));
  const sections = tempoSections(doc);
  sections.put({ ...DEFAULT_SECTION, id: 's1', order: 'a0', name: 'Verse', bars: 8, key: 'Am' }, 'local');
  sections.put({ ...DEFAULT_SECTION, id: 's2', order: 'a1', name: 'Chorus | big', bars: 4 }, 'local');
  // The verse ramps from 120 to the chorus's 132 BPM; the chorus is in 6/8.
  expectOk(addTempoPoint(doc, { bar: 1, beat: 1, tick: 0, bpm: 120, shape: 'ramp' }, 'local'));
  expectOk(addTempoPoint(doc, { bar: 9, beat: 1, tick: 0, bpm: 132, shape: 'jump' }, 'local'));
  expectOk(setMeterAtBar(doc, { bar: 9, numerator: 6, denominator: 8 }, 'local'));
  const groove = createIdea(doc, { title: 'Half-time groove', status: 'jamming', tags: ['drums'] }, ana, 'local', NOW)!;
  createIdea(doc, { title: 'Key change', status: 'idea' }, ben, 'local', NOW);
  toggleVote(doc, groove, ana.id, 'local', NOW);
  toggleVote(doc, groove, ben.id, 'local', NOW);
  const take = addTake(doc, groove, { title: 'Take 2', players: ['Ana', 'Ben'], bpm: 118, rating: 4 }, ana, 'local', NOW);
  if (!take.ok) throw new Error('take refused');
  markBestTake(doc, groove, take.id, 'local');
  addTake(doc, groove, { title: 'Take 1', players: ['Ben'] }, ben, 'local', NOW);
  references(doc).put({ id: 'r1', kind: 'link', title: 'Mix v3', url: 'https://example.com', addedBy: 'Ben', addedAt: NOW }, 'local');
  const comments = referenceComments(doc, 'r1');
  comments.add(
    { id: 'c1', author: ana.id, personName: 'Ana', createdAt: NOW, text: 'Kick is [too] loud', anchor: { kind: 'at', at: 65 } },
    'local',
  );
  comments.add(
    { id: 'c2', author: ben.id, personName: 'Ben', createdAt: NOW + 1, text: 'Agreed', anchor: { kind: 'at', at: 65 }, parentId: 'c1' },
    'local',
  );
  comments.add(
    { id: 'c3', author: ben.id, personName: 'Ben', createdAt: NOW, text: 'Fixed already', anchor: { kind: 'region', start: 1, end: 2 } },
    'local',
  );
  comments.setResolved('c3', true, 'local');
  return doc;
}

describe('session summary (Markdown)', () => {
  it('lists the tempo map in song order with bars, tempo (ramps), meter, key and start', () => {
    const md = sessionSummary(session(), { now: NOW });
    expect(md).toContain('# Night \\*session\\*');
    expect(md).toContain('| 1 | Verse | 8 | 120 → 132 BPM | 4/4 | Am | bar 1 (0:00) |');
    expect(md).toMatch(/\| 2 \| Chorus \\\| big \| 4 \| 132 BPM \| 6\/8 \|  \| bar 9 \(0:1\d\) \|/);
    expect(md).toMatch(/12 bars, 0:\d\d\./);
  });

  it('shows the tempo changes and meter changes inside a section, and many changes as a range', () => {
    const doc = new Y.Doc();
    initRoomDoc(doc, 'Changes', NOW);
    const sections = tempoSections(doc);
    sections.put({ ...DEFAULT_SECTION, id: 's1', order: 'a0', name: 'Intro', bars: 4 }, 'local');
    sections.put({ ...DEFAULT_SECTION, id: 's2', order: 'a1', name: 'Bridge', bars: 8 }, 'local');
    sections.put({ ...DEFAULT_SECTION, id: 's3', order: 'a2', name: 'Rubato', bars: 2 }, 'local');
    // A jump on beat 3 of bar 6 and a meter change at bar 9, both inside the bridge (bars 5–12).
    expectOk(addTempoPoint(doc, { bar: 6, beat: 3, tick: 0, bpm: 100, shape: 'jump' }, 'local'));
    expectOk(setMeterAtBar(doc, { bar: 9, numerator: 7, denominator: 8 }, 'local'));
    expectOk(setMeterAtBar(doc, { bar: 13, numerator: 4, denominator: 4 }, 'local'));
    // Rubato: five tempos inside bar 13.
    const rubato = [
      { beat: 1, tick: 0, bpm: 90 },
      { beat: 2, tick: 0, bpm: 95 },
      { beat: 3, tick: 0, bpm: 101 },
      { beat: 4, tick: 0, bpm: 97 },
      { beat: 4, tick: 240, bpm: 104 },
    ];
    for (const p of rubato) expectOk(addTempoPoint(doc, { bar: 13, ...p, shape: 'jump' }, 'local'));
    const md = sessionSummary(doc, { now: NOW });
    expect(md).toContain('| 1 | Intro | 4 | 120 BPM | 4/4 |  | bar 1 (0:00) |');
    // Four bars of 4/4 at 120 BPM before it: 8 s.
    expect(md).toContain('| 2 | Bridge | 8 | 120 → 100 BPM | 4/4 → 7/8 |  | bar 5 (0:08) |');
    expect(md).toContain('| 3 | Rubato | 2 | 90–104 BPM | 4/4 |  | bar 13 (');
  });

  it('lists the backlog by status with votes, owner, tags and the best take', () => {
    const md = sessionSummary(session(), { now: NOW });
    const idea = md.indexOf('### Ideas (1)');
    const jamming = md.indexOf('### Jamming (1)');
    expect(idea).toBeGreaterThan(-1);
    expect(jamming).toBeGreaterThan(idea);
    expect(md).toContain('- **Half-time groove** · 2 votes · #drums');
    expect(md).toContain('  - Best take: Take 2 (played by Ana, Ben, 118 BPM, ★★★★)');
    expect(md).toContain('- **Key change**\n');
  });

  it('lists only open comment threads, with where they are pinned and their replies', () => {
    const md = sessionSummary(session(), { now: NOW });
    expect(md).toContain('- **Mix v3**\n  - at 1:05, Ana: Kick is \\[too\\] loud (1 reply)');
    expect(md).not.toContain('Fixed already');
  });

  it('credits each person from the document: ideas, takes played, references, comments', () => {
    expect(documentCredits(session())).toEqual([
      { person: 'Ben', ideas: 1, takesPlayed: 2, references: 1, comments: 2, sections: 0 },
      { person: 'Ana', ideas: 1, takesPlayed: 1, references: 0, comments: 1, sections: 0 },
    ]);
    const md = sessionSummary(session(), { now: NOW });
    expect(md).toContain('| Ben | 1 | 2 | 1 | 2 | 0 |');
    const given = sessionSummary(session(), {
      now: NOW,
      credits: [{ person: 'Cleo', ideas: 0, takesPlayed: 0, references: 0, comments: 0, sections: 3 }],
    });
    expect(given).toContain('| Cleo | 0 | 0 | 0 | 0 | 3 |');
    expect(given).not.toContain('| Ben |');
  });

  it('credits the server attributed are listed by the name each person used, leaving out people with nothing counted', () => {
    const credit = (
      personId: string,
      name: string,
      n: Partial<Record<'ideas' | 'takes' | 'references' | 'comments' | 'sections' | 'boardItems', number>>,
    ) => ({
      personId,
      name,
      ideas: 0,
      takes: 0,
      references: 0,
      comments: 0,
      sections: 0,
      boardItems: 0,
      changes: 1,
      ...n,
    });
    const list = contributionsFromCredits([credit('p_a', 'Ana', { ideas: 2, takes: 1 }), credit('p_b', 'Ben', { boardItems: 4 })]);
    expect(list).toEqual([{ person: 'Ana', ideas: 2, takesPlayed: 1, references: 0, comments: 0, sections: 0 }]);
    const md = sessionSummary(new Y.Doc(), { now: 0, credits: list });
    expect(md).toContain('Ana');
    expect(md).not.toContain('Ben');
  });

  it('an empty room says so in each part', () => {
    const doc = new Y.Doc();
    initRoomDoc(doc, 'Empty', NOW);
    const md = sessionSummary(doc, { now: NOW });
    for (const s of ['_No sections yet._', '_No ideas yet._', '_No open comments._', '_Nobody has added anything yet._'])
      expect(md).toContain(s);
  });

  it('typed text never escapes its place: no new line, table cell, link, heading or HTML', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = mdText(s);
        return !/\n/.test(out) && !/(^|[^\\])[|[\]<>`*_#]/.test(out);
      }),
    );
  });
});
