/** React views of the board's comment threads and of what this browser has read of them. */
import { useSyncExternalStore } from 'react';
import { boardComments, unreadCount, type BoardThread } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { readThreads } from './readThreads.ts';

/** Every thread on the board, oldest first. */
export function useBoardThreads(room: RoomConnection): BoardThread[] {
  const c = boardComments(room.doc);
  return useObserved(c.observe, () => c.threads(), [room]);
}

/** Unread comments per thread id for the person `me` (SPEC N5). */
export function useUnread(room: RoomConnection, threads: readonly BoardThread[], me: string): ReadonlyMap<string, number> {
  const store = readThreads(room);
  const read = useSyncExternalStore(store.subscribe, store.get);
  const out = new Map<string, number>();
  for (const t of threads) {
    const n = unreadCount(t, read, me);
    if (n > 0) out.set(t.id, n);
  }
  return out;
}
