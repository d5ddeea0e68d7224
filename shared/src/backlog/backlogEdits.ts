/**
 * Editing operations on backlog ideas (SPEC.md B1–B5). Each is one Yjs transaction with an origin,
 * so one undo step undoes one user action.
 *
 * Invariants:
 * - an idea is created whole, with its nested types, in one transaction; later edits touch single
 *   keys of its own Y.Map, so an edit to an idea someone deleted is dropped by Yjs instead of
 *   resurrecting half an idea;
 * - a move writes `place` ({status, order}) as one value (B2);
 * - votes, tags and links are set-like Y.Maps keyed by person id / tag / target id, so repeating an
 *   action (a reconnect replaying it, a second tab) can't count twice (B3).
 */
import * as Y from 'yjs';
import { keyForIndex } from '../doc/order.ts';
import { ROOT } from '../doc/roots.ts';
import type { TransactionOrigin } from '../doc/origins.ts';
import { BACKLOG_LIMITS, IDEA_KEY, readColumn, type IdeaStatus, type Place } from './backlogDoc.ts';

/** Who does something: a stable per-browser person id and the display name at that moment. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/** A fresh random id (no crypto global is assumed: shared runs in browser and Node). */
export function newBacklogId(prefix: string, random: () => number = Math.random): string {
  let id = prefix;
  for (let i = 0; i < 16; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

function root(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.backlog);
}

/** The raw Y.Map of one idea, if it exists. Only backlog modules use this. */
export function ideaYMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const m = root(doc).get(id);
  return m instanceof Y.Map ? m : undefined;
}

/** A nested set-like Y.Map of an idea, created on demand for ideas written by an older peer. */
function nestedMap(idea: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const m = idea.get(key);
  if (m instanceof Y.Map) return m;
  const fresh = new Y.Map<unknown>();
  idea.set(key, fresh);
  return fresh;
}

/**
 * The idea's notes as a Y.Text for an editor binding; undefined if the idea is gone, or has no notes
 * and `create` is false (a read-only viewer must not write one).
 */
export function ideaNotes(doc: Y.Doc, id: string, create = true): Y.Text | undefined {
  const idea = ideaYMap(doc, id);
  if (!idea) return undefined;
  const t = idea.get(IDEA_KEY.notes);
  if (t instanceof Y.Text) return t;
  if (!create) return undefined;
  // An idea written without notes (older peer): add the Y.Text once. Two peers doing this at the
  // same time each set their own; Yjs keeps one, so text typed into the loser before sync is lost —
  // acceptable only because ideas created here always have notes from the start.
  const fresh = new Y.Text();
  doc.transact(() => idea.set(IDEA_KEY.notes, fresh), 'local');
  return fresh;
}

export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().slice(0, BACKLOG_LIMITS.titleLength);
}

export function cleanTag(tag: string): string {
  return tag.replace(/^#/, '').replace(/\s+/g, '-').trim().toLowerCase().slice(0, BACKLOG_LIMITS.tagLength);
}

export interface NewIdea {
  readonly title: string;
  readonly status?: IdeaStatus;
  /** Where in the column; the end by default. */
  readonly index?: number;
  readonly notes?: string;
  readonly tags?: readonly string[];
  readonly owner?: Person;
  readonly sectionIds?: readonly string[];
  readonly referenceIds?: readonly string[];
  readonly id?: string;
}

/** Creates an idea whole; returns its id, or undefined when the title is empty. */
export function createIdea(doc: Y.Doc, input: NewIdea, by: Person, origin: TransactionOrigin, now = Date.now()): string | undefined {
  const title = cleanTitle(input.title);
  if (!title) return undefined;
  const id = input.id ?? newBacklogId('i');
  const status = input.status ?? 'idea';
  const column = readColumn(doc, status);
  const place: Place = { status, order: keyForIndex(column, input.index ?? column.length) };
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    root(doc).set(id, m);
    m.set(IDEA_KEY.place, place);
    m.set(IDEA_KEY.title, title);
    m.set(IDEA_KEY.notes, new Y.Text(input.notes ?? ''));
    m.set(IDEA_KEY.createdBy, by.name.slice(0, BACKLOG_LIMITS.nameLength));
    m.set(IDEA_KEY.createdById, by.id);
    m.set(IDEA_KEY.createdAt, now);
    if (input.owner) {
      m.set(IDEA_KEY.ownerId, input.owner.id);
      m.set(IDEA_KEY.ownerName, input.owner.name.slice(0, BACKLOG_LIMITS.nameLength));
    }
    const set = (key: string, values: readonly string[] | undefined): void => {
      const s = new Y.Map<unknown>();
      m.set(key, s);
      for (const v of values ?? []) if (v) s.set(v, true);
    };
    set(IDEA_KEY.tags, (input.tags ?? []).map(cleanTag).filter(Boolean).slice(0, BACKLOG_LIMITS.tagsPerIdea));
    set(IDEA_KEY.sections, input.sectionIds);
    set(IDEA_KEY.references, input.referenceIds);
    set(IDEA_KEY.votes, []);
    m.set(IDEA_KEY.takes, new Y.Map<unknown>());
  }, origin);
  return id;
}

/**
 * Moves an idea to `index` of column `status` (the column as it reads without the idea). Returns
 * false when the idea no longer exists.
 */
export function moveIdea(doc: Y.Doc, id: string, status: IdeaStatus, index: number, origin: TransactionOrigin): boolean {
  const idea = ideaYMap(doc, id);
  if (!idea) return false;
  const rest = readColumn(doc, status).filter((i) => i.id !== id);
  const place: Place = { status, order: keyForIndex(rest, index) };
  doc.transact(() => {
    idea.set(IDEA_KEY.place, place);
    // Legacy fields would be shadowed by `place` anyway; dropping them keeps one source of truth.
    if (idea.has(IDEA_KEY.status)) idea.delete(IDEA_KEY.status);
    if (idea.has(IDEA_KEY.order)) idea.delete(IDEA_KEY.order);
  }, origin);
  return true;
}

export function deleteIdea(doc: Y.Doc, id: string, origin: TransactionOrigin): void {
  doc.transact(() => root(doc).delete(id), origin);
}

export function renameIdea(doc: Y.Doc, id: string, title: string, origin: TransactionOrigin): boolean {
  const idea = ideaYMap(doc, id);
  const clean = cleanTitle(title);
  if (!idea || !clean) return false;
  if (idea.get(IDEA_KEY.title) !== clean) doc.transact(() => idea.set(IDEA_KEY.title, clean), origin);
  return true;
}

/** Sets or clears (null) the owner. */
export function setOwner(doc: Y.Doc, id: string, owner: Person | null, origin: TransactionOrigin): void {
  const idea = ideaYMap(doc, id);
  if (!idea) return;
  doc.transact(() => {
    if (owner) {
      idea.set(IDEA_KEY.ownerId, owner.id);
      idea.set(IDEA_KEY.ownerName, owner.name.slice(0, BACKLOG_LIMITS.nameLength));
    } else {
      idea.delete(IDEA_KEY.ownerId);
      idea.delete(IDEA_KEY.ownerName);
    }
  }, origin);
}

/** Adds a tag; returns the stored tag, or undefined when empty or the idea is full. */
export function addTag(doc: Y.Doc, id: string, tag: string, origin: TransactionOrigin): string | undefined {
  const idea = ideaYMap(doc, id);
  const clean = cleanTag(tag);
  if (!idea || !clean) return undefined;
  const tags = idea.get(IDEA_KEY.tags);
  if (tags instanceof Y.Map && tags.size >= BACKLOG_LIMITS.tagsPerIdea && !tags.has(clean)) return undefined;
  doc.transact(() => nestedMap(idea, IDEA_KEY.tags).set(clean, true), origin);
  return clean;
}

export function removeTag(doc: Y.Doc, id: string, tag: string, origin: TransactionOrigin): void {
  const idea = ideaYMap(doc, id);
  const tags = idea?.get(IDEA_KEY.tags);
  if (tags instanceof Y.Map && tags.has(tag)) doc.transact(() => tags.delete(tag), origin);
}

/**
 * Toggles `person`'s vote on an idea (B3): a vote is the key `person.id` in the idea's vote set, so
 * however often it is sent (two tabs, a replay after reconnect) a person counts once. Returns
 * whether the person now votes for the idea.
 */
export function toggleVote(doc: Y.Doc, id: string, personId: string, origin: TransactionOrigin, now = Date.now()): boolean {
  const idea = ideaYMap(doc, id);
  if (!idea || !personId) return false;
  const votes = idea.get(IDEA_KEY.votes);
  const has = votes instanceof Y.Map && votes.has(personId);
  doc.transact(() => {
    const v = nestedMap(idea, IDEA_KEY.votes);
    if (has) v.delete(personId);
    else v.set(personId, now);
  }, origin);
  return !has;
}

export type LinkKind = 'sections' | 'references';

/** Links an idea to a tempo-map section or a reference (B4). */
export function setLink(doc: Y.Doc, id: string, kind: LinkKind, targetId: string, linked: boolean, origin: TransactionOrigin): void {
  const idea = ideaYMap(doc, id);
  if (!idea || !targetId) return;
  const key = kind === 'sections' ? IDEA_KEY.sections : IDEA_KEY.references;
  doc.transact(() => {
    const s = nestedMap(idea, key);
    if (linked) s.set(targetId, true);
    else if (s.has(targetId)) s.delete(targetId);
  }, origin);
}
