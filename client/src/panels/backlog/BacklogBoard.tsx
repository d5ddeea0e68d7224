/**
 * The backlog board: a toolbar (`BacklogToolbar`, `NewIdeaForm`, `BacklogFilters`) above the status
 * columns. Wide: all five columns side by side, like a Trello board. Compact (the side panel): one
 * column at a time behind tabs with counts, so cards stay readable in 340 px.
 *
 * Moves — by mouse (HTML5 drag and drop, `useCardDrag`) or keyboard (Alt+arrows on a focused card,
 * `useBacklogKeyboard`, which lists every key) — all end in `moveIdea`, one transaction with origin
 * 'local', so each is one undo step and concurrent moves resolve as in SPEC B2.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  IDEA_STATUSES,
  IDEA_STATUS_LABEL,
  matchesFilter,
  moveIdea,
  sortByVotes,
  toggleVote,
  type BoardFilter,
  type IdeaCard,
  type IdeaStatus,
} from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { useVoteOutcome } from '../../facilitation/facilitationHooks.ts';
import { useBacklogView, useBoard, useCardEditors, usePerson, usePublishEditing, useUndo } from './backlogHooks.ts';
import { BacklogColumn } from './BacklogColumn.tsx';
import { BacklogFilters } from './BacklogFilters.tsx';
import { BacklogToolbar } from './BacklogToolbar.tsx';
import type { CardActions } from './IdeaCardView.tsx';
import { IdeaDetail } from './IdeaDetail.tsx';
import { useFocusRequest } from '../../activity/activityHooks.ts';
import { NewIdeaForm } from './NewIdeaForm.tsx';
import { useBacklogKeyboard } from './useBacklogKeyboard.ts';
import { useCardDrag } from './useCardDrag.ts';

export function BacklogBoard({ wide, onToggleWide }: { wide: boolean; onToggleWide(): void }) {
  const { doc } = useRoom();
  const canEdit = useCanEdit();
  const board = useBoard();
  const view = useBacklogView();
  const person = usePerson();
  const editors = useCardEditors();
  const dots = useVoteOutcome();
  const { undoManager, canUndo, canRedo } = useUndo();

  const [filter, setFilter] = useState<BoardFilter>({});
  const [voteSorted, setVoteSorted] = useState<ReadonlySet<IdeaStatus>>(new Set());
  const [compactStatus, setCompactStatus] = useState<IdeaStatus>('idea');
  const [openId, setOpenId] = useState<string | null>(null);
  // An activity line about an idea (or its takes and votes) opens it here.
  useFocusRequest('backlog', setOpenId);

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

  const move = useCallback(
    (id: string, status: IdeaStatus, index: number): void => {
      if (!canEdit) return;
      moveIdea(doc, id, status, index, 'local');
    },
    [doc, canEdit],
  );
  const vote = (id: string): void => {
    if (canEdit) toggleVote(doc, id, person.id, 'local');
  };
  const drag = useCardDrag(board, canEdit, move);
  const keys = useBacklogKeyboard({ board, wide, canEdit, openId, undoManager, setOpenId, vote, move, showColumn: setCompactStatus });

  const actionsRef = useRef<CardActions | null>(null);
  actionsRef.current = { open: setOpenId, vote, keyDown: keys.onCardKeyDown, dragStart: drag.start, dragEnd: drag.end };
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

  const statuses = wide ? IDEA_STATUSES : [compactStatus];
  return (
    <div className={`rb-backlog${wide ? ' rb-backlog-wide' : ''}`} ref={keys.rootRef} onKeyDown={keys.onBoardKeyDown} data-testid="backlog">
      <BacklogToolbar
        total={total}
        canEdit={canEdit}
        canUndo={canUndo}
        canRedo={canRedo}
        wide={wide}
        onUndo={() => undoManager.undo()}
        onRedo={() => undoManager.redo()}
        onToggleWide={onToggleWide}
      />
      <NewIdeaForm status={wide ? 'idea' : compactStatus} showStatus={!wide} inputRef={keys.newIdeaRef} />
      <BacklogFilters board={board} filter={filter} onFilter={setFilter} myPersonId={person.id} searchRef={keys.searchRef} />

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
                if (drag.dragId && s !== compactStatus) {
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
              dots={dots}
              canEdit={canEdit}
              dragId={drag.dragId}
              drop={drag.drop}
              onDragOverColumn={drag.setDrop}
              onDropColumn={drag.onDrop}
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
