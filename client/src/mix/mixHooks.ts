/** React hooks over this person's mix; components read these and never touch audio. */
import { useSyncExternalStore } from 'react';
import type { PersonalMix } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { roomMix, type RoomMix } from './roomMix.ts';

export function useRoomMix(room: RoomConnection): RoomMix {
  return roomMix(room);
}

export function usePersonalMix(mix: RoomMix): PersonalMix {
  return useSyncExternalStore(mix.subscribe, mix.get);
}
