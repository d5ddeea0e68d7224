/**
 * The filter row: text (focused by /), tag and owner, and Clear while any is set. Filtering only
 * changes what this person sees; the tag and owner choices are those on the board right now.
 */
import { useMemo, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { IDEA_STATUSES, isFilterActive, type Board, type BoardFilter } from '@riffboard/shared';
import { useBacklogView } from './backlogHooks.ts';

export interface BacklogFiltersProps {
  readonly board: Board;
  readonly filter: BoardFilter;
  onFilter: Dispatch<SetStateAction<BoardFilter>>;
  /** This person, marked "(me)" among the owners. */
  readonly myPersonId: string;
  /** The text field, focused by the board's / key. */
  readonly searchRef: RefObject<HTMLInputElement | null>;
}

export function BacklogFilters({ board, filter, onFilter, myPersonId, searchRef }: BacklogFiltersProps) {
  const view = useBacklogView();
  const tags = useMemo(() => view.tags(), [view, board]); // eslint-disable-line react-hooks/exhaustive-deps -- board changes ⇒ tags may have
  const owners = useMemo(() => {
    const byId = new Map<string, string>();
    for (const s of IDEA_STATUSES) for (const c of board[s]) if (c.ownerId && c.ownerName) byId.set(c.ownerId, c.ownerName);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [board]);
  return (
    <div className="rb-backlog-filters" role="search">
      <input
        ref={searchRef}
        type="search"
        placeholder="Filter… (/)"
        aria-label="Filter ideas"
        value={filter.text ?? ''}
        onChange={(e) => onFilter((f) => ({ ...f, text: e.target.value }))}
      />
      <select
        aria-label="Filter by tag"
        value={filter.tag ?? ''}
        onChange={(e) => onFilter((f) => ({ ...f, tag: e.target.value || undefined }))}
      >
        <option value="">All tags</option>
        {tags.map((t) => (
          <option key={t} value={t}>
            #{t}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by owner"
        value={filter.ownerId ?? ''}
        onChange={(e) => onFilter((f) => ({ ...f, ownerId: e.target.value || undefined }))}
      >
        <option value="">Anyone</option>
        {owners.map(([id, name]) => (
          <option key={id} value={id}>
            {id === myPersonId ? `${name} (me)` : name}
          </option>
        ))}
      </select>
      {isFilterActive(filter) && (
        <button type="button" className="rb-link-button" onClick={() => onFilter({})}>
          Clear
        </button>
      )}
    </div>
  );
}
