/**
 * Per-person undo: an undo stack that only holds this tab's own edits.
 *
 * Every user edit is written with origin `'local'` (see origins.ts); remote updates, loads from
 * storage and migrations carry other origins. Tracking only `'local'` means undo and redo never
 * revert or replay somebody else's change, even one made to the same section or card in between.
 * Edits within `captureTimeoutMs` of each other form one step, like a DAW's undo of a drag.
 */
import * as Y from 'yjs';
import type { TransactionOrigin } from './origins.ts';

const LOCAL: TransactionOrigin = 'local';

export function createLocalUndoManager(scope: ConstructorParameters<typeof Y.UndoManager>[0], captureTimeoutMs = 300): Y.UndoManager {
  return new Y.UndoManager(scope, { trackedOrigins: new Set<unknown>([LOCAL]), captureTimeout: captureTimeoutMs });
}
