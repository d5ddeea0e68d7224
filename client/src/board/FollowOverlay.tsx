/**
 * While following someone: keeps this tab's camera on their view, draws a frame in their colour
 * ("Following Ana — press Esc or move to stop", or "Following Fay’s spotlight …"), and hands the
 * view back on any local input or when they leave. A one-shot "bring everyone here" (F9) moves the
 * camera the same way, keeps it there while this tab's own layout settles (the facilitator's panel
 * opening beside the canvas narrows it), then lets go without a frame.
 * Rendered in front of the canvas, inside tldraw (it needs the editor).
 */
import { useEffect, useRef } from 'react';
import { useEditor, useValue } from 'tldraw';
import { usePeers, useRoom } from '../room/roomHooks.ts';
import { useFollowState, useFollowing } from './followState.ts';
import { moveCameraTo, onLocalInput } from './followCamera.ts';

/** How long a one-shot "bring" keeps re-fitting the view while this tab's own layout changes. */
const BRING_SETTLE_MS = 800;

export function FollowOverlay() {
  const editor = useEditor();
  const follow = useFollowState();
  const following = useFollowing();
  const leaderId = following?.leader ?? null;
  const seq = following?.seq;
  const once = following?.kind === 'once';
  const peers = usePeers(useRoom());
  const leader = leaderId === null ? undefined : peers.find((p) => p.clientId === leaderId && !p.isSelf);
  const viewport = leader?.viewport ?? null;
  // This tab's own canvas size: a panel opening beside it changes what "their view" needs here.
  const screenW = useValue('follower screen width', () => editor.getViewportScreenBounds().w, [editor]);
  const screenH = useValue('follower screen height', () => editor.getViewportScreenBounds().h, [editor]);

  // They left the room: there is nobody to follow any more. (A tab that just opened the room may
  // get the spotlight from the doc before the leader's presence: wait until they have been seen.)
  const seenFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (seq === undefined) return;
    if (leader) seenFor.current = seq;
    else if (seenFor.current === seq) follow.stop();
  }, [seq, leader, follow]);

  useEffect(() => {
    if (leaderId === null) return;
    return onLocalInput(editor, () => follow.stop());
  }, [leaderId, editor, follow]);

  // A "bring" lets go once the view has settled.
  useEffect(() => {
    if (!once) return;
    const timer = setTimeout(() => {
      if (follow.getFollowing()?.seq === seq) follow.stop();
    }, BRING_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [once, seq, follow]);

  const vx = viewport?.x,
    vy = viewport?.y,
    vw = viewport?.w,
    vh = viewport?.h;
  useEffect(() => {
    if (seq === undefined || vx === undefined || vy === undefined || vw === undefined || vh === undefined) return;
    moveCameraTo(editor, { x: vx, y: vy, w: vw, h: vh });
  }, [editor, seq, vx, vy, vw, vh, screenW, screenH]);

  if (!leader || !following || once) return null;
  const spotlight = following.kind === 'spotlight';
  return (
    <div
      className="rb-follow-frame"
      style={{ borderColor: leader.user.color }}
      data-testid="following"
      data-kind={following.kind}
      data-leader={leader.user.name}
    >
      <div className="rb-follow-label" role="status" style={{ background: leader.user.color }}>
        {spotlight ? `Following ${leader.user.name}’s spotlight` : `Following ${leader.user.name}`} — press Esc or move to stop
      </div>
    </div>
  );
}
