/**
 * This tab's side of the facilitator's spotlight (F9). Each new spotlight press is acted on once
 * (`spotlightStep`): "bring" moves the camera once and opens the facilitator's panel; "spotlight"
 * follows their view and keeps their panel open here as they switch, until this person moves the
 * camera on their own (FollowOverlay hands the view back) or the facilitator stops it. Renders
 * nothing; the camera work is FollowOverlay's, the panels are asked for with `rb:open-panel`.
 */
import { useEffect, useRef } from 'react';
import { spotlightStep } from '@riffboard/shared';
import { usePeers, useRoom, useRoomSnapshot } from '../room/roomHooks.ts';
import { OPEN_PANEL_EVENT } from '../references/referenceSelection.ts';
import { useFacilitation, useFacilitationView } from '../facilitation/facilitationHooks.ts';
import { useFollowState, useFollowing } from './followState.ts';

/** Opens `panel` beside the canvas, or closes the open one for null (the leader shows the canvas alone). */
function showPanel(panel: string | null): void {
  window.dispatchEvent(new CustomEvent(OPEN_PANEL_EVENT, { detail: panel }));
}

export function SpotlightFollower() {
  const room = useRoom();
  const { ready } = useRoomSnapshot(room);
  const f = useFacilitation();
  const { spotlight } = useFacilitationView();
  const follow = useFollowState();
  const following = useFollowing();
  const lastSeq = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!ready || !spotlight) return;
    const step = spotlightStep(spotlight, lastSeq.current, room.provider.awareness.clientID, f.serverNow());
    lastSeq.current = spotlight.seq;
    switch (step.kind) {
      case 'none':
        return;
      case 'bring':
        showPanel(step.panel);
        follow.start(step.leader, 'once');
        return;
      case 'follow':
        follow.start(step.leader, 'spotlight');
        return;
      case 'release': {
        const now = follow.getFollowing();
        if (now?.kind === 'spotlight' && now.leader === step.leader) follow.stop();
        return;
      }
    }
  }, [ready, spotlight, room, f, follow]);

  // While in the spotlight, the leader's open panel is this tab's open panel.
  const peers = usePeers(room);
  const spotlit = following?.kind === 'spotlight';
  const leaderPeer = spotlit ? peers.find((p) => p.clientId === following.leader) : undefined;
  const leaderPanel = leaderPeer ? leaderPeer.panel : undefined;
  useEffect(() => {
    if (leaderPanel !== undefined) showPanel(leaderPanel);
  }, [leaderPanel, following?.seq]);

  return null;
}
