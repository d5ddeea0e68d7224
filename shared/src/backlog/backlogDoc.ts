/**
 * Backlog ideas in the room doc: one Y.Map per idea under `ROOT.backlog`, ordered within its
 * status column by fractional keys so concurrent drags never lose or duplicate a card.
 *
 * Layout of one idea's Y.Map (keys in {@link IDEA_KEY}; nobody else spells them):
 * - `place`: `{ status, order }` as ONE plain value. A move changes column and position together,
 *   so two concurrent moves resolve as a whole (one of them wins) and a card can never end up with
 *   one person's column and the other person's position key (B2 in SPEC.md).
 * - `title`, `ownerId`, `ownerName`, `createdBy`, `createdById`, `createdAt`, `bestTakeId`: plain values.
 * - `notes`: a Y.Text, edited together character by character.
 * - `tags`, `sections`, `references`, `votes`: Y.Maps used as sets (key → value). Two people adding
 *   different tags both win; a vote is keyed by person id, so a person can hold at most one (B3).
 * - `takes`: a Y.Map of take id → Y.Map of take fields (see `takes.ts`).
 *
 * Older docs (and the first version of this module) stored `status` and `order` as two separate
 * fields; readers fall back to them when `place` is absent.
 */
import * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';

export const IDEA_STATUSES = ['idea', 'jamming', 'validated', 'parked', 'done'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Column headings as people read them. */
export const IDEA_STATUS_LABEL: Readonly<Record<IdeaStatus, string>> = {
  idea: 'Ideas',
  jamming: 'Jamming',
  validated: 'Validated',
  parked: 'Parked',
  done: 'Done',
};

export function isIdeaStatus(v: unknown): v is IdeaStatus {
  return typeof v === 'string' && (IDEA_STATUSES as readonly string[]).includes(v);
}

/** The keys of an idea's Y.Map. */
export const IDEA_KEY = {
  place: 'place',
  title: 'title',
  notes: 'notes',
  ownerId: 'ownerId',
  ownerName: 'ownerName',
  tags: 'tags',
  sections: 'sections',
  references: 'references',
  votes: 'votes',
  takes: 'takes',
  bestTakeId: 'bestTakeId',
  createdBy: 'createdBy',
  createdById: 'createdById',
  createdAt: 'createdAt',
  /** Legacy: separate status and order fields, read when `place` is absent. */
  status: 'status',
  order: 'order',
} as const;

export const BACKLOG_LIMITS = {
  titleLength: 200,
  tagLength: 32,
  tagsPerIdea: 12,
  nameLength: 60,
} as const;

export interface Idea {
  readonly id: string;
  readonly title: string;
  readonly status: IdeaStatus;
  readonly order: string;
  readonly createdBy: string;
  readonly createdAt: number;
}

export interface Place {
  readonly status: IdeaStatus;
  readonly order: string;
}

/** Reads a stored place value, or the legacy separate fields; undefined parts take defaults. */
export function readPlace(f: Fields): Place {
  const p = f[IDEA_KEY.place];
  if (typeof p === 'object' && p !== null) {
    const { status, order } = p as Record<string, unknown>;
    return { status: isIdeaStatus(status) ? status : 'idea', order: isOrderKey(order) ? order : '' };
  }
  return {
    status: field.oneOf(f, IDEA_KEY.status, IDEA_STATUSES, 'idea'),
    order: isOrderKey(f[IDEA_KEY.order]) ? (f[IDEA_KEY.order] as string) : '',
  };
}

export function readIdea(id: string, f: Fields): Idea {
  const { status, order } = readPlace(f);
  return {
    id,
    title: field.string(f, IDEA_KEY.title, 'Untitled idea'),
    status,
    order,
    createdBy: field.string(f, IDEA_KEY.createdBy, 'someone'),
    createdAt: field.number(f, IDEA_KEY.createdAt, 0),
  };
}

/**
 * The backlog root as a keyed collection of minimal ideas. Whole-idea reads go through
 * `toJSON` (notes and takes included), so the board uses `backlogRead.ts` instead; writes should go
 * through `backlogEdits.ts`, which keeps `place` atomic.
 */
export function backlogIdeas(doc: Y.Doc): EntityMap<Idea> {
  return entityMap(doc, ROOT.backlog, readIdea);
}

/**
 * The ideas of one status column in board order. Reads only the scalar fields of each idea's
 * Y.Map (never a `toJSON` of notes and takes): every create and move calls this, and a jam may
 * hold thousands of ideas and takes.
 */
export function readColumn(doc: Y.Doc, status: IdeaStatus): Idea[] {
  const out: Idea[] = [];
  doc.getMap<unknown>(ROOT.backlog).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const f: Fields = {};
    for (const k of [IDEA_KEY.place, IDEA_KEY.status, IDEA_KEY.order, IDEA_KEY.title, IDEA_KEY.createdBy, IDEA_KEY.createdAt])
      f[k] = m.get(k);
    const idea = readIdea(id, f);
    if (idea.status === status) out.push(idea);
  });
  return sortOrdered(out);
}

/**
 * The backlog's root type, for what needs a Yjs scope rather than values: a per-user
 * `Y.UndoManager` over the backlog (B6). Not for reading or writing fields.
 */
export function backlogUndoScope(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.backlog);
}
