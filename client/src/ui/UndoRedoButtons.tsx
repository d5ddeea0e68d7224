/**
 * The ↶ ↷ pair every panel with per-person undo shows (tempo, backlog): enabled from
 * `useUndoState`, labelled for screen readers, the shortcuts in the tooltips.
 */
interface Props {
  /** The panel's button class, so the pair matches its neighbours. */
  readonly className: string;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly onUndo: () => void;
  readonly onRedo: () => void;
  /** What undo takes back, for the tooltip ("your last tempo edit"). */
  readonly undoWhat: string;
}

export function UndoRedoButtons({ className, canUndo, canRedo, onUndo, onRedo, undoWhat }: Props) {
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={onUndo}
        disabled={!canUndo}
        title={`Undo ${undoWhat} (Ctrl+Z)`}
        aria-label="Undo"
      >
        ↶
      </button>
      <button type="button" className={className} onClick={onRedo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
        ↷
      </button>
    </>
  );
}
