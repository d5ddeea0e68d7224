/**
 * One status column. Long columns are virtualised (@tanstack/react-virtual, measured heights) so a
 * jam with thousands of ideas scrolls without long frames; only the visible cards are in the DOM.
 *
 * Drop position: while something is dragged over the column, the card under the pointer's
 * vertical midpoint decides "drop before this card" (or the end). The board turns that into an
 * index in the column's shared order, so filtering or sorting by votes only changes what you see.
 */
import { useRef, type DragEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IDEA_STATUS_LABEL, type DotOutcome, type IdeaCard, type IdeaStatus } from '@riffboard/shared';
import { IdeaCardView, type CardActions } from './IdeaCardView.tsx';
import type { CardEditor } from './backlogHooks.ts';

export interface DropTarget {
  readonly status: IdeaStatus;
  /** Drop before this card; null means the end of the column. */
  readonly beforeId: string | null;
}

export function BacklogColumn({
  status,
  cards,
  total,
  sortedByVotes,
  onToggleSort,
  myPersonId,
  editors,
  dots,
  canEdit,
  dragId,
  drop,
  onDragOverColumn,
  onDropColumn,
  actions,
  showHeader,
}: {
  status: IdeaStatus;
  cards: readonly IdeaCard[];
  /** Cards in the column before filtering. */
  total: number;
  sortedByVotes: boolean;
  onToggleSort(): void;
  myPersonId: string;
  editors: ReadonlyMap<string, readonly CardEditor[]>;
  /** The revealed dot vote's outcome per idea id (empty until a reveal). */
  dots: ReadonlyMap<string, DotOutcome>;
  canEdit: boolean;
  dragId: string | null;
  drop: DropTarget | null;
  onDragOverColumn(t: DropTarget): void;
  onDropColumn(e: DragEvent<HTMLElement>): void;
  actions: CardActions;
  showHeader: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 92,
    overscan: 6,
    gap: 8,
    getItemKey: (i) => cards[i]?.id ?? i,
  });

  const onDragOver = (e: DragEvent<HTMLElement>): void => {
    if (!dragId || !canEdit) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const els = scroller.current?.querySelectorAll<HTMLElement>('[data-idea-id]') ?? [];
    let beforeId: string | null = null;
    // Rendered in index order, so the first card whose midpoint is below the pointer is the one.
    for (const el of els) {
      const id = el.dataset.ideaId;
      if (!id || id === dragId) continue;
      const r = el.getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) {
        beforeId = id;
        break;
      }
    }
    if (beforeId === null) {
      // Below every rendered card: before the first card after the rendered window, if any.
      const rendered = virtualizer.getVirtualItems();
      const next = cards[(rendered[rendered.length - 1]?.index ?? -1) + 1];
      beforeId = next && next.id !== dragId ? next.id : null;
    }
    if (drop?.status !== status || drop.beforeId !== beforeId) onDragOverColumn({ status, beforeId });
  };

  const label = IDEA_STATUS_LABEL[status];
  const dropAtEnd = drop?.status === status && drop.beforeId === null;
  return (
    <section
      className={`rb-column rb-column-${status}${drop?.status === status ? ' rb-column-drop' : ''}`}
      aria-label={label}
      data-testid={`column-${status}`}
    >
      {showHeader && (
        <header className="rb-column-head">
          <h3>
            <span className={`rb-status-dot rb-status-${status}`} aria-hidden="true" />
            {label}
            <span className="rb-column-count" data-testid="column-count">
              {cards.length === total ? total : `${cards.length}/${total}`}
            </span>
          </h3>
          <button
            type="button"
            className={`rb-column-sort${sortedByVotes ? ' rb-column-sort-on' : ''}`}
            aria-pressed={sortedByVotes}
            title={sortedByVotes ? 'Back to board order' : 'Sort by votes'}
            onClick={onToggleSort}
          >
            ▲ Votes
          </button>
        </header>
      )}
      <div className="rb-column-body" ref={scroller} onDragOver={onDragOver} onDrop={onDropColumn} data-testid="column-body">
        {cards.length === 0 ? (
          <p className={`rb-column-empty${dropAtEnd ? ' rb-column-empty-drop' : ''}`}>
            {total === 0 ? (canEdit ? 'Drop a card here' : 'Nothing here yet') : 'No cards match the filter'}
          </p>
        ) : (
          <div className="rb-column-inner" style={{ height: virtualizer.getTotalSize() + (dropAtEnd ? 12 : 0) }}>
            {virtualizer.getVirtualItems().map((item) => {
              const card = cards[item.index];
              if (!card) return null;
              return (
                <div
                  key={item.key}
                  className="rb-column-slot"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <IdeaCardView
                    card={card}
                    myPersonId={myPersonId}
                    editors={editors.get(card.id)}
                    dots={dots.get(card.id)}
                    canEdit={canEdit}
                    dropBefore={drop?.status === status && drop.beforeId === card.id}
                    dragging={dragId === card.id}
                    actions={actions}
                  />
                </div>
              );
            })}
            {dropAtEnd && <div className="rb-drop-end" style={{ transform: `translateY(${virtualizer.getTotalSize()}px)` }} />}
          </div>
        )}
      </div>
    </section>
  );
}
