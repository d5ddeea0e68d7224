/** React hooks over play along: which takes this person hears on the transport, and which sound now. */
import { useSyncExternalStore } from 'react';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { heardTakes, type HeardTakes } from './heardTakes.ts';
import { roomPlayAlong } from './roomPlayAlong.ts';

export function useHeardTakes(room: RoomConnection): { readonly heard: readonly string[]; readonly store: HeardTakes } {
  const store = heardTakes(room);
  return { heard: useSyncExternalStore(store.subscribe, store.get), store };
}

/** Ids of the chosen takes queued or sounding on this device now. */
export function useSoundingTakes(room: RoomConnection): readonly string[] {
  const p = roomPlayAlong(room);
  return useObserved(p.audio.subscribe, p.soundingTakes, [p]);
}
