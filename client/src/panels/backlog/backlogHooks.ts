/**
 * React hooks over the room's backlog: the live board, this person's undo stack, and who is
 * editing which card. Everything reads the doc and awareness of the open room (`useRoom`); nothing
 * here opens a connection.
 *
 * Presence: each tab sets an awareness field `backlog = { personId, editing }` (the idea whose
 * detail view it has open). y-codemirror's remote carets are not used because they would write the
 * awareness field `cursor`, which the board already uses for page-coordinate canvas cursors.
 */
import { useEffect, useMemo } from 'react';
import type * as Y from 'yjs';
import { BacklogView, backlogUndoScope, createLocalUndoManager, type Board, type Person } from '@riffboard/shared';
import { useRoom } from '../../room/roomHooks.ts';
import { perRoom } from '../../room/perRoom.ts';
import { onEvents, useObserved } from '../../room/useObserved.ts';
import { useUndoState } from '../../room/useUndoState.ts';
import { personId, readIdentity } from '../../identity/identity.ts';

/** One live view per room, shared by every component of the panel. */
const backlogView = perRoom(
  (room) => new BacklogView(room.doc),
  (view) => view.destroy(),
);

export function useBacklogView(): BacklogView {
  return backlogView(useRoom());
}

export function useBoard(): Board {
  const view = useBacklogView();
  return useObserved(view.subscribe, view.board, [view]);
}

/**
 * This person's undo stack for the backlog: only transactions with origin `'local'` (and, added by
 * the notes editor binding, its own origin) are tracked, so undo never reverts a peer's change.
 */
export const backlogUndoManager = perRoom(
  (room) => createLocalUndoManager(backlogUndoScope(room.doc), 300),
  (um) => um.destroy(),
);

export function useUndo(): { undoManager: Y.UndoManager; canUndo: boolean; canRedo: boolean } {
  const undoManager = backlogUndoManager(useRoom());
  return { undoManager, ...useUndoState(undoManager) };
}

/** Who this tab acts as: the stable person id and the current display name. */
export function usePerson(): Person {
  // Read on every render: the name may be chosen (name dialog) after the panel mounted.
  const name = readIdentity()?.name ?? 'Someone';
  return useMemo(() => ({ id: personId(), name }), [name]);
}

export interface CardEditor {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly isSelf: boolean;
}

interface BacklogPresence {
  readonly personId: string | null;
  readonly editing: string | null;
}

function parseBacklogPresence(state: unknown): { presence: BacklogPresence; name: string; color: string } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  const user = s.user as Record<string, unknown> | null | undefined;
  const b = s.backlog as Record<string, unknown> | null | undefined;
  if (!user || typeof user.name !== 'string' || typeof user.color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(user.color)) return undefined;
  return {
    name: user.name.slice(0, 40),
    color: user.color,
    presence: {
      personId: typeof b?.personId === 'string' ? b.personId : null,
      editing: typeof b?.editing === 'string' ? b.editing : null,
    },
  };
}

/** Publishes which idea this tab is editing (null: none) along with the person id. */
export function usePublishEditing(editing: string | null): void {
  const { provider } = useRoom();
  const person = usePerson();
  useEffect(() => {
    provider.awareness.setLocalStateField('backlog', { personId: person.id, editing });
  }, [provider, person.id, editing]);
}

/** Idea id → the people with its detail view open. */
export function useCardEditors(): ReadonlyMap<string, readonly CardEditor[]> {
  const { provider } = useRoom();
  const { awareness } = provider;
  const read = (): Map<string, CardEditor[]> => {
    const out = new Map<string, CardEditor[]>();
    awareness.getStates().forEach((state, clientId) => {
      const p = parseBacklogPresence(state);
      if (!p?.presence.editing) return;
      const list = out.get(p.presence.editing) ?? [];
      list.push({ clientId, name: p.name, color: p.color, isSelf: clientId === awareness.clientID });
      out.set(p.presence.editing, list);
    });
    return out;
  };
  return useObserved(onEvents(awareness, ['change']), read, [awareness]);
}

/** Everyone in the room as people one could name as owner or player (deduplicated by person). */
export function useRoomPeople(): readonly Person[] {
  const { provider } = useRoom();
  const { awareness } = provider;
  const read = (): Person[] => {
    const byId = new Map<string, Person>();
    awareness.getStates().forEach((state) => {
      const p = parseBacklogPresence(state);
      if (p?.presence.personId) byId.set(p.presence.personId, { id: p.presence.personId, name: p.name });
    });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  };
  return useObserved(onEvents(awareness, ['change']), read, [awareness]);
}
