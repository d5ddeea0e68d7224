/** The people hearing the song right now, for the ruler's markers (from presence: their `hearing`). */
import { useMemo } from 'react';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { usePeers } from '../../room/roomHooks.ts';
import type { RulerListener } from './ListenerMarkers.tsx';

export function useListeners(room: RoomConnection): RulerListener[] {
  const peers = usePeers(room);
  return useMemo(
    () =>
      peers
        .filter((p) => p.hearing?.song)
        .map((p) => ({
          clientId: p.clientId,
          name: p.user.name,
          color: p.user.color,
          clickMuted: p.hearing?.clickMuted ?? false,
          latencyMs: p.hearing?.latencyMs ?? null,
          isSelf: p.isSelf,
        })),
    [peers],
  );
}
