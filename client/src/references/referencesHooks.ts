/** React views of the references area of the room doc, and of the room's reference player. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { referenceComments, references, type CommentThread, type Peaks, type Reference } from '@riffboard/shared';
import type { PlayerState, ReferencePlayer } from '../audio/referencePlayer.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { loadPeaks, referencePlayer } from './referenceAudio.ts';

/** The room's references, oldest first. */
export function useReferences(room: RoomConnection): Reference[] {
  const refs = references(room.doc);
  return useObserved(refs.observe, () => refs.list().sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id)), [room]);
}

/** One reference, or undefined once it is removed. */
export function useReference(room: RoomConnection, referenceId: string): Reference | undefined {
  const refs = references(room.doc);
  return useObserved(refs.observe, () => refs.get(referenceId), [room, referenceId]);
}

export function useThreads(room: RoomConnection, referenceId: string): CommentThread[] {
  const comments = referenceComments(room.doc, referenceId);
  return useObserved(comments.observe, () => comments.threads(), [room, referenceId]);
}

export type PeaksState =
  { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly peaks: Peaks } | { readonly kind: 'error'; readonly message: string };

export function usePeaks(room: RoomConnection, ref: Reference | undefined, canEdit: boolean): PeaksState {
  const [state, setState] = useState<PeaksState>({ kind: 'loading' });
  const url = ref?.kind === 'audio' ? ref.assetUrl : undefined;
  useEffect(() => {
    if (!ref || !url) return;
    let live = true;
    setState({ kind: 'loading' });
    loadPeaks(room, ref, canEdit).then(
      (peaks) => live && setState({ kind: 'ready', peaks }),
      (err: unknown) => live && setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
    // ref identity changes on every doc read; the asset address is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [room, url, canEdit]);
  return state;
}

export function usePlayer(room: RoomConnection): { player: ReferencePlayer; state: PlayerState } {
  const player = referencePlayer(room);
  const state = useSyncExternalStore(player.subscribe, player.getState);
  return { player, state };
}

/** Where the player is, and when (epoch ms) that was read, so the pair stays true however late it renders. */
export interface Playhead {
  readonly seconds: number;
  readonly atEpochMs: number;
}

const readPlayhead = (player: ReferencePlayer): Playhead => ({
  seconds: player.position(),
  atEpochMs: performance.timeOrigin + performance.now(),
});

/** The player's position, refreshed every animation frame while it plays. */
export function usePlayhead(player: ReferencePlayer, state: PlayerState): Playhead {
  const [playhead, setPlayhead] = useState(() => readPlayhead(player));
  useEffect(() => {
    setPlayhead(readPlayhead(player));
    if (!state.playing) return;
    let raf = 0;
    const tick = (): void => {
      setPlayhead(readPlayhead(player));
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [player, state]);
  return playhead;
}

export function formatTime(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–:––';
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return `${m}:${sec.toString().padStart(2, '0')}`;
}
