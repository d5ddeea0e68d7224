/** React hooks over play along: which takes this person hears on the transport, and which sound now. */
import { useSyncExternalStore } from 'react';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { heardTakes, type HeardTakes } from './heardTakes.ts';
import { roomPlayAlong, type TakeAudioState } from './roomPlayAlong.ts';

export function useHeardTakes(room: RoomConnection): { readonly heard: readonly string[]; readonly store: HeardTakes } {
  const store = heardTakes(room);
  return { heard: useSyncExternalStore(store.subscribe, store.get), store };
}

/** Ids of the chosen takes queued or sounding on this device now. */
export function useSoundingTakes(room: RoomConnection): readonly string[] {
  const p = roomPlayAlong(room);
  return useObserved(p.audio.subscribe, p.soundingTakes, [p]);
}

/** Whether a take's audio is ready here to play on the bar (downloaded and decoded), loading, or unreadable. */
export function useTakeAudioState(room: RoomConnection, url: string | undefined): TakeAudioState {
  const p = roomPlayAlong(room);
  return useObserved(p.subscribeLoads, () => (url === undefined ? 'idle' : p.audioState(url)), [p, url]);
}
