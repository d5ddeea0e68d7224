/**
 * The activity feed as sentences a musician understands, grouped by person and time:
 * "Ana added 3 images to the board", "Ben changed the tempo at bar 9 from 120 to 128 BPM".
 *
 * Entries come newest first. A group is one person's run of entries with no gap longer than
 * `gapMs` between neighbours (W5); within a group, entries of the same area, verb, kind and parent
 * that add, remove or move things become one counted sentence ("added 3 images"), every other
 * entry is its own sentence. Every line keeps the ids of its items, so a click can go there.
 */
import { IDEA_STATUS_LABEL, isIdeaStatus } from '../backlog/backlogDoc.ts';
import type { ActivityArea, ActivityEntry, ActivityVerb, FieldChange } from './activityEntry.ts';
import { personNames } from './personNames.ts';
import { BOARD_COMMENT_KIND, BOARD_REPLY_KIND } from './changeToActivity.ts';

export interface FeedTarget {
  readonly area: ActivityArea;
  readonly kind: string;
  readonly itemId: string;
  readonly parentId?: string;
}

export interface FeedLine {
  readonly key: string;
  readonly text: string;
  readonly verb: ActivityVerb;
  /** Newest change in the line (epoch ms). */
  readonly at: number;
  /** Where a click takes you: the line's items (the first is the one to show). */
  readonly targets: readonly FeedTarget[];
}

export interface FeedGroup {
  readonly key: string;
  readonly personId: string;
  readonly who: string;
  readonly isYou: boolean;
  /** Oldest and newest change in the group (epoch ms). */
  readonly from: number;
  readonly to: number;
  readonly lines: readonly FeedLine[];
}

export interface FeedOptions {
  /** The viewer's person id: their entries read "You". */
  readonly you?: string;
  /** Longest quiet gap inside one person's group. */
  readonly gapMs?: number;
}

export const DEFAULT_GROUP_GAP_MS = 15 * 60_000;

const BOARD_NOUNS: Readonly<Record<string, string>> = {
  image: 'image',
  video: 'video',
  note: 'note',
  text: 'text',
  geo: 'shape',
  arrow: 'arrow',
  draw: 'drawing',
  highlight: 'highlight',
  line: 'line',
  frame: 'frame',
  bookmark: 'link',
  embed: 'embed',
  'reference-card': 'reference card',
};

const TEMPO_NOUNS: Readonly<Record<string, string>> = {
  section: 'section',
  tempo: 'tempo change',
  'tempo ramp': 'tempo ramp',
  meter: 'meter change',
};

function noun(e: Pick<ActivityEntry, 'area' | 'kind'>): string {
  switch (e.area) {
    case 'board':
      return BOARD_NOUNS[e.kind] ?? 'shape';
    case 'tempo':
      return TEMPO_NOUNS[e.kind] ?? 'section';
    case 'references':
      return e.kind === 'audio' || e.kind === 'image' || e.kind === 'link' ? `${e.kind} reference` : 'reference';
    case 'comments':
      return e.kind === 'reply' || e.kind === BOARD_REPLY_KIND ? 'reply' : 'comment';
    case 'backlog':
      return 'idea';
    case 'takes':
      return 'take';
    case 'votes':
      return 'vote';
    case 'settings':
      return e.kind;
    case 'versions':
      return 'version';
  }
}

function plural(word: string, n: number): string {
  if (n === 1) return word;
  if (word === 'reply') return 'replies';
  return /(s|sh|ch|x)$/.test(word) ? `${word}es` : `${word}s`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

const q = (s: string): string => `“${s}”`;

/** "3 images", "the note “Hook”", "an image". */
function things(entries: readonly ActivityEntry[]): string {
  const first = entries[0]!;
  const n = noun(first);
  if (entries.length > 1) return `${entries.length} ${plural(n, entries.length)}`;
  return first.label ? `the ${n} ${q(first.label)}` : article(n);
}

function field(e: ActivityEntry, name: string): FieldChange | undefined {
  return e.fields.find((f) => f.field === name);
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  bpm: 'BPM',
  bars: 'bars',
  name: 'name',
  meterNumerator: 'beats per bar',
  meterDenominator: 'beat unit',
  ramp: 'ramp',
  key: 'key',
  title: 'title',
  notes: 'notes',
  tags: 'tags',
  ownerName: 'owner',
  ownerId: 'owner',
  sections: 'linked sections',
  references: 'linked references',
  players: 'players',
  rating: 'rating',
  audio: 'audio',
};

function fromTo(f: FieldChange): string {
  const word = FIELD_WORDS[f.field] ?? f.field;
  if (f.from !== undefined && f.to !== undefined && f.from !== null && f.to !== null) return `${word} ${f.from} → ${f.to}`;
  if (f.to !== undefined && f.to !== null) return `${word} to ${f.to}`;
  return word;
}

/** A section's own fields. Its `bpm` and meter fields are only in records stored before schema v3. */
function sectionChange(who: string, e: ActivityEntry): string {
  const label = e.label || 'a section';
  const only = e.fields.length === 1 ? e.fields[0] : undefined;
  const has = (f: FieldChange | undefined): f is FieldChange & { from: string | number; to: string | number } =>
    f !== undefined && f.from !== undefined && f.from !== null && f.to !== undefined && f.to !== null;
  if (only?.field === 'bpm' && has(only)) return `${who} changed ${label} from ${only.from} to ${only.to} BPM`;
  if (only?.field === 'bars' && has(only)) return `${who} changed ${label} from ${only.from} to ${only.to} bars`;
  if (only?.field === 'name' && has(only)) return `${who} renamed the section ${only.from} to ${only.to}`;
  if (only?.field === 'key' && only.to) return `${who} set the key of ${label} to ${only.to}`;
  if (e.fields.length === 0) return `${who} changed ${label}`;
  return `${who} changed ${label} (${e.fields.map(fromTo).join(', ')})`;
}

const RAMPS = new Set(['ramp', 'timeRamp']);

/**
 * A tempo point or meter change: "Ben changed the tempo at bar 9 from 120 to 128 BPM", "Ana added
 * a tempo ramp at bar 5", "Ana changed the meter at bar 17 to 7/8".
 */
function tempoTrackSentence(who: string, entries: readonly ActivityEntry[]): string {
  const e = entries[0]!;
  const n = entries.length;
  const what = noun(e);
  const at = e.label ? ` at ${e.label}` : '';
  if (n > 1) return `${who} ${e.verb} ${n} ${plural(what, n)}`;
  if (e.verb === 'removed') return `${who} removed the ${what}${at}`;
  if (e.verb === 'moved') return `${who} moved a ${what}${e.label ? ` to ${e.label}` : ''}`;
  const has = (v: FieldChange['from']): v is string | number => v !== undefined && v !== null && v !== '';
  if (e.kind === 'meter') {
    const m = field(e, 'meter');
    if (m && has(m.to)) return `${who} changed the meter${at}${e.verb === 'changed' && has(m.from) ? ` from ${m.from}` : ''} to ${m.to}`;
    return `${who} changed the meter${at}`;
  }
  const shape = field(e, 'shape');
  const bpm = field(e, 'bpm');
  if (e.verb === 'added') {
    const ramp = shape && has(shape.to) ? RAMPS.has(String(shape.to)) : e.kind === 'tempo ramp';
    if (ramp) return `${who} added a tempo ramp${at}`;
    return bpm && has(bpm.to) ? `${who} changed the tempo${at} to ${bpm.to} BPM` : `${who} added a tempo change${at}`;
  }
  if (bpm && has(bpm.from) && has(bpm.to)) return `${who} changed the tempo${at} from ${bpm.from} to ${bpm.to} BPM`;
  if (shape && has(shape.to) && e.fields.length === 1)
    return RAMPS.has(String(shape.to)) ? `${who} made the tempo${at} ramp to the next change` : `${who} made the tempo${at} a jump`;
  return `${who} changed the ${what}${at}`;
}

function sentence(who: string, entries: readonly ActivityEntry[]): string {
  const e = entries[0]!;
  const n = entries.length;
  switch (e.area) {
    case 'board':
      if (e.verb === 'added') return `${who} added ${things(entries)} to the board`;
      if (e.verb === 'removed') return `${who} removed ${things(entries)} from the board`;
      if (e.verb === 'moved') return `${who} moved ${things(entries)} on the board`;
      {
        const text = field(e, 'text');
        if (text?.to) return `${who} changed ${article(noun(e))} on the board to ${q(String(text.to))}`;
        return `${who} changed ${things(entries)} on the board`;
      }
    case 'tempo':
      if (e.kind !== 'section') return tempoTrackSentence(who, entries);
      if (e.verb === 'added')
        return n > 1 ? `${who} added ${n} sections to the tempo map` : `${who} added the section ${e.label || 'Section'}`;
      if (e.verb === 'removed')
        return n > 1 ? `${who} removed ${n} sections from the tempo map` : `${who} removed the section ${e.label || 'Section'}`;
      if (e.verb === 'moved') return n > 1 ? `${who} reordered ${n} sections` : `${who} moved ${e.label || 'a section'} in the song`;
      return sectionChange(who, e);
    case 'references': {
      if (e.verb === 'added') return `${who} added ${things(entries)}`;
      if (e.verb === 'removed') return `${who} removed ${things(entries)}`;
      const title = field(e, 'title');
      if (title?.from && title.to) return `${who} renamed the reference ${q(String(title.from))} to ${q(String(title.to))}`;
      return `${who} changed ${things(entries)}`;
    }
    case 'comments': {
      if (e.kind === BOARD_COMMENT_KIND || e.kind === BOARD_REPLY_KIND) return boardCommentSentence(who, entries);
      const on = e.parentLabel ? ` on ${q(e.parentLabel)}` : '';
      if (e.verb === 'added') {
        if (n > 1) return `${who} added ${n} ${plural(noun(e), n)}${on}`;
        return `${who} ${e.kind === 'reply' ? 'replied' : 'commented'}${on}${e.label ? `: ${q(e.label)}` : ''}`;
      }
      if (e.verb === 'removed') return `${who} deleted ${n > 1 ? `${n} comments` : 'a comment'}${on}`;
      const resolved = field(e, 'resolved');
      if (resolved?.to === true) return `${who} resolved a comment${on}`;
      if (resolved?.to === false) return `${who} reopened a comment${on}`;
      return `${who} edited a comment${on}`;
    }
    case 'backlog': {
      if (e.verb === 'added')
        return n > 1 ? `${who} added ${n} ideas to the backlog` : `${who} added the idea ${q(e.label || 'Untitled idea')} to the backlog`;
      if (e.verb === 'removed')
        return n > 1
          ? `${who} removed ${n} ideas from the backlog`
          : `${who} removed the idea ${q(e.label || 'Untitled idea')} from the backlog`;
      if (e.verb === 'moved') {
        const to = field(e, 'status')?.to;
        const column = isIdeaStatus(to) ? IDEA_STATUS_LABEL[to] : 'another column';
        return n > 1 ? `${who} moved ${n} ideas on the backlog` : `${who} moved ${q(e.label || 'an idea')} to ${column}`;
      }
      const title = field(e, 'title');
      if (e.fields.length === 1 && title?.from && title.to)
        return `${who} renamed the idea ${q(String(title.from))} to ${q(String(title.to))}`;
      const what = e.fields.map((f) => FIELD_WORDS[f.field] ?? f.field);
      return `${who} changed the idea ${q(e.label || 'Untitled idea')}${what.length ? ` (${[...new Set(what)].join(', ')})` : ''}`;
    }
    case 'takes': {
      const of = e.parentLabel ? ` of ${q(e.parentLabel)}` : '';
      if (e.kind === 'best take') return `${who} picked ${e.label ? q(e.label) : 'a take'} as the best take${of}`;
      if (e.verb === 'added')
        return n > 1
          ? `${who} added ${n} takes${of ? ` to ${q(e.parentLabel!)}` : ''}`
          : `${who} added the take ${q(e.label || 'Take')}${of ? ` to ${q(e.parentLabel!)}` : ''}`;
      if (e.verb === 'removed') return `${who} removed ${n > 1 ? `${n} takes` : `the take ${q(e.label || 'Take')}`}${of}`;
      return `${who} changed the take ${q(e.label || 'Take')}${of}`;
    }
    case 'votes':
      if (e.verb === 'removed')
        return n > 1 ? `${who} took back votes on ${n} ideas` : `${who} took back a vote on ${q(e.label || 'an idea')}`;
      return n > 1 ? `${who} voted for ${n} ideas` : `${who} voted for ${q(e.label || 'an idea')}`;
    case 'settings':
      switch (e.kind) {
        case 'title': {
          const t = field(e, 'title');
          return t?.from
            ? `${who} renamed the room from ${q(String(t.from))} to ${q(String(t.to ?? ''))}`
            : `${who} named the room ${q(String(t?.to ?? e.label))}`;
        }
        case 'lock':
          return field(e, 'locked')?.to === false ? `${who} unlocked the board` : `${who} locked the board`;
        case 'agenda':
          return `${who} changed the agenda`;
        case 'timer':
          return `${who} ran the countdown`;
        case 'dot vote':
          return e.verb === 'added'
            ? `${who} opened a dot vote`
            : e.verb === 'removed'
              ? `${who} closed the dot vote`
              : `${who} changed the dot vote`;
        default:
          return `${who} changed the room settings`;
      }
    case 'versions':
      if (e.kind === 'restore') return `${who} restored the version ${q(e.label || 'Untitled')}`;
      return n > 1 ? `${who} saved ${n} versions` : `${who} saved the version ${q(e.label || 'Untitled')}`;
  }
}

/** "Ana commented on an image", "Ben replied to Ana’s comment", "Ana resolved a comment on a note". */
function boardCommentSentence(who: string, entries: readonly ActivityEntry[]): string {
  const e = entries[0]!;
  const n = entries.length;
  if (e.kind === BOARD_REPLY_KIND) {
    const whose = !e.parentLabel ? 'a' : e.parentLabel === e.name ? 'their own' : `${e.parentLabel}’s`;
    if (e.verb === 'removed') return `${who} deleted ${n > 1 ? `${n} replies` : 'a reply'} on the board`;
    if (e.verb === 'added')
      return n > 1 ? `${who} replied ${n} times on the board` : `${who} replied to ${whose} comment${e.label ? `: ${q(e.label)}` : ''}`;
    return `${who} edited a reply on the board`;
  }
  const shape = BOARD_NOUNS[e.parentLabel ?? ''] ?? 'shape';
  const on = n > 1 ? 'on the board' : `on ${article(shape)}`;
  if (e.verb === 'added')
    return n > 1 ? `${who} commented ${n} times on the board` : `${who} commented ${on}${e.label ? `: ${q(e.label)}` : ''}`;
  if (e.verb === 'removed') return `${who} deleted ${n > 1 ? `${n} comments` : 'a comment'} ${on}`;
  const resolved = field(e, 'resolved');
  if (resolved?.to === true) return `${who} resolved a comment ${on}`;
  if (resolved?.to === false) return `${who} reopened a comment ${on}`;
  return `${who} edited a comment ${on}`;
}

const COUNTABLE = new Set(['added', 'removed', 'moved']);

function lineKey(e: ActivityEntry): string {
  if (!COUNTABLE.has(e.verb) || e.kind === 'best take') return `one:${e.seq}:${e.area}:${e.itemId}:${e.startedAt}`;
  return `many:${e.area}:${e.verb}:${e.kind}:${e.parentId ?? ''}`;
}

function target(e: ActivityEntry): FeedTarget {
  return { area: e.area, kind: e.kind, itemId: e.itemId, ...(e.parentId ? { parentId: e.parentId } : {}) };
}

/** Groups `entries` (newest first) by person and time and words each group. */
export function buildFeed(entries: readonly ActivityEntry[], opts: FeedOptions = {}): FeedGroup[] {
  const gap = opts.gapMs ?? DEFAULT_GROUP_GAP_MS;
  const names = personNames(entries, opts.you);
  const runs: ActivityEntry[][] = [];
  for (const e of entries) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && last.personId === e.personId && last.at - e.at <= gap) run.push(e);
    else runs.push([e]);
  }
  return runs.map((run) => {
    const first = run[0]!;
    const who = names.get(first.personId) ?? 'Someone';
    const buckets = new Map<string, ActivityEntry[]>();
    for (const e of run) {
      const k = lineKey(e);
      const b = buckets.get(k);
      if (b) b.push(e);
      else buckets.set(k, [e]);
    }
    const lines: FeedLine[] = [...buckets.entries()].map(([k, es]) => ({
      key: `${first.personId}:${first.at}:${k}`,
      text: sentence(who, es),
      verb: es[0]!.verb,
      at: es[0]!.at,
      targets: es.map(target),
    }));
    return {
      key: `${first.personId}:${first.at}:${run[run.length - 1]!.at}`,
      personId: first.personId,
      who,
      isYou: first.personId === opts.you,
      from: run[run.length - 1]!.at,
      to: first.at,
      lines,
    };
  });
}
