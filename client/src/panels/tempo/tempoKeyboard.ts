/**
 * The tempo panel's keyboard map, active while the panel has focus and the key is not typed into a
 * text field: Space play/stop for everyone, ←/→ select section, Alt+←/→ move it, N add,
 * D duplicate, S split in the middle, L loop it, Delete remove it, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z
 * or Ctrl+Y redo, Home playhead to bar 1.
 *
 * Only selecting works without edit rights. A key the map handles has its default action
 * prevented; any other key passes through.
 */
import type { KeyboardEvent } from 'react';
import type { SectionCommands } from './useSectionCommands.ts';

export interface TempoKeyActions {
  readonly canEdit: boolean;
  readonly commands: SectionCommands;
  togglePlay(): void;
  undo(): void;
  redo(): void;
  /** Moves the playhead to bar 1. */
  seekHome(): void;
}

export function onTempoKeyDown(e: KeyboardEvent<HTMLElement>, a: TempoKeyActions): void {
  const t = e.target as HTMLElement;
  if (t.closest('input, select, textarea, [contenteditable="true"]')) return;
  if (handle(e, a)) e.preventDefault();
}

/** Performs the key's action; true when the map handles the key. */
function handle(e: KeyboardEvent<HTMLElement>, { canEdit, commands, togglePlay, undo, redo, seekHome }: TempoKeyActions): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === ' ') return canEdit && (togglePlay(), true);
  if (mod && e.key.toLowerCase() === 'z') return canEdit && (e.shiftKey ? redo() : undo(), true);
  if (mod && e.key.toLowerCase() === 'y') return canEdit && (redo(), true);
  if (mod) return false;
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const d = e.key === 'ArrowLeft' ? -1 : 1;
    if (e.altKey) return canEdit && (commands.move(d), true);
    commands.selectBy(d);
    return true;
  }
  if (e.key === 'Home') return canEdit && (seekHome(), true);
  if (!canEdit) return false;
  switch (e.key.toLowerCase()) {
    case 'n':
      return (commands.add(), true);
    case 'd':
      return (commands.duplicate(), true);
    case 's':
      return (commands.split(), true);
    case 'l':
      return (commands.toggleLoop(), true);
    case 'delete':
    case 'backspace':
      return (commands.remove(), true);
    default:
      return false;
  }
}
