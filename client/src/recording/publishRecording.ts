/**
 * Tells the room when this tab records a take (backlog SPEC B11): from the count-in until the
 * take stops, presence carries `recording: { ideaId }`, so everybody else's takes list of that idea
 * says "Name is recording a take…" and their avatar shows it. Cleared when the take stops, fails,
 * or the room closes; a tab that leaves takes its presence (and so the sign) with it.
 */
import type { RoomConnection } from '../room/RoomConnection.ts';
import { setLocalRecording } from '../room/presence.ts';
import { roomRecorder } from './roomRecorder.ts';

/** Starts publishing; returns the function that stops it (and clears the sign). */
export function publishRecording(room: RoomConnection): () => void {
  const recorder = roomRecorder(room);
  const { awareness } = room.provider;
  const publish = (): void => {
    const { phase, ideaId } = recorder.getState();
    const recording = phase === 'countIn' || phase === 'recording';
    setLocalRecording(awareness, recording ? { ideaId: ideaId ?? null } : null);
  };
  const off = recorder.subscribe(publish);
  publish();
  return () => {
    off();
    setLocalRecording(awareness, null);
  };
}
