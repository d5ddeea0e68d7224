/**
 * Filtering and sorting the board for one viewer. Pure and local: what one person filters never
 * changes the shared order, which stays the fractional-key order everyone sees.
 */
import type { IdeaCard } from './backlogRead.ts';

export interface BoardFilter {
  /** Only cards with this tag. */
  readonly tag?: string;
  /** Only cards owned by this person id. */
  readonly ownerId?: string;
  /** Case-insensitive words that must all appear in the title, tags, owner or linked names. */
  readonly text?: string;
}

export function isFilterActive(f: BoardFilter): boolean {
  return Boolean(f.tag || f.ownerId || f.text?.trim());
}

export function matchesFilter(card: IdeaCard, f: BoardFilter): boolean {
  if (f.tag && !card.tags.includes(f.tag)) return false;
  if (f.ownerId && card.ownerId !== f.ownerId) return false;
  const words = f.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return true;
  const hay = [card.title, card.ownerName ?? '', ...card.tags, ...card.sections.map((s) => s.name), ...card.references.map((r) => r.name)]
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Most votes first; equal counts keep board order (the sort is stable). */
export function sortByVotes(cards: readonly IdeaCard[]): IdeaCard[] {
  return [...cards].sort((a, b) => b.voters.length - a.voters.length);
}
