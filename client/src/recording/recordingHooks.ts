/** React hooks over the room's recorder; components read these and never touch the microphone. */
import { useSyncExternalStore } from 'react';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { roomRecorder, type RecorderState, type RoomRecorder } from './roomRecorder.ts';

export function useRecorder(room: RoomConnection): RoomRecorder {
  return roomRecorder(room);
}

export function useRecorderState(r: RoomRecorder): RecorderState {
  return useSyncExternalStore(r.subscribe, r.getState);
}

/** The microphone's peak level (0–1), updated ~40 times a second while it is open. */
export function useInputLevel(r: RoomRecorder): number {
  return useSyncExternalStore(r.subscribeLevel, r.getLevel);
}
