/**
 * The backlog board: a toolbar (catch an idea, filter, undo/redo, expand) above the status
 * columns. Wide: all five columns side by side, like a Trello board. Compact (the side panel): one
 * column at a time behind tabs with counts, so cards stay readable in 340 px.
 *
 * Moves — by mouse (HTML5 drag and drop) or keyboard (Alt+arrows on a focused card) — all end in
 * `moveIdea`, one transaction with origin 'local', so each is one undo step and concurrent moves
 * resolve as in SPEC B2.
 *
 * Keyboard: N new idea, / search, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo; on a card: Enter
 * open, V vote, Alt+←/→ move to the previous/next column, Alt+↑/↓ move up/down.
 *
 * Size (~400 lines): drag-and-drop and keyboard moves share the focus/drag state with both
 * layouts; the toolbar and the keyboard handling are the next things to move into their own modules.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  IDEA_STATUSES,
  IDEA_STATUS_LABEL,
  createIdea,
  isFilterActive,
  matchesFilter,
  moveIdea,
  sortByVotes,
  toggleVote,
  type BoardFilter,
  type IdeaCard,
  type IdeaStatus,
} from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { useBacklogView, useBoard, useCardEditors, usePerson, usePublishEditing, useUndo } from './backlogHooks.ts';
import { BacklogColumn, type DropTarget } from './BacklogColumn.tsx';
import type { CardActions } from './IdeaCardView.tsx';
import { IdeaDetail } from './IdeaDetail.tsx';

const DRAG_TYPE = 'application/x-riffboard-idea';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function BacklogBoard({ wide, onToggleWide }: { wide: boolean; onToggleWide(): void }) {
  const { doc } = useRoom();
  const canEdit = useCanEdit();
  const board = useBoard();
  const view = useBacklogView();
  const person = usePerson();
  const editors = useCardEditors();
  const { undoManager, canUndo, canRedo } = useUndo();

  const [filter, setFilter] = useState<BoardFilter>({});
  const [voteSorted, setVoteSorted] = useState<ReadonlySet<IdeaStatus>>(new Set());
  const [compactStatus, setCompactStatus] = useState<IdeaStatus>('idea');
  const [openId, setOpenId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<DropTarget | null>(null);
  const [draft, setDraft] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const newIdeaRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  usePublishEditing(openId);
  const openCard = openId ? view.card(openId) : undefined;
  // The open idea was deleted (by anyone): close its detail view.
  useEffect(() => {
    if (openId && !openCard) setOpenId(null);
  }, [openId, openCard]);

  const shown = useMemo(() => {
    const out = {} as Record<IdeaStatus, IdeaCard[]>;
    for (const s of IDEA_STATUSES) {
      const visible = board[s].filter((c) => matchesFilter(c, filter));
      out[s] = voteSorted.has(s) ? sortByVotes(visible) : visible;
    }
    return out;
  }, [board, filter, voteSorted]);
  const total = IDEA_STATUSES.reduce((n, s) => n + board[s].length, 0);
  const tags = useMemo(() => view.tags(), [view, board]); // eslint-disable-line react-hooks/exhaustive-deps -- board changes ⇒ tags may have
  const owners = useMemo(() => {
    const byId = new Map<string, string>();
    for (const s of IDEA_STATUSES) for (const c of board[s]) if (c.ownerId && c.ownerName) byId.set(c.ownerId, c.ownerName);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [board]);

  // Keep keyboard focus on a card that moved (it re-renders in another place or column).
  // Once only: after that, focus belongs to whatever the person clicks or types into next.
  useEffect(() => {
    if (!focusId) return;
    const el = rootRef.current?.querySelector<HTMLElement>(`[data-idea-id="${CSS.escape(focusId)}"]`);
    if (!el) return;
    if (document.activeElement !== el) el.focus();
    setFocusId(null);
  }, [focusId, board]);

  // A card moved by someone else mid-drag re-mounts elsewhere, and the browser then never fires
  // `dragend` on it: end our drag state on any drop or drag end in the window instead.
  useEffect(() => {
    if (!dragId) return;
    const end = (): void => {
      setDragId(null);
      setDrop(null);
    };
    window.addEventListener('dragend', end, true);
    window.addEventListener('drop', end);
    return () => {
      window.removeEventListener('dragend', end, true);
      window.removeEventListener('drop', end);
    };
  }, [dragId]);

  const move = useCallback(
    (id: string, status: IdeaStatus, index: number): void => {
      if (!canEdit) return;
      moveIdea(doc, id, status, index, 'local');
    },
    [doc, canEdit],
  );

  const addIdea = (): void => {
    if (!canEdit) return;
    const status = wide ? 'idea' : compactStatus;
    const id = createIdea(doc, { title: draft, status }, person, 'local');
    if (id) setDraft('');
  };

  const actionsRef = useRef<CardActions | null>(null);
  actionsRef.current = {
    open: (id) => setOpenId(id),
    vote: (id) => canEdit && toggleVote(doc, id, person.id, 'local'),
    keyDown: (e: KeyboardEvent<HTMLElement>, card: IdeaCard) => {
      if (e.target !== e.currentTarget) return;
      const col = board[card.status];
      const at = col.findIndex((c) => c.id === card.id);
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        setOpenId(card.id);
      } else if ((e.key === 'v' || e.key === 'V') && !e.metaKey && !e.ctrlKey && canEdit) {
        e.preventDefault();
        toggleVote(doc, card.id, person.id, 'local');
      } else if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && canEdit) {
        e.preventDefault();
        const to = IDEA_STATUSES[IDEA_STATUSES.indexOf(card.status) + (e.key === 'ArrowLeft' ? -1 : 1)];
        if (!to) return;
        move(card.id, to, Math.min(at, board[to].length));
        setFocusId(card.id);
        if (!wide) setCompactStatus(to);
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && canEdit) {
        e.preventDefault();
        const to = at + (e.key === 'ArrowUp' ? -1 : 1);
        if (to < 0 || to >= col.length) return;
        move(card.id, card.status, to);
        setFocusId(card.id);
      } else if (!e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        const next = (
          e.key === 'ArrowDown' ? e.currentTarget.parentElement?.nextElementSibling : e.currentTarget.parentElement?.previousElementSibling
        )?.querySelector<HTMLElement>('[data-idea-id]');
        next?.focus();
      }
    },
    dragStart: (e: DragEvent<HTMLElement>, card: IdeaCard) => {
      if (!canEdit) return;
      e.dataTransfer.setData(DRAG_TYPE, card.id);
      e.dataTransfer.setData('text/plain', card.title);
      e.dataTransfer.effectAllowed = 'move';
      setDragId(card.id);
    },
    dragEnd: () => {
      setDragId(null);
      setDrop(null);
    },
  };
  // Stable identity for memoised cards; calls always reach the latest closure.
  const actions = useMemo<CardActions>(
    () => ({
      open: (id) => actionsRef.current?.open(id),
      vote: (id) => actionsRef.current?.vote(id),
      keyDown: (e, c) => actionsRef.current?.keyDown(e, c),
      dragStart: (e, c) => actionsRef.current?.dragStart(e, c),
      dragEnd: () => actionsRef.current?.dragEnd(),
    }),
    [],
  );

  const onDrop = (e: DragEvent<HTMLElement>): void => {
    e.preventDefault();
    const id = e.dataTransfer.getData(DRAG_TYPE) || dragId;
    if (id && drop) {
      const rest = board[drop.status].filter((c) => c.id !== id);
      const index = drop.beforeId ? rest.findIndex((c) => c.id === drop.beforeId) : rest.length;
      move(id, drop.status, index < 0 ? rest.length : index);
    }
    setDragId(null);
    setDrop(null);
  };

  const onBoardKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const mod = e.metaKey || e.ctrlKey;
    if (mod && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
      if (e.target instanceof HTMLElement && e.target.closest('.cm-editor')) return; // the notes editor handles its own
      if (isTyping(e.target)) return;
      e.preventDefault();
      if (!canEdit) return;
      if (e.key === 'y' || e.shiftKey) undoManager.redo();
      else undoManager.undo();
      return;
    }
    if (isTyping(e.target) || mod || e.altKey) return;
    if ((e.key === 'n' || e.key === 'N') && canEdit) {
      e.preventDefault();
      newIdeaRef.current?.focus();
    } else if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
    } else if (e.key === 'Escape' && openId) setOpenId(null);
  };

  const statuses = wide ? IDEA_STATUSES : [compactStatus];
  const filtering = isFilterActive(filter);
  return (
    <div className={`rb-backlog${wide ? ' rb-backlog-wide' : ''}`} ref={rootRef} onKeyDown={onBoardKeyDown} data-testid="backlog">
      <div className="rb-backlog-bar">
        <h2 className="rb-backlog-title">
          Jam backlog <span className="rb-backlog-total">{total}</span>
        </h2>
        {!canEdit && (
          <span className="rb-readonly-badge" data-testid="backlog-readonly" title="Your link lets you see the backlog but not change it.">
            View only
          </span>
        )}
        <div className="rb-backlog-bar-right">
          {canEdit && (
            <>
              <button
                type="button"
                className="rb-icon-button"
                onClick={() => undoManager.undo()}
                disabled={!canUndo}
                title="Undo your last change (Ctrl+Z)"
                aria-label="Undo"
              >
                ↶
              </button>
              <button
                type="button"
                className="rb-icon-button"
                onClick={() => undoManager.redo()}
                disabled={!canRedo}
                title="Redo (Ctrl+Shift+Z)"
                aria-label="Redo"
              >
                ↷
              </button>
            </>
          )}
          <button
            type="button"
            className="rb-icon-button"
            onClick={onToggleWide}
            aria-pressed={wide}
            aria-label={wide ? 'Dock the backlog' : 'Expand the backlog'}
            title={wide ? 'Dock to the side panel' : 'Open as a full board'}
            data-testid="backlog-expand"
          >
            {wide ? '⤡' : '⤢'}
          </button>
        </div>
      </div>

      {canEdit && (
        <form
          className="rb-backlog-add"
          onSubmit={(e) => {
            e.preventDefault();
            addIdea();
          }}
        >
          <input
            ref={newIdeaRef}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={`Catch an idea… (N)${wide ? '' : ` → ${IDEA_STATUS_LABEL[compactStatus]}`}`}
            aria-label="New idea"
            maxLength={200}
          />
          <button type="submit" className="rb-button rb-button-primary" disabled={!draft.trim()}>
            Add
          </button>
        </form>
      )}

      <div className="rb-backlog-filters" role="search">
        <input
          ref={searchRef}
          type="search"
          placeholder="Filter… (/)"
          aria-label="Filter ideas"
          value={filter.text ?? ''}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
        />
        <select
          aria-label="Filter by tag"
          value={filter.tag ?? ''}
          onChange={(e) => setFilter((f) => ({ ...f, tag: e.target.value || undefined }))}
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
          onChange={(e) => setFilter((f) => ({ ...f, ownerId: e.target.value || undefined }))}
        >
          <option value="">Anyone</option>
          {owners.map(([id, name]) => (
            <option key={id} value={id}>
              {id === person.id ? `${name} (me)` : name}
            </option>
          ))}
        </select>
        {filtering && (
          <button type="button" className="rb-link-button" onClick={() => setFilter({})}>
            Clear
          </button>
        )}
      </div>

      {!wide && (
        <nav className="rb-column-tabs" aria-label="Columns">
          {IDEA_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={s === compactStatus}
              onClick={() => setCompactStatus(s)}
              onDragOver={(e) => {
                // Hovering a tab while dragging switches to it, like Trello's list switcher.
                if (dragId && s !== compactStatus) {
                  e.preventDefault();
                  setCompactStatus(s);
                }
              }}
            >
              {IDEA_STATUS_LABEL[s]} <span>{shown[s].length}</span>
            </button>
          ))}
        </nav>
      )}

      {total === 0 ? (
        <div className="rb-backlog-empty" data-testid="backlog-empty">
          <div className="rb-backlog-empty-art" aria-hidden="true">
            ♪
          </div>
          <h3>Catch your first idea</h3>
          <p className="rb-muted">
            {canEdit
              ? 'Type it above and press Enter — “chorus in half time”, “that synth from reference 3”. Then vote, jam it, and keep every take.'
              : 'When someone adds an idea, it shows up here.'}
          </p>
        </div>
      ) : (
        <div className="rb-columns">
          {statuses.map((s) => (
            <BacklogColumn
              key={s}
              status={s}
              cards={shown[s]}
              total={board[s].length}
              sortedByVotes={voteSorted.has(s)}
              onToggleSort={() =>
                setVoteSorted((prev) => {
                  const next = new Set(prev);
                  if (next.has(s)) next.delete(s);
                  else next.add(s);
                  return next;
                })
              }
              myPersonId={person.id}
              editors={editors}
              canEdit={canEdit}
              dragId={dragId}
              drop={drop}
              onDragOverColumn={setDrop}
              onDropColumn={onDrop}
              actions={actions}
              showHeader={wide}
            />
          ))}
        </div>
      )}
      {canEdit && total > 0 && (
        <p className="rb-backlog-hint rb-muted">Drag cards, or focus one and use Alt+arrows. V votes, Enter opens.</p>
      )}

      {openCard && <IdeaDetail card={openCard} onClose={() => setOpenId(null)} wide={wide} />}
    </div>
  );
}
