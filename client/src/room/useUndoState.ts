/**
 * Whether an undo manager can undo or redo right now, re-rendering when its stacks change. The
 * panels' undo buttons read this; the managers themselves come from `createLocalUndoManager`
 * (shared), so they only ever hold this person's own edits.
 */
import type * as Y from 'yjs';
import { onEvents, useObserved } from './useObserved.ts';

const STACK_EVENTS = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;

export function useUndoState(undoManager: Y.UndoManager): { canUndo: boolean; canRedo: boolean } {
  return useObserved(onEvents(undoManager, STACK_EVENTS), () => ({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() }), [
    undoManager,
  ]);
}
