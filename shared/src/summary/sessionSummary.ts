/**
 * The session summary: a room as Markdown a band can paste into notes, a ticket or an email —
 * the tempo map, the backlog by status with votes and best takes, the comments still open, and
 * who contributed what.
 *
 * Pure: it reads the document and returns text. Whatever people typed is escaped, so a title
 * such as `*Intro* | [demo]` reads as written and can't break a table or make a link.
 * Credits come from {@link documentCredits} (authorship the document's own fields record) unless
 * the caller passes credits it got elsewhere (the server's attributed activity, when there is one).
 */
import * as Y from 'yjs';
import type { Credit } from '../activity/credits.ts';
import { readCreatedAt, readTitle } from '../session/sessionDoc.ts';
import { readTempoMap } from '../tempo/tempoDoc.ts';
import { sectionTempoText } from '../tempo/sectionTempo.ts';
import { buildTimeline, totalSeconds } from '../tempo/timeline.ts';
import { IDEA_STATUSES, IDEA_STATUS_LABEL } from '../backlog/backlogDoc.ts';
import { readBoard } from '../backlog/backlogRead.ts';
import { readBestTakeId, readTakes } from '../backlog/takes.ts';
import { references } from '../references/referencesDoc.ts';
import { referenceComments, type ReferenceComment } from '../references/commentsDoc.ts';

/** One person's contributions to a room. */
export interface Contribution {
  readonly person: string;
  readonly ideas: number;
  readonly takesPlayed: number;
  readonly references: number;
  readonly comments: number;
  readonly sections: number;
}

/**
 * The server's attributed credits (`GET /api/rooms/<id>/credits`, counted from what each person's
 * connection changed) in the summary's shape: the trustworthy source whenever the server answers.
 * People with nothing the summary counts are left out.
 */
export function contributionsFromCredits(credits: readonly Credit[]): Contribution[] {
  return credits
    .map((c) => ({
      person: c.name,
      ideas: c.ideas,
      takesPlayed: c.takes,
      references: c.references,
      comments: c.comments,
      sections: c.sections,
    }))
    .filter((c) => total(c) > 0);
}

export interface SummaryOptions {
  /** When the summary is written (ms since the epoch). */
  readonly now: number;
  /** Credits from a better source than the document's own fields; default {@link documentCredits}. */
  readonly credits?: readonly Contribution[];
}

/** Text people typed, as Markdown that shows it literally on one line. */
export function mdText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#~!]/g, (c) => `\\${c}`);
}

const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function clock(seconds: number): string {
  return duration(seconds);
}

/**
 * Who did what, from the authorship the document records: ideas' `createdBy`, takes' players,
 * references' `addedBy`, comments' author names. Tempo sections record no author, so their
 * column stays 0 here. This is the one place the summary reads authorship from the document.
 */
export function documentCredits(doc: Y.Doc): Contribution[] {
  const people = new Map<string, { ideas: number; takesPlayed: number; references: number; comments: number; sections: number }>();
  const of = (name: string) => {
    const key = name.trim() || 'someone';
    let p = people.get(key);
    if (!p) people.set(key, (p = { ideas: 0, takesPlayed: 0, references: 0, comments: 0, sections: 0 }));
    return p;
  };
  const board = readBoard(doc);
  for (const status of IDEA_STATUSES)
    for (const card of board[status]) {
      of(card.createdBy).ideas++;
      for (const take of readTakes(doc, card.id)) for (const player of new Set(take.players)) of(player).takesPlayed++;
    }
  for (const ref of references(doc).list()) {
    of(ref.addedBy).references++;
    for (const c of referenceComments(doc, ref.id).list()) of(c.personName).comments++;
  }
  return [...people.entries()]
    .map(([person, c]) => ({ person, ...c }))
    .sort((a, b) => total(b) - total(a) || a.person.localeCompare(b.person));
}

const total = (c: Contribution): number => c.ideas + c.takesPlayed + c.references + c.comments + c.sections;

function tempoMap(doc: Y.Doc): string[] {
  const map = readTempoMap(doc);
  if (map.sections.length === 0) return ['_No sections yet._'];
  const tl = buildTimeline(map);
  const lines = ['| # | Section | Bars | Tempo | Meter | Key | Starts at |', '| - | - | - | - | - | - | - |'];
  for (const s of tl.sections) {
    const { tempo, meter } = sectionTempoText(tl, s);
    lines.push(
      `| ${s.index + 1} | ${mdText(s.name)} | ${s.bars} | ${tempo} | ${meter} | ${s.key ? mdText(s.key) : ''} | bar ${s.startBar} (${clock(s.startSeconds)}) |`,
    );
  }
  lines.push('', `${tl.totalBars} bars, ${duration(totalSeconds(tl))}.`);
  return lines;
}

function backlog(doc: Y.Doc): string[] {
  const board = readBoard(doc);
  const out: string[] = [];
  for (const status of IDEA_STATUSES) {
    const cards = board[status];
    if (cards.length === 0) continue;
    out.push(`### ${IDEA_STATUS_LABEL[status]} (${cards.length})`, '');
    for (const card of cards) {
      const votes = card.voters.length;
      const bits = [`**${mdText(card.title) || 'Untitled idea'}**`];
      if (votes > 0) bits.push(`${votes} ${votes === 1 ? 'vote' : 'votes'}`);
      if (card.ownerName) bits.push(`owner ${mdText(card.ownerName)}`);
      if (card.tags.length > 0) bits.push(card.tags.map((t) => `#${mdText(t)}`).join(' '));
      out.push(`- ${bits.join(' · ')}`);
      const bestId = readBestTakeId(doc, card.id);
      const best = bestId ? readTakes(doc, card.id).find((t) => t.id === bestId) : undefined;
      if (best) {
        const detail = [
          best.players.length > 0 ? `played by ${best.players.map(mdText).join(', ')}` : '',
          best.bpm !== undefined ? `${best.bpm} BPM` : '',
          best.key ? `in ${mdText(best.key)}` : '',
          best.rating !== undefined ? `${'★'.repeat(best.rating)}` : '',
        ].filter(Boolean);
        out.push(`  - Best take: ${mdText(best.title) || 'Untitled take'}${detail.length ? ` (${detail.join(', ')})` : ''}`);
      }
    }
    out.push('');
  }
  if (out.length === 0) return ['_No ideas yet._'];
  if (out.at(-1) === '') out.pop();
  return out;
}

function anchorText(c: ReferenceComment): string {
  return c.anchor.kind === 'at' ? `at ${clock(c.anchor.at)}` : `${clock(c.anchor.start)}–${clock(c.anchor.end)}`;
}

function openComments(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const ref of references(doc).list()) {
    const open = referenceComments(doc, ref.id)
      .threads()
      .filter((t) => !t.root.resolved);
    if (open.length === 0) continue;
    out.push(`- **${mdText(ref.title)}**`);
    for (const t of open) {
      const replies = t.replies.length > 0 ? ` (${t.replies.length} ${t.replies.length === 1 ? 'reply' : 'replies'})` : '';
      out.push(`  - ${anchorText(t.root)}, ${mdText(t.root.personName)}: ${mdText(t.root.text)}${replies}`);
    }
  }
  return out.length > 0 ? out : ['_No open comments._'];
}

function credits(list: readonly Contribution[]): string[] {
  if (list.length === 0) return ['_Nobody has added anything yet._'];
  const lines = ['| Person | Ideas | Takes played | References | Comments | Sections |', '| - | - | - | - | - | - |'];
  for (const c of list)
    lines.push(`| ${mdText(c.person)} | ${c.ideas} | ${c.takesPlayed} | ${c.references} | ${c.comments} | ${c.sections} |`);
  return lines;
}

/** The room's session summary as Markdown. */
export function sessionSummary(doc: Y.Doc, options: SummaryOptions): string {
  const created = readCreatedAt(doc);
  const lines = [
    `# ${mdText(readTitle(doc))}`,
    '',
    `Session summary written ${date(options.now)}${created ? ` · room created ${date(created)}` : ''}.`,
    '',
    '## Tempo map',
    '',
    ...tempoMap(doc),
    '',
    '## Backlog',
    '',
    ...backlog(doc),
    '',
    '## Open comments',
    '',
    ...openComments(doc),
    '',
    '## Credits',
    '',
    ...credits(options.credits ?? documentCredits(doc)),
    '',
  ];
  return lines.join('\n');
}
