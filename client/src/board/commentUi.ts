/**
 * What the board's comment interface is doing in this tab: nothing, waiting for a click on a shape
 * to pin a new thread, writing the first comment of one, or showing a thread; and whether the list
 * of threads is open. One per open room, shared by the pins, the popover and the top-bar control.
 */
import { useSyncExternalStore } from 'react';
import type { PinPoint } from '@riffboard/shared';
import { perRoom } from '../room/perRoom.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';

export interface PinTarget {
  readonly shapeId: string;
  readonly shapeType?: string;
  readonly point?: PinPoint;
}

export type CommentMode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'placing' }
  | { readonly kind: 'composing'; readonly target: PinTarget }
  | { readonly kind: 'open'; readonly threadId: string };

export interface CommentUiState {
  readonly mode: CommentMode;
  readonly listOpen: boolean;
}

export interface CommentUi {
  get(): CommentUiState;
  set(patch: Partial<CommentUiState>): void;
  subscribe(fn: () => void): () => void;
}

const IDLE: CommentUiState = { mode: { kind: 'idle' }, listOpen: false };

export const commentUi: (room: RoomConnection) => CommentUi = perRoom(
  () => {
    let state = IDLE;
    const listeners = new Set<() => void>();
    return {
      get: () => state,
      set: (patch) => {
        state = { ...state, ...patch };
        for (const l of listeners) l();
      },
      subscribe: (fn) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    };
  },
  () => {},
);

export function useCommentUi(room: RoomConnection): [CommentUiState, CommentUi] {
  const ui = commentUi(room);
  return [useSyncExternalStore(ui.subscribe, ui.get), ui];
}

/** A few words for what a thread was pinned to ("an image", "a note"), for lists and notices. */
export function shapeNoun(type: string | undefined): string {
  switch (type) {
    case 'image':
      return 'an image';
    case 'video':
      return 'a video';
    case 'note':
      return 'a note';
    case 'text':
      return 'a text';
    case 'arrow':
      return 'an arrow';
    case 'frame':
      return 'a frame';
    case 'draw':
    case 'highlight':
      return 'a drawing';
    case 'reference-card':
      return 'a reference card';
    case 'geo':
      return 'a shape';
    default:
      return 'something on the board';
  }
}
