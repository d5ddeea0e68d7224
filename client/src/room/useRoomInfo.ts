/**
 * The room's title, existence and the role this link grants, from the server, falling back to
 * what this browser cached when the server can't be reached, so an offline reload still opens the
 * room rather than claiming it doesn't exist.
 */
import { useEffect, useState } from 'react';
import type { Role } from '@riffboard/shared';
import { lookUpRoom, type RoomInfo } from './roomApi.ts';
import { findRecentRoom, rememberRoom } from './recentRooms.ts';

export type RoomInfoState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'found'; readonly info: RoomInfo; readonly role: Role; readonly fromCache: boolean }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'unreachable' };

export function useRoomInfo(roomId: string, token: string | null, attempt: number): RoomInfoState {
  const [state, setState] = useState<RoomInfoState>({ kind: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    setState({ kind: 'loading' });
    lookUpRoom(roomId, token, ctl.signal).then(
      (res) => {
        if (res.kind === 'found') {
          rememberRoom(res.info.roomId, res.info.title, token ? { token, role: res.role } : undefined);
          setState({ kind: 'found', info: res.info, role: res.role, fromCache: false });
        } else if (res.kind === 'notFound' || res.kind === 'refused') {
          setState(res);
        } else {
          const cached = findRecentRoom(roomId);
          if (cached) rememberRoom(cached.roomId, cached.title);
          // Offline with no cached role: assume the least, the server decides on reconnect.
          setState(
            cached
              ? { kind: 'found', info: { roomId, title: cached.title }, role: cached.role ?? 'viewer', fromCache: true }
              : { kind: 'unreachable' },
          );
        }
      },
      () => {
        // Aborted: the page changed rooms or unmounted.
      },
    );
    return () => ctl.abort();
  }, [roomId, token, attempt]);
  return state;
}
