/**
 * The section tool bar under the lane: add, split, duplicate, move, loop and delete the selected
 * section, then undo/redo this person's tempo edits. Each title names the key that does the same
 * (see `tempoKeyboard.ts`).
 */
import type { SectionCommands } from './useSectionCommands.ts';
import { UndoRedoButtons } from '../../ui/UndoRedoButtons.tsx';

export interface SectionToolbarProps {
  readonly commands: SectionCommands;
  readonly sectionCount: number;
  readonly canEdit: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
}

export function SectionToolbar({ commands: c, sectionCount, canEdit, canUndo, canRedo, onUndo, onRedo }: SectionToolbarProps) {
  const { selected, selectedIndex } = c;
  return (
    <div className="rb-tempo-toolbar" role="toolbar" aria-label="Section tools">
      <button type="button" className="rb-tempo-tool" onClick={c.add} disabled={!canEdit} title="Add a section after this one (N)">
        + Add
      </button>
      <button
        type="button"
        className="rb-tempo-tool"
        onClick={c.split}
        disabled={!canEdit || !selected || selected.bars < 2}
        title="Split in the middle, at a bar line (S)"
      >
        Split
      </button>
      <button type="button" className="rb-tempo-tool" onClick={c.duplicate} disabled={!canEdit || !selected} title="Duplicate (D)">
        Duplicate
      </button>
      <button
        type="button"
        className="rb-tempo-tool"
        onClick={() => c.move(-1)}
        disabled={!canEdit || selectedIndex <= 0}
        title="Move earlier (Alt+←)"
        aria-label="Move earlier"
      >
        ◀
      </button>
      <button
        type="button"
        className="rb-tempo-tool"
        onClick={() => c.move(1)}
        disabled={!canEdit || selectedIndex < 0 || selectedIndex >= sectionCount - 1}
        title="Move later (Alt+→)"
        aria-label="Move later"
      >
        ▶
      </button>
      <button
        type="button"
        className={`rb-tempo-tool${c.selectedLooped ? ' is-on' : ''}`}
        onClick={c.toggleLoop}
        disabled={!canEdit || !selected}
        title="Loop this section for everyone (L)"
        aria-pressed={c.selectedLooped}
      >
        ⟳ Loop
      </button>
      <button type="button" className="rb-tempo-tool is-danger" onClick={c.remove} disabled={!canEdit || !selected} title="Delete (Del)">
        Delete
      </button>
      <span className="rb-tempo-toolbar-gap" />
      <UndoRedoButtons
        className="rb-tempo-tool"
        canUndo={canEdit && canUndo}
        canRedo={canEdit && canRedo}
        onUndo={onUndo}
        onRedo={onRedo}
        undoWhat="your last tempo edit"
      />
    </div>
  );
}
