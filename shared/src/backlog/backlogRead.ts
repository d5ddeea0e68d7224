/**
 * The board's read model: one {@link IdeaCard} per idea, with links resolved against the tempo map
 * and references so a deleted section or reference simply disappears from the card (B4) instead of
 * showing as a broken link.
 *
 * Cards are read straight from each idea's Y.Map (sizes and keys of the nested sets, never a
 * `toJSON` of notes or takes), and {@link BacklogView} re-reads only the ideas a transaction touched,
 * so a room with thousands of ideas and takes stays cheap to keep on screen.
 */
import * as Y from 'yjs';
import { compareOrdered, isOrderKey } from '../doc/order.ts';
import { ROOT } from '../doc/roots.ts';
import { field, type Fields } from '../doc/entityMap.ts';
import { readSongOrder } from '../tempo/tempoDoc.ts';
import { references } from '../references/referencesDoc.ts';
import { IDEA_KEY, IDEA_STATUSES, isIdeaStatus, type IdeaStatus } from './backlogDoc.ts';

export interface LinkedItem {
  readonly id: string;
  readonly name: string;
}

export interface IdeaCard {
  readonly id: string;
  readonly title: string;
  readonly status: IdeaStatus;
  readonly order: string;
  readonly ownerId?: string;
  readonly ownerName?: string;
  readonly tags: readonly string[];
  /** Person ids of everyone voting for the idea. */
  readonly voters: readonly string[];
  readonly takeCount: number;
  readonly hasBestTake: boolean;
  /** Linked sections that still exist, in song order. */
  readonly sections: readonly LinkedItem[];
  /** Linked references that still exist. */
  readonly references: readonly LinkedItem[];
  readonly createdBy: string;
  readonly createdById?: string;
  readonly createdAt: number;
}

/** Names of the things an idea may link to, looked up once per read pass. */
export interface LinkTargets {
  /** Section id → [song position, name]. */
  readonly sections: ReadonlyMap<string, readonly [number, string]>;
  readonly references: ReadonlyMap<string, string>;
}

export function readLinkTargets(doc: Y.Doc): LinkTargets {
  const sections = new Map<string, readonly [number, string]>();
  readSongOrder(doc).forEach((s, i) => sections.set(s.id, [i, s.name]));
  const refs = new Map<string, string>();
  for (const r of references(doc).list()) refs.set(r.id, r.title);
  return { sections, references: refs };
}

function setKeys(v: unknown): string[] {
  return v instanceof Y.Map ? [...v.keys()] : [];
}

function readPlaceFrom(m: Y.Map<unknown>): { status: IdeaStatus; order: string } {
  const p = m.get(IDEA_KEY.place);
  if (typeof p === 'object' && p !== null && !(p instanceof Y.AbstractType)) {
    const { status, order } = p as Fields;
    return { status: isIdeaStatus(status) ? status : 'idea', order: isOrderKey(order) ? order : '' };
  }
  const status = m.get(IDEA_KEY.status);
  const order = m.get(IDEA_KEY.order);
  return { status: isIdeaStatus(status) ? status : 'idea', order: isOrderKey(order) ? order : '' };
}

/** Reads one idea's card from its Y.Map; `targets` resolves links. */
export function readCardFrom(id: string, m: Y.Map<unknown>, targets: LinkTargets): IdeaCard {
  const plain: Fields = {};
  for (const k of [
    IDEA_KEY.title,
    IDEA_KEY.ownerId,
    IDEA_KEY.ownerName,
    IDEA_KEY.createdBy,
    IDEA_KEY.createdById,
    IDEA_KEY.createdAt,
    IDEA_KEY.bestTakeId,
  ]) {
    plain[k] = m.get(k);
  }
  const takes = m.get(IDEA_KEY.takes);
  const best = field.optString(plain, IDEA_KEY.bestTakeId);
  const sections = setKeys(m.get(IDEA_KEY.sections))
    .flatMap((sid) => {
      const t = targets.sections.get(sid);
      return t ? [{ id: sid, pos: t[0], name: t[1] }] : [];
    })
    .sort((a, b) => a.pos - b.pos)
    .map(({ id: sid, name }) => ({ id: sid, name }));
  const refs = setKeys(m.get(IDEA_KEY.references)).flatMap((rid) => {
    const name = targets.references.get(rid);
    return name !== undefined ? [{ id: rid, name }] : [];
  });
  const ownerId = field.optString(plain, IDEA_KEY.ownerId);
  const ownerName = field.optString(plain, IDEA_KEY.ownerName);
  const createdById = field.optString(plain, IDEA_KEY.createdById);
  return {
    id,
    ...readPlaceFrom(m),
    title: field.string(plain, IDEA_KEY.title, 'Untitled idea'),
    tags: setKeys(m.get(IDEA_KEY.tags)).sort(),
    voters: setKeys(m.get(IDEA_KEY.votes)).sort(),
    takeCount: takes instanceof Y.Map ? takes.size : 0,
    hasBestTake: best !== undefined && takes instanceof Y.Map && takes.has(best),
    sections,
    references: refs,
    createdBy: field.string(plain, IDEA_KEY.createdBy, 'someone'),
    createdAt: field.number(plain, IDEA_KEY.createdAt, 0),
    ...(ownerId !== undefined ? { ownerId } : {}),
    ...(ownerName !== undefined ? { ownerName } : {}),
    ...(createdById !== undefined ? { createdById } : {}),
  };
}

export function readCard(doc: Y.Doc, id: string, targets = readLinkTargets(doc)): IdeaCard | undefined {
  const m = doc.getMap<unknown>(ROOT.backlog).get(id);
  return m instanceof Y.Map ? readCardFrom(id, m, targets) : undefined;
}

export type Board = Readonly<Record<IdeaStatus, readonly IdeaCard[]>>;

/** Groups cards into columns, each in board order (order key, then id). */
export function groupBoard(cards: Iterable<IdeaCard>): Board {
  const board: Record<IdeaStatus, IdeaCard[]> = { idea: [], jamming: [], validated: [], parked: [], done: [] };
  for (const c of cards) board[c.status].push(c);
  for (const s of IDEA_STATUSES) board[s].sort(compareOrdered);
  return board;
}

/** Reads the whole board at once. */
export function readBoard(doc: Y.Doc): Board {
  const targets = readLinkTargets(doc);
  const cards: IdeaCard[] = [];
  doc.getMap<unknown>(ROOT.backlog).forEach((m, id) => {
    if (m instanceof Y.Map) cards.push(readCardFrom(id, m, targets));
  });
  return groupBoard(cards);
}

/**
 * A live, incrementally maintained board: after each transaction only the ideas it touched are
 * re-read (all of them when a section or reference changed, since names and links may have), and
 * `board()` returns the same object until something changed, which suits `useSyncExternalStore`.
 */
export class BacklogView {
  private readonly cards = new Map<string, IdeaCard>();
  private targets: LinkTargets;
  private current: Board;
  private readonly listeners = new Set<() => void>();
  private readonly root: Y.Map<unknown>;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly doc: Y.Doc) {
    this.root = doc.getMap<unknown>(ROOT.backlog);
    this.targets = readLinkTargets(doc);
    this.root.forEach((_, id) => this.refresh(id));
    this.current = groupBoard(this.cards.values());

    const onBacklog = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
      const touched = new Set<string>();
      for (const e of events) {
        if (e.target === this.root) for (const k of e.changes.keys.keys()) touched.add(k);
        else {
          const first = e.path[0];
          if (typeof first === 'string') touched.add(first);
        }
      }
      for (const id of touched) this.refresh(id);
      this.publish();
    };
    const onTargets = (): void => {
      this.targets = readLinkTargets(doc);
      this.root.forEach((_, id) => this.refresh(id));
      this.publish();
    };
    this.root.observeDeep(onBacklog);
    const tempo = doc.getMap<unknown>(ROOT.tempo);
    const refs = doc.getMap<unknown>(ROOT.references);
    tempo.observeDeep(onTargets);
    refs.observeDeep(onTargets);
    this.cleanups.push(
      () => this.root.unobserveDeep(onBacklog),
      () => tempo.unobserveDeep(onTargets),
      () => refs.unobserveDeep(onTargets),
    );
  }

  board = (): Board => this.current;

  card(id: string): IdeaCard | undefined {
    return this.cards.get(id);
  }

  /** Every distinct tag on the board, sorted. */
  tags(): string[] {
    const all = new Set<string>();
    for (const c of this.cards.values()) for (const t of c.tags) all.add(t);
    return [...all].sort();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  destroy(): void {
    for (const c of this.cleanups) c();
    this.listeners.clear();
  }

  private refresh(id: string): void {
    const m = this.root.get(id);
    if (m instanceof Y.Map) this.cards.set(id, readCardFrom(id, m, this.targets));
    else this.cards.delete(id);
  }

  private publish(): void {
    this.current = groupBoard(this.cards.values());
    for (const l of this.listeners) l();
  }
}
