/**
 * Whether an undo manager can undo or redo right now, re-rendering when its stacks change. The
 * panels' undo buttons read this; the managers themselves come from `createLocalUndoManager`
 * (shared), so they only ever hold this person's own edits.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

const STACK_EVENTS = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;

export function useUndoState(undoManager: Y.UndoManager): { canUndo: boolean; canRedo: boolean } {
  const [, bump] = useState(0);
  useEffect(() => {
    const update = (): void => bump((n) => n + 1);
    for (const e of STACK_EVENTS) undoManager.on(e, update);
    return () => {
      for (const e of STACK_EVENTS) undoManager.off(e, update);
    };
  }, [undoManager]);
  return { canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() };
}
