/**
 * Activity records: who added, changed, moved or removed what in a room, as the server recorded it
 * from the connection that sent the change (never from names written into the document).
 *
 * Records are server-private (not in the room doc). The server turns each accepted change into a
 * draft (`changeToActivity.ts`), merges bursts per person and item (`coalesce.ts`), and stores
 * them; the feed, "since you were last here" and credits are pure functions over entries.
 */

/** The part of the room a change belongs to. */
export const ACTIVITY_AREAS = ['board', 'tempo', 'references', 'comments', 'backlog', 'takes', 'votes', 'settings', 'versions'] as const;
export type ActivityArea = (typeof ACTIVITY_AREAS)[number];

export const ACTIVITY_VERBS = ['added', 'changed', 'moved', 'removed'] as const;
export type ActivityVerb = (typeof ACTIVITY_VERBS)[number];

/** One field's value before and after (first value and last value of a burst). */
export interface FieldChange {
  readonly field: string;
  readonly from?: string | number | boolean | null;
  readonly to?: string | number | boolean | null;
}

/** What a change did, before the server stamps who and when. */
export interface ActivityDraft {
  readonly area: ActivityArea;
  readonly verb: ActivityVerb;
  /** The changed item's id in the document (shape id, section id, idea id…). */
  readonly itemId: string;
  /** What kind of item: `image`, `note`, `section`, `reference`, `comment`, `idea`, `take`, `title`, `lock`… */
  readonly kind: string;
  /** How a musician names the item (a section's name, an idea's title, a note's text); may be empty. */
  readonly label: string;
  /** Fields that changed, for `changed` and `moved`. */
  readonly fields: readonly FieldChange[];
  /** The item this one belongs to (a take's idea, a comment's reference), when there is one. */
  readonly parentId?: string;
  readonly parentLabel?: string;
}

/** A stored (or still coalescing) activity record. */
export interface ActivityEntry extends ActivityDraft {
  /** Store sequence number (grows with time of first write); 0 while the burst is still open. */
  readonly seq: number;
  /** Derived by the server from the connection's person key (a hash; the key itself is never stored). */
  readonly personId: string;
  /** The display name the person's connection announced when they made the change. */
  readonly name: string;
  /** Epoch ms of the burst's first change. */
  readonly startedAt: number;
  /** Epoch ms of the burst's last change. */
  readonly at: number;
}

const MAX_LABEL = 80;

/** Labels are shown in sentences: one line, bounded. */
export function clipLabel(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_LABEL ? `${one.slice(0, MAX_LABEL - 1)}…` : one;
}

export function isActivityArea(v: unknown): v is ActivityArea {
  return typeof v === 'string' && (ACTIVITY_AREAS as readonly string[]).includes(v);
}

export function isActivityVerb(v: unknown): v is ActivityVerb {
  return typeof v === 'string' && (ACTIVITY_VERBS as readonly string[]).includes(v);
}
