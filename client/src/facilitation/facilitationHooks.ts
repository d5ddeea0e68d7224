/** React hooks over the room's facilitation; components read these and never touch the doc or audio. */
import { useEffect, useMemo, useState } from 'react';
import { isSpotlightOn, remainingUntil, voteOutcome, type DotOutcome } from '@riffboard/shared';
import { usePeers, useRoom } from '../room/roomHooks.ts';
import { useObserved } from '../room/useObserved.ts';
import { roomFacilitation, type FacilitationView, type RoomFacilitation } from './roomFacilitation.ts';
import { facilitationActions, type FacilitationActions } from './facilitationActions.ts';
import type { CueEvent } from '../audio/CueAudio.ts';

export function useFacilitation(): RoomFacilitation {
  return roomFacilitation(useRoom());
}

export function useFacilitationView(): FacilitationView {
  const f = useFacilitation();
  return useObserved(f.subscribe, f.getView, [f]);
}

/** The revealed vote's dots and winners per target id (empty until the reveal), F8. */
export function useVoteOutcome(): ReadonlyMap<string, DotOutcome> {
  const { vote, results } = useFacilitationView();
  return useMemo(() => voteOutcome(vote, results), [vote, results]);
}

/** Whether this tab's spotlight is on (F9) and how many people follow this tab right now (presence). */
export function useSpotlightState(): { readonly on: boolean; readonly followers: number } {
  const room = useRoom();
  const { spotlight } = useFacilitationView();
  const peers = usePeers(room);
  const self = room.provider.awareness.clientID;
  return { on: isSpotlightOn(spotlight), followers: peers.filter((p) => !p.isSelf && p.following === self).length };
}

export function useFacilitationActions(): FacilitationActions {
  const f = useFacilitation();
  return useMemo(() => facilitationActions(f), [f]);
}

export function useCueLog(): readonly CueEvent[] {
  const f = useFacilitation();
  return useObserved(f.cues.subscribe, f.cues.getLog, [f]);
}

/** Time left as this tab can show it (F3, F12): `ready` is false while its server-clock estimate is too loose to show a running countdown. */
export interface TimeLeft {
  readonly ms: number;
  /** This machine's epoch ms at which `ms` was computed. */
  readonly atEpochMs: number;
  /** The server-clock estimate's distance from this machine's clock at that moment. */
  readonly serverMinusLocalMs: number;
  /** Whether the clock estimate is good enough to show `ms` (F12); while false, show that the clock is syncing. */
  readonly ready: boolean;
  /** The estimate's proven bound (ms), or undefined with no estimate (this machine's clock). */
  readonly clockBoundMs: number | undefined;
}

function timeLeft(f: RoomFacilitation, view: FacilitationView): TimeLeft {
  const server = f.serverNow();
  const local = performance.timeOrigin + performance.now();
  return {
    ms: remainingUntil(view.timer, server, view.endMs),
    atEpochMs: local,
    serverMinusLocalMs: server - local,
    ready: !view.timer.running || f.clockReady(),
    clockBoundMs: f.room.clock.getEstimate()?.uncertaintyMs,
  };
}

/**
 * Time left, recomputed every animation frame while running (which also picks up the moment the
 * clock estimate becomes good enough to show it).
 */
export function useTimeLeft(): TimeLeft {
  const f = useFacilitation();
  const view = useFacilitationView();
  const [left, setLeft] = useState(() => ({ view, value: timeLeft(f, view) }));
  useEffect(() => {
    let frame = 0;
    const update = (): void => {
      setLeft({ view, value: timeLeft(f, view) });
      if (view.timer.running) frame = requestAnimationFrame(update);
    };
    update();
    return () => cancelAnimationFrame(frame);
  }, [f, view]);
  // A value computed for another view is stale: a countdown that just arrived would otherwise show
  // the empty one's "0:00, time is up" for a frame, and a paused one the last running frame's.
  return view.timer.running && left.view === view ? left.value : timeLeft(f, view);
}
