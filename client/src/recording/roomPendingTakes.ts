/**
 * The room's delivery queue (K4) wired to this browser's journal and the room: one per open room,
 * started when the room opens so takes left by an earlier page upload whichever panel is shown.
 *
 * It starts only once the document is ready (synced with the server, or replayed from this
 * device when the server is unreachable): delivery checks the document for a take with the
 * recording's id, and an empty, not-yet-loaded document would make it add the take a second time.
 */
import { useSyncExternalStore } from 'react';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { personId, readIdentity } from '../identity/identity.ts';
import { IndexedDbJournal, whileHoldingTake } from './indexedDbJournal.ts';
import { createTakeDelivery } from './encodedTakeDelivery.ts';
import { PendingTakes, type PendingTake } from './pendingTakes.ts';
import { readTakeFormat } from './takeFormatSetting.ts';
import type { RecordingJournal } from './recordingTypes.ts';

let journal: IndexedDbJournal | undefined;

/** This tab's journal: the one place recorded audio is kept until the server has it. */
export function recordingJournal(): RecordingJournal {
  journal ??= new IndexedDbJournal();
  return journal;
}

function whenReady(room: RoomConnection, then: () => void): () => void {
  if (room.getSnapshot().ready) {
    then();
    return () => {};
  }
  const off = room.subscribe(() => {
    if (!room.getSnapshot().ready) return;
    off();
    then();
  });
  return off;
}

export const roomPendingTakes = perRoom(
  (room) => {
    const queue = new PendingTakes({
      roomId: room.roomId,
      journal: recordingJournal(),
      delivery: createTakeDelivery({
        roomId: room.roomId,
        token: room.token,
        doc: room.doc,
        person: () => ({ id: personId(), name: readIdentity()?.name ?? 'Someone' }),
        format: readTakeFormat,
      }),
      exclusive: whileHoldingTake,
    });
    const off = whenReady(room, () => void queue.load());
    return { queue, off };
  },
  ({ queue, off }) => {
    off();
    queue.dispose();
  },
);

/** The room's takes still on this device (waiting, uploading or refused), oldest first. */
export function usePendingTakes(room: RoomConnection): readonly PendingTake[] {
  const { queue } = roomPendingTakes(room);
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}
