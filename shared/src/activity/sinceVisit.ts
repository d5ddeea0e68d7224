/**
 * "Since you were last here" (W6): what other people changed after this person's last visit, as
 * feed groups, and which items to mark on the board and in the panels until seen. The person's
 * own changes are never listed or marked, whatever name they were made under.
 */
import type { ActivityArea, ActivityEntry } from './activityEntry.ts';
import { buildFeed, type FeedGroup } from './feedSentences.ts';

export interface SinceVisit {
  /** When this person was last here (epoch ms), or null on a first visit. */
  readonly lastHere: number | null;
  /** Others' entries after `lastHere`, newest first. */
  readonly entries: readonly ActivityEntry[];
  readonly groups: readonly FeedGroup[];
  /** Changed item ids per area (removed items left out: there is nothing to mark). */
  readonly changed: Readonly<Partial<Record<ActivityArea, readonly string[]>>>;
  /** How many different people changed something. */
  readonly people: number;
}

/** Others' entries after `lastHere` (entries newest first). */
export function othersSince(entries: readonly ActivityEntry[], you: string, lastHere: number): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  // A burst that began before the visit ended and went on after it counts: its last change is new.
  for (const e of entries) if (e.at > lastHere && e.personId !== you) out.push(e);
  return out;
}

export function sinceLastVisit(entries: readonly ActivityEntry[], you: string, lastHere: number | null): SinceVisit {
  if (lastHere === null) return { lastHere, entries: [], groups: [], changed: {}, people: 0 };
  const mine = othersSince(entries, you, lastHere);
  const changed: Partial<Record<ActivityArea, Set<string>>> = {};
  for (const e of mine) {
    if (e.verb === 'removed') continue;
    (changed[e.area] ??= new Set()).add(e.itemId);
    if (e.parentId) (changed[e.area] ??= new Set()).add(e.parentId);
  }
  return {
    lastHere,
    entries: mine,
    groups: buildFeed(mine, { you }),
    changed: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, [...v]])),
    people: new Set(mine.map((e) => e.personId)).size,
  };
}
