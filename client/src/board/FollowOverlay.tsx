/**
 * While following someone: keeps this tab's camera on their view, draws a frame in their colour
 * with "Following Ana — press Esc or move to stop", and hands the view back on any local input
 * or when they leave. Rendered in front of the canvas, inside tldraw (it needs the editor).
 */
import { useEffect } from 'react';
import { useEditor } from 'tldraw';
import { usePeers, useRoom } from '../room/roomHooks.ts';
import { useFollowState, useLeader } from './followState.ts';
import { moveCameraTo, onLocalInput } from './followCamera.ts';

export function FollowOverlay() {
  const editor = useEditor();
  const follow = useFollowState();
  const leaderId = useLeader();
  const peers = usePeers(useRoom());
  const leader = leaderId === null ? undefined : peers.find((p) => p.clientId === leaderId && !p.isSelf);
  const viewport = leader?.viewport ?? null;

  // They left the room: there is nobody to follow any more.
  useEffect(() => {
    if (leaderId !== null && !leader) follow.stop();
  }, [leaderId, leader, follow]);

  useEffect(() => {
    if (leaderId === null) return;
    return onLocalInput(editor, () => follow.stop());
  }, [leaderId, editor, follow]);

  const vx = viewport?.x,
    vy = viewport?.y,
    vw = viewport?.w,
    vh = viewport?.h;
  useEffect(() => {
    if (vx === undefined || vy === undefined || vw === undefined || vh === undefined) return;
    moveCameraTo(editor, { x: vx, y: vy, w: vw, h: vh });
  }, [editor, vx, vy, vw, vh]);

  if (!leader) return null;
  return (
    <div className="rb-follow-frame" style={{ borderColor: leader.user.color }} data-testid="following">
      <div className="rb-follow-label" role="status" style={{ background: leader.user.color }}>
        Following {leader.user.name} — press Esc or move to stop
      </div>
    </div>
  );
}
