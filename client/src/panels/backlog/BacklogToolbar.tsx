/**
 * The backlog's title bar: the idea count, "View only" for viewers, undo/redo of this person's
 * changes (editors only) and the button that opens the board full width or docks it again.
 */
import { UndoRedoButtons } from '../../ui/UndoRedoButtons.tsx';

export interface BacklogToolbarProps {
  readonly total: number;
  readonly canEdit: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly wide: boolean;
  onUndo(): void;
  onRedo(): void;
  onToggleWide(): void;
}

export function BacklogToolbar({ total, canEdit, canUndo, canRedo, wide, onUndo, onRedo, onToggleWide }: BacklogToolbarProps) {
  return (
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
          <UndoRedoButtons
            className="rb-icon-button"
            canUndo={canUndo}
            canRedo={canRedo}
            onUndo={onUndo}
            onRedo={onRedo}
            undoWhat="your last change"
          />
        )}
        <button
          type="button"
          className="rb-icon-button rb-backlog-expand"
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
  );
}
