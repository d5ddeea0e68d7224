/**
 * React's view of an open room. Components get the connection from `RoomContext` and read it
 * through these hooks; they never open sockets or touch the provider themselves.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { Role } from '@riffboard/shared';
import { RoomConnection, type RoomSnapshot } from './RoomConnection.ts';
import { distinctColor, parsePresence, readPeers, setLocalUser, type Peer, type PresenceUser } from './presence.ts';
import { onEvents, useObserved } from './useObserved.ts';
import { PALETTE } from '../identity/identity.ts';

export const RoomContext = createContext<RoomConnection | null>(null);

export function useRoom(): RoomConnection {
  const room = useContext(RoomContext);
  if (!room) throw new Error('useRoom must be used inside <RoomContext.Provider>');
  return room;
}

/** The role this tab's link grants in the open room. */
export function useRole(): Role {
  return useRoom().role;
}

/** Whether this tab may change the room's content (the server enforces it regardless). */
export function useCanEdit(): boolean {
  return useRoom().role !== 'viewer';
}

/** Opens the room for as long as the calling component is mounted. */
export function useRoomConnection(roomId: string, token: string | null, role: Role, user: PresenceUser | null): RoomConnection | null {
  const [room, setRoom] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const r = new RoomConnection(roomId, token, role);
    r.provider.awareness.setLocalState({ user: null, cursor: null, panel: null });
    setRoom(r);
    return () => {
      r.destroy();
      setRoom(null);
    };
  }, [roomId, token, role]);
  useEffect(() => {
    if (!room || !user) return;
    const { awareness } = room.provider;
    // Re-checked whenever presence changes: someone with our colour may join after us.
    const update = (): void => {
      const color = distinctColor(awareness, user.color, PALETTE);
      const current = parsePresence(awareness.getLocalState())?.user;
      if (current?.name !== user.name || current.color !== color) setLocalUser(awareness, { ...user, color });
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [room, user]);
  return room;
}

export function useRoomSnapshot(room: RoomConnection): RoomSnapshot {
  return useSyncExternalStore(room.subscribe, room.getSnapshot);
}

/** Everyone in the room (this tab included), re-rendering when anyone's presence changes. */
export function usePeers(room: RoomConnection): Peer[] {
  const { awareness } = room.provider;
  return useObserved(onEvents(awareness, ['change']), () => readPeers(awareness), [awareness]);
}
