/**
 * What one key-level document change means to a musician: the area, the verb, the item and its
 * label. Pure over JSON values, so the server can feed it whatever its Yjs observer saw.
 *
 * A change is "key `key` of the map at `path` under root `root` was added, updated or deleted",
 * with the JSON value before and after (a deleted entity's fields as they were). `read` returns an
 * entity's current fields, for labels of parents (a take's idea, a comment's reference). Changes
 * nobody would call an edit of the song (presence-like spotlight, transport play/stop, schema
 * stamps, server-written vote tallies) give nothing.
 */
import { ROOT } from '../doc/roots.ts';
import { clipLabel, type ActivityDraft, type FieldChange } from './activityEntry.ts';

export type ChangeAction = 'add' | 'update' | 'delete';

export interface DocChange {
  readonly root: string;
  /** Keys from the root to the map whose key changed; empty for the root map itself. */
  readonly path: readonly string[];
  readonly key: string;
  readonly action: ChangeAction;
  readonly before: unknown;
  readonly after: unknown;
}

export type EntityFields = Readonly<Record<string, unknown>>;
/** An entity's current fields (JSON), or undefined when it is not there. */
export type ReadEntity = (root: string, path: readonly string[]) => EntityFields | undefined;

const isFields = (v: unknown): v is EntityFields => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

type Scalar = FieldChange['from'];
function scalar(v: unknown): Scalar {
  if (typeof v === 'string') return clipLabel(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return undefined;
}

function fieldChange(field: string, before: unknown, after: unknown): FieldChange {
  const from = scalar(before);
  const to = scalar(after);
  return { field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function verbOf(action: ChangeAction): 'added' | 'changed' | 'removed' {
  return action === 'add' ? 'added' : action === 'delete' ? 'removed' : 'changed';
}

/** The text a tldraw rich-text document (TipTap JSON) holds, paragraphs joined by spaces. */
export function richTextPlain(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!isFields(v)) return '';
  const parts: string[] = [];
  if (typeof v.text === 'string') parts.push(v.text);
  if (Array.isArray(v.content)) for (const c of v.content) parts.push(richTextPlain(c));
  return parts.filter(Boolean).join(' ');
}

/** How a musician names a board shape: its text, a frame's name, else nothing (the kind says it). */
function shapeLabel(rec: EntityFields): string {
  const props = isFields(rec.props) ? rec.props : {};
  return clipLabel(richTextPlain(props.richText) || str(props.text) || str(props.name));
}

const PLACEMENT = new Set(['x', 'y', 'rotation', 'parentId', 'index']);

function boardDraft(c: DocChange): ActivityDraft | null {
  const rec = isFields(c.after) ? c.after : isFields(c.before) ? c.before : null;
  if (!rec || rec.typeName !== 'shape') return null;
  const base = { area: 'board' as const, itemId: c.key, kind: str(rec.type) || 'shape', label: shapeLabel(rec) };
  if (c.action !== 'update') return { ...base, verb: verbOf(c.action), fields: [] };
  const before = isFields(c.before) ? c.before : {};
  const after = isFields(c.after) ? c.after : {};
  const changed: string[] = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (k !== 'props' && k !== 'meta' && JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed.push(k);
  const bp = isFields(before.props) ? before.props : {};
  const ap = isFields(after.props) ? after.props : {};
  const props = [...new Set([...Object.keys(bp), ...Object.keys(ap)])].filter((k) => JSON.stringify(bp[k]) !== JSON.stringify(ap[k]));
  if (changed.length === 0 && props.length === 0) return null;
  if (props.length === 0 && changed.every((k) => PLACEMENT.has(k))) return { ...base, verb: 'moved', fields: [{ field: 'position' }] };
  const text = props.includes('richText') || props.includes('text');
  const fields: FieldChange[] = text ? [fieldChange('text', shapeLabel(before), shapeLabel(after))] : [];
  for (const p of props) if (p !== 'richText' && p !== 'text') fields.push({ field: p });
  return { ...base, verb: 'changed', fields };
}

/** A top-level entity added or removed, or one of its fields changed (tempo sections, references, ideas). */
function entityDraft(
  c: DocChange,
  area: ActivityDraft['area'],
  kindOf: (f: EntityFields) => string,
  labelKey: string,
  read: ReadEntity,
  moveFields: ReadonlySet<string> = new Set(),
): ActivityDraft | null {
  if (c.path.length === 0) {
    const f = isFields(c.after) ? c.after : isFields(c.before) ? c.before : {};
    if (c.action === 'update')
      return { area, verb: 'changed', itemId: c.key, kind: kindOf(f), label: clipLabel(str(f[labelKey])), fields: [] };
    return { area, verb: verbOf(c.action), itemId: c.key, kind: kindOf(f), label: clipLabel(str(f[labelKey])), fields: [] };
  }
  const id = c.path[0]!;
  const current = read(c.root, [id]) ?? {};
  const label = clipLabel(str(current[labelKey]) || (c.key === labelKey ? str(c.before) : ''));
  const field = c.path.length === 1 ? c.key : c.path[1]!;
  const moved = moveFields.has(field);
  return {
    area,
    verb: moved ? 'moved' : 'changed',
    itemId: id,
    kind: kindOf(current),
    label,
    fields: [c.path.length === 1 ? fieldChange(field, c.before, c.after) : { field }],
  };
}

function commentDraft(c: DocChange, read: ReadEntity): ActivityDraft[] {
  // referenceComments: reference id → comment id → comment fields.
  const refLabel = (refId: string): string => clipLabel(str(read(ROOT.references, [refId])?.title));
  const comment = (
    refId: string,
    commentId: string,
    f: EntityFields,
    verb: ActivityDraft['verb'],
    fields: FieldChange[] = [],
  ): ActivityDraft => ({
    area: 'comments',
    verb,
    itemId: commentId,
    kind: typeof f.parentId === 'string' && f.parentId ? 'reply' : 'comment',
    label: clipLabel(str(f.text)),
    fields,
    parentId: refId,
    parentLabel: refLabel(refId),
  });
  if (c.path.length === 0) {
    const thread = c.action === 'delete' ? c.before : c.after;
    if (!isFields(thread)) return [];
    return Object.entries(thread)
      .filter((e): e is [string, EntityFields] => isFields(e[1]))
      .map(([id, f]) => comment(c.key, id, f, c.action === 'delete' ? 'removed' : 'added'));
  }
  const refId = c.path[0]!;
  if (c.path.length === 1) {
    const f = isFields(c.after) ? c.after : isFields(c.before) ? c.before : {};
    return [comment(refId, c.key, f, verbOf(c.action))];
  }
  const commentId = c.path[1]!;
  const f = read(c.root, [refId, commentId]) ?? {};
  return [comment(refId, commentId, f, 'changed', [fieldChange(c.key, c.before, c.after)])];
}

/** Kinds of the feed's board comment entries (area `comments`, so credits count them with the rest). */
export const BOARD_COMMENT_KIND = 'board comment';
export const BOARD_REPLY_KIND = 'board reply';

/**
 * boardComments: `thread:<id>` / `reply:<id>` → one whole JSON value each. A thread's parent is its
 * shape (labelled by the shape's type, "image"); a reply's parent is its thread (labelled by the
 * thread author's name), so the feed can say "replied to Ana's comment".
 */
function boardCommentDraft(c: DocChange, read: ReadEntity): ActivityDraft | null {
  if (c.path.length !== 0) return null;
  const f = isFields(c.after) ? c.after : isFields(c.before) ? c.before : null;
  if (!f) return null;
  const thread = c.key.startsWith('thread:');
  if (!thread && !c.key.startsWith('reply:')) return null;
  const id = c.key.slice(thread ? 'thread:'.length : 'reply:'.length);
  const base = { area: 'comments' as const, itemId: id, label: clipLabel(str(f.text)) };
  if (!thread) {
    const threadId = str(f.threadId);
    const parent = read(ROOT.boardComments, [`thread:${threadId}`]) ?? {};
    return {
      ...base,
      kind: BOARD_REPLY_KIND,
      verb: verbOf(c.action),
      fields: [],
      parentId: threadId,
      parentLabel: clipLabel(str(parent.personName)),
    };
  }
  const draft = { ...base, kind: BOARD_COMMENT_KIND, parentId: str(f.shapeId), parentLabel: str(f.shapeType) || 'shape' };
  if (c.action !== 'update') return { ...draft, verb: verbOf(c.action), fields: [] };
  const before = isFields(c.before) ? c.before : {};
  const after = isFields(c.after) ? c.after : {};
  if (before.resolved !== after.resolved)
    return { ...draft, verb: 'changed', fields: [fieldChange('resolved', before.resolved, after.resolved)] };
  if (before.text !== after.text) return { ...draft, verb: 'changed', fields: [fieldChange('text', before.text, after.text)] };
  return null;
}

const IDEA_FIELDS_IGNORED = new Set(['createdBy', 'createdById', 'createdAt', 'takes', 'order', 'status']);

function backlogDraft(c: DocChange, read: ReadEntity): ActivityDraft | null {
  if (c.path.length === 0) return entityDraft(c, 'backlog', () => 'idea', 'title', read);
  const ideaId = c.path[0]!;
  const idea = read(c.root, [ideaId]) ?? {};
  const ideaLabel = clipLabel(str(idea.title));
  const inIdea = c.path.length === 1 ? c.key : c.path[1]!;
  if (inIdea === 'votes') {
    if (c.path.length !== 2 || c.action === 'update') return null;
    return { area: 'votes', verb: verbOf(c.action), itemId: ideaId, kind: 'vote', label: ideaLabel, fields: [] };
  }
  if (inIdea === 'takes') {
    if (c.path.length === 1) return null;
    const take = (takeId: string, f: EntityFields, verb: ActivityDraft['verb'], fields: FieldChange[] = []): ActivityDraft => ({
      area: 'takes',
      verb,
      itemId: takeId,
      kind: 'take',
      label: clipLabel(str(f.title)),
      fields,
      parentId: ideaId,
      parentLabel: ideaLabel,
    });
    if (c.path.length === 2) {
      const f = isFields(c.after) ? c.after : isFields(c.before) ? c.before : {};
      return take(c.key, f, verbOf(c.action));
    }
    const takeId = c.path[2]!;
    return take(takeId, read(c.root, [ideaId, 'takes', takeId]) ?? {}, 'changed', [
      c.path.length === 3 ? fieldChange(c.key, c.before, c.after) : { field: c.path[3]! },
    ]);
  }
  if (inIdea === 'bestTakeId') {
    const takes = isFields(idea.takes) ? idea.takes : {};
    const best = isFields(takes[str(c.after)]) ? (takes[str(c.after)] as EntityFields) : {};
    return {
      area: 'takes',
      verb: 'changed',
      itemId: str(c.after) || ideaId,
      kind: 'best take',
      label: clipLabel(str(best.title)),
      fields: [{ field: 'best' }],
      parentId: ideaId,
      parentLabel: ideaLabel,
    };
  }
  if (IDEA_FIELDS_IGNORED.has(inIdea)) return null;
  if (inIdea === 'place') {
    const from = isFields(c.before) ? str(c.before.status) : '';
    const to = isFields(c.after) ? str(c.after.status) : '';
    return { area: 'backlog', verb: 'moved', itemId: ideaId, kind: 'idea', label: ideaLabel, fields: [{ field: 'status', from, to }] };
  }
  return entityDraft(c, 'backlog', () => 'idea', 'title', read);
}

function settingsDraft(c: DocChange): ActivityDraft | null {
  if (c.root === ROOT.meta) {
    if (c.path.length > 0 || c.key !== 'title') return null;
    return {
      area: 'settings',
      verb: 'changed',
      itemId: 'title',
      kind: 'title',
      label: clipLabel(str(c.after)),
      fields: [fieldChange('title', c.before, c.after)],
    };
  }
  const top = c.path[0] ?? c.key;
  const whole = (v: unknown): EntityFields => (c.path.length === 0 && isFields(v) ? v : {});
  switch (top) {
    case 'lock': {
      const locked = (v: unknown): boolean => isFields(v) && v.locked === true;
      const before = c.path.length === 0 ? locked(c.before) : null;
      const after = c.path.length === 0 ? locked(c.after) : null;
      if (before === after) return null;
      return {
        area: 'settings',
        verb: 'changed',
        itemId: 'lock',
        kind: 'lock',
        label: '',
        fields: [{ field: 'locked', from: before, to: after }],
      };
    }
    case 'agenda':
      return { area: 'settings', verb: 'changed', itemId: 'agenda', kind: 'agenda', label: '', fields: [] };
    case 'timer':
      return { area: 'settings', verb: 'changed', itemId: 'timer', kind: 'timer', label: '', fields: [] };
    case 'vote': {
      const id = str(whole(c.after).id) || str(whole(c.before).id);
      const opened = c.path.length === 0 && isFields(c.after) && !isFields(c.before);
      const closed = c.path.length === 0 && !isFields(c.after);
      return {
        area: 'settings',
        verb: opened ? 'added' : closed ? 'removed' : 'changed',
        itemId: id || 'vote',
        kind: 'dot vote',
        label: '',
        fields: [],
      };
    }
    default:
      // Spotlight follows a person's view and the tallies are the server's: not edits.
      return null;
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** "bar 9", "bar 9 beat 3", "bar 9 beat 3 tick 120": where a tempo point sits, as a musician counts. */
export function positionLabel(f: EntityFields): string {
  const bar = num(f.bar);
  if (bar === undefined) return '';
  const beat = num(f.beat) ?? 1;
  const tick = Math.round((num(f.tick) ?? 0) * 100) / 100;
  if (tick !== 0) return `bar ${bar} beat ${beat} tick ${tick}`;
  return beat !== 1 ? `bar ${bar} beat ${beat}` : `bar ${bar}`;
}

/** The form section a bar falls in (song order is `order`, then id), for going to a tempo change from the feed. */
function sectionAtBar(read: ReadEntity, bar: number | undefined): { id: string; name: string } | undefined {
  const all = read(ROOT.tempo, []);
  if (!all || bar === undefined) return undefined;
  const sections = Object.entries(all)
    .filter((e): e is [string, EntityFields] => isFields(e[1]))
    .map(([id, f]) => ({ id, name: str(f.name), order: str(f.order), bars: Math.max(1, Math.round(num(f.bars) ?? 1)) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let start = 1;
  for (const s of sections) {
    if (bar < start + s.bars) return { id: s.id, name: s.name };
    start += s.bars;
  }
  return undefined;
}

const POINT_MOVES = new Set(['bar', 'beat', 'tick']);

/** "7/8"; a meter whose fields are not numbers reads as "?" there. */
const meterText = (f: EntityFields): string => `${num(f.numerator) ?? '?'}/${num(f.denominator) ?? '?'}`;

/**
 * A tempo point or meter change added, removed or edited. Kinds: `tempo` (a jump), `tempo ramp`
 * (ramp or timeRamp) and `meter`; the label is where it sits; the fields carry the tempo or meter
 * so the feed can say "changed the tempo at bar 9 from 120 to 128 BPM". The section the change
 * falls in is its parent, so a click on the line opens that section.
 */
function tempoTrackDraft(c: DocChange, read: ReadEntity): ActivityDraft | null {
  const meter = c.root === ROOT.tempoMeters;
  const whole = c.path.length === 0;
  const id = whole ? c.key : c.path[0]!;
  const before = whole && isFields(c.before) ? c.before : {};
  const current = (whole ? (isFields(c.after) ? c.after : before) : read(c.root, [id])) ?? {};
  const kind = meter ? 'meter' : current.shape === 'ramp' || current.shape === 'timeRamp' ? 'tempo ramp' : 'tempo';
  const label = positionLabel(current);
  const section = sectionAtBar(read, num(current.bar));
  const parent = section ? { parentId: section.id, parentLabel: clipLabel(section.name) } : {};
  const base = { area: 'tempo' as const, itemId: id, kind, label, ...parent };
  if (whole) {
    if (c.action === 'update') return { ...base, verb: 'changed', fields: [] };
    const f = c.action === 'delete' ? before : current;
    const values: FieldChange[] = meter
      ? [{ field: 'meter', ...(c.action === 'delete' ? { from: meterText(f) } : { to: meterText(f) }) }]
      : (['bpm', 'shape'] as const).map((k) => (c.action === 'delete' ? fieldChange(k, f[k], undefined) : fieldChange(k, undefined, f[k])));
    return { ...base, verb: verbOf(c.action), fields: values };
  }
  if (c.path.length > 1) return null;
  if (POINT_MOVES.has(c.key)) return { ...base, verb: 'moved', fields: [fieldChange(c.key, c.before, c.after)] };
  if (meter && (c.key === 'numerator' || c.key === 'denominator'))
    return {
      ...base,
      verb: 'changed',
      fields: [{ field: 'meter', from: meterText({ ...current, [c.key]: c.before }), to: meterText(current) }],
    };
  return { ...base, verb: 'changed', fields: [fieldChange(c.key, c.before, c.after)] };
}

const SECTION_MOVES = new Set(['order']);
const sectionKind = (): string => 'section';
const referenceKind = (f: EntityFields): string => (typeof f.kind === 'string' && f.kind ? f.kind : 'reference');

/** The activity drafts one change stands for (usually one; a new comment thread may hold several). */
export function changeToActivity(c: DocChange, read: ReadEntity): ActivityDraft[] {
  let draft: ActivityDraft | null;
  switch (c.root) {
    case ROOT.board:
      draft = c.path.length === 0 ? boardDraft(c) : null;
      break;
    case ROOT.tempo:
      draft = entityDraft(c, 'tempo', sectionKind, 'name', read, SECTION_MOVES);
      break;
    case ROOT.tempoPoints:
    case ROOT.tempoMeters:
      draft = tempoTrackDraft(c, read);
      break;
    case ROOT.references:
      draft = entityDraft(c, 'references', referenceKind, 'title', read);
      break;
    case ROOT.referenceComments:
      return commentDraft(c, read);
    case ROOT.boardComments:
      draft = boardCommentDraft(c, read);
      break;
    case ROOT.backlog:
      draft = backlogDraft(c, read);
      break;
    case ROOT.meta:
    case ROOT.facilitation:
      draft = settingsDraft(c);
      break;
    default:
      // The transport (play/stop) and roots this release does not know are not edits of the song.
      draft = null;
  }
  return draft ? [draft] : [];
}

/**
 * The activity drafts of one transaction's changes, in order. A form edit (adding, removing,
 * resizing or moving a section) carries the tempo points and meter changes of the bars it moves in
 * the same transaction (tempo SPEC T6.5): those are the section edit, not edits of their own.
 */
export function transactionToActivity(changes: readonly DocChange[], read: ReadEntity): ActivityDraft[] {
  const formEdit = changes.some((c) => c.root === ROOT.tempo);
  const out: ActivityDraft[] = [];
  for (const c of changes) {
    if (formEdit && (c.root === ROOT.tempoPoints || c.root === ROOT.tempoMeters)) continue;
    out.push(...changeToActivity(c, read));
  }
  return out;
}

/** The roots whose changes are activity; the server makes sure they are typed maps before it listens. */
export const ACTIVITY_ROOTS: readonly string[] = [
  ROOT.board,
  ROOT.tempo,
  ROOT.tempoPoints,
  ROOT.tempoMeters,
  ROOT.references,
  ROOT.referenceComments,
  ROOT.boardComments,
  ROOT.backlog,
  ROOT.meta,
  ROOT.facilitation,
];
