/**
 * Backlog ideas in the room doc: one Y.Map per idea, ordered within its status column by
 * fractional keys so concurrent drags never lose or duplicate a card.
 */
import type * as Y from 'yjs';
import { ROOT } from '../doc/roots.ts';
import { entityMap, field, type EntityMap, type Fields } from '../doc/entityMap.ts';
import { isOrderKey, sortOrdered } from '../doc/order.ts';

export const IDEA_STATUSES = ['idea', 'jamming', 'validated', 'parked', 'done'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export interface Idea {
  readonly id: string;
  readonly title: string;
  readonly status: IdeaStatus;
  readonly order: string;
  readonly createdBy: string;
  readonly createdAt: number;
}

export function readIdea(id: string, f: Fields): Idea {
  return {
    id,
    title: field.string(f, 'title', 'Untitled idea'),
    status: field.oneOf(f, 'status', IDEA_STATUSES, 'idea'),
    order: isOrderKey(f.order) ? f.order : '',
    createdBy: field.string(f, 'createdBy', 'someone'),
    createdAt: field.number(f, 'createdAt', 0),
  };
}

export function backlogIdeas(doc: Y.Doc): EntityMap<Idea> {
  return entityMap(doc, ROOT.backlog, readIdea);
}

/** The ideas of one status column in board order. */
export function readColumn(doc: Y.Doc, status: IdeaStatus): Idea[] {
  return sortOrdered(backlogIdeas(doc).list().filter((i) => i.status === status));
}
