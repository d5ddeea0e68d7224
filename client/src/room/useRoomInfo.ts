/**
 * The room's title and existence, from the server, falling back to the title this browser cached
 * when the server can't be reached, so an offline reload still opens the room rather than
 * claiming it doesn't exist.
 */
import { useEffect, useState } from 'react';
import { lookUpRoom, type RoomInfo } from './roomApi.ts';
import { findRecentRoom, rememberRoom } from './recentRooms.ts';

export type RoomInfoState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'found'; readonly info: RoomInfo; readonly fromCache: boolean }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'unreachable' };

export function useRoomInfo(roomId: string, attempt: number): RoomInfoState {
  const [state, setState] = useState<RoomInfoState>({ kind: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    setState({ kind: 'loading' });
    lookUpRoom(roomId, ctl.signal).then(
      (res) => {
        if (res.kind === 'found') {
          rememberRoom(res.info.roomId, res.info.title);
          setState({ kind: 'found', info: res.info, fromCache: false });
        } else if (res.kind === 'notFound') {
          setState({ kind: 'notFound' });
        } else {
          const cached = findRecentRoom(roomId);
          if (cached) rememberRoom(cached.roomId, cached.title);
          setState(cached ? { kind: 'found', info: { roomId, title: cached.title }, fromCache: true } : { kind: 'unreachable' });
        }
      },
      () => {
        // Aborted: the page changed rooms or unmounted.
      },
    );
    return () => ctl.abort();
  }, [roomId, attempt]);
  return state;
}
