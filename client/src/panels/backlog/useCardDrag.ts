/**
 * Dragging cards between and within columns (HTML5 drag and drop): which card is in flight, where
 * it would land, and the drop that ends in the board's `move`. The drop target is a card to land
 * before (or the end of a column); it becomes an index in the column's full shared order, without
 * the dragged card, so filtering or sorting by votes only changes what you see.
 */
import { useEffect, useState, type DragEvent } from 'react';
import type { Board, IdeaCard, IdeaStatus } from '@riffboard/shared';
import type { DropTarget } from './BacklogColumn.tsx';

const DRAG_TYPE = 'application/x-riffboard-idea';

export interface CardDrag {
  /** The card being dragged from this tab, if any. */
  readonly dragId: string | null;
  readonly drop: DropTarget | null;
  setDrop(target: DropTarget | null): void;
  start(e: DragEvent<HTMLElement>, card: IdeaCard): void;
  end(): void;
  onDrop(e: DragEvent<HTMLElement>): void;
}

export function useCardDrag(board: Board, canEdit: boolean, move: (id: string, status: IdeaStatus, index: number) => void): CardDrag {
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<DropTarget | null>(null);

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

  return {
    dragId,
    drop,
    setDrop,
    start: (e, card) => {
      if (!canEdit) return;
      e.dataTransfer.setData(DRAG_TYPE, card.id);
      e.dataTransfer.setData('text/plain', card.title);
      e.dataTransfer.effectAllowed = 'move';
      setDragId(card.id);
    },
    end: () => {
      setDragId(null);
      setDrop(null);
    },
    onDrop: (e) => {
      e.preventDefault();
      const id = e.dataTransfer.getData(DRAG_TYPE) || dragId;
      if (id && drop) {
        const rest = board[drop.status].filter((c) => c.id !== id);
        const index = drop.beforeId ? rest.findIndex((c) => c.id === drop.beforeId) : rest.length;
        move(id, drop.status, index < 0 ? rest.length : index);
      }
      setDragId(null);
      setDrop(null);
    },
  };
}
