/**
 * Credits: who contributed what to the session, for musicians' credits and splits (W7). Counted
 * from attributed activity, so a name typed into a card does not earn credit; only things a
 * person added count (ideas, takes, references, comments, sections, board items), not edits.
 */
import type { ActivityEntry } from './activityEntry.ts';
import { personNames } from './personNames.ts';

export interface Credit {
  readonly personId: string;
  readonly name: string;
  readonly ideas: number;
  readonly takes: number;
  readonly references: number;
  readonly comments: number;
  readonly sections: number;
  readonly boardItems: number;
  /** Every attributed change, of any kind. */
  readonly changes: number;
}

type Counted = 'ideas' | 'takes' | 'references' | 'comments' | 'sections' | 'boardItems';

const COUNTED: Readonly<Partial<Record<ActivityEntry['area'], Counted>>> = {
  backlog: 'ideas',
  takes: 'takes',
  references: 'references',
  comments: 'comments',
  tempo: 'sections',
  board: 'boardItems',
};

/** Kinds of tempo-area entries that are tempo points and meter changes, not sections. */
export const TEMPO_TRACK_KINDS: ReadonlySet<string> = new Set(['tempo', 'tempo ramp', 'meter']);

/** One credit line per person, most contributions first (then by name). Entries newest first. */
export function computeCredits(entries: readonly ActivityEntry[]): Credit[] {
  const names = personNames(entries);
  const by = new Map<string, Record<Counted | 'changes', number>>();
  for (const e of entries) {
    let c = by.get(e.personId);
    if (!c) {
      c = { ideas: 0, takes: 0, references: 0, comments: 0, sections: 0, boardItems: 0, changes: 0 };
      by.set(e.personId, c);
    }
    c.changes++;
    const counted = COUNTED[e.area];
    // A tempo point or meter change is an edit of the song, not a section added.
    if (counted && e.verb === 'added' && e.kind !== 'best take' && !(e.area === 'tempo' && TEMPO_TRACK_KINDS.has(e.kind))) c[counted]++;
  }
  const total = (c: Credit): number => c.ideas + c.takes + c.references + c.comments + c.sections + c.boardItems;
  return [...by.entries()]
    .map(([personId, c]) => ({ personId, name: names.get(personId) ?? 'Someone', ...c }))
    .sort((a, b) => total(b) - total(a) || b.changes - a.changes || a.name.localeCompare(b.name));
}

/** "3 ideas, 2 takes, 1 comment": the non-zero contributions in words. */
export function creditSummary(c: Credit): string {
  const parts: Array<[number, string, string]> = [
    [c.ideas, 'idea', 'ideas'],
    [c.takes, 'take', 'takes'],
    [c.references, 'reference', 'references'],
    [c.comments, 'comment', 'comments'],
    [c.sections, 'section', 'sections'],
    [c.boardItems, 'board item', 'board items'],
  ];
  const words = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return words.length > 0 ? words.join(', ') : `${c.changes} ${c.changes === 1 ? 'edit' : 'edits'}`;
}
