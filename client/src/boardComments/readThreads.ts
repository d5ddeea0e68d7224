/**
 * What this browser has read of the board's comment threads, per room (SPEC N5), in local storage
 * so it survives reloads and is shared by this browser's tabs (a `storage` event from another tab
 * updates this one). Nobody else needs it, so it never enters the room document.
 */
import { boardComments, markThreadRead, readStateFrom, type BoardThread, type ReadState } from '@riffboard/shared';
import { perRoom } from '../room/perRoom.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';

export interface ReadThreads {
  get(): ReadState;
  markRead(thread: BoardThread): void;
  /** Drops threads that are gone from the stored record. */
  prune(threads: readonly BoardThread[]): void;
  subscribe(fn: () => void): () => void;
}

const keyFor = (roomId: string): string => `riffboard:comments-read:${roomId}`;

function load(roomId: string): ReadState {
  try {
    return readStateFrom(JSON.parse(localStorage.getItem(keyFor(roomId)) ?? '{}'), undefined);
  } catch {
    return {};
  }
}

function createReadThreads(roomId: string): ReadThreads & { dispose(): void } {
  let state = load(roomId);
  const listeners = new Set<() => void>();
  const set = (next: ReadState): void => {
    state = next;
    try {
      localStorage.setItem(keyFor(roomId), JSON.stringify(next));
    } catch {
      // Storage full or disabled: this tab still remembers until it closes.
    }
    for (const l of listeners) l();
  };
  const onStorage = (e: StorageEvent): void => {
    if (e.key !== keyFor(roomId)) return;
    state = load(roomId);
    for (const l of listeners) l();
  };
  window.addEventListener('storage', onStorage);
  return {
    get: () => state,
    markRead: (thread) => {
      const next = markThreadRead(state, thread);
      const before = state[thread.id] ?? [];
      const after = next[thread.id] ?? [];
      if (before.length !== after.length || before.some((id, i) => id !== after[i])) set(next);
    },
    prune: (threads) => {
      const next = readStateFrom(state, threads);
      if (Object.keys(next).length !== Object.keys(state).length) set(next);
    },
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    dispose: () => window.removeEventListener('storage', onStorage),
  };
}

/**
 * The room's read record (one per open room). Threads that are gone are dropped from it once this
 * tab is in sync with the server: before that, the local copy may simply not have them yet.
 */
export const readThreads: (room: RoomConnection) => ReadThreads = perRoom(
  (room) => {
    const r = createReadThreads(room.roomId);
    const comments = boardComments(room.doc);
    const prune = (): void => {
      if (room.provider.synced) r.prune(comments.threads());
    };
    const stopComments = comments.observe(prune);
    room.provider.on('sync', prune);
    return {
      ...r,
      dispose: () => {
        stopComments();
        room.provider.off('sync', prune);
        r.dispose();
      },
    };
  },
  (r) => r.dispose(),
);
