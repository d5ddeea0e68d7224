/** Everything Riffboard draws in front of tldraw's canvas: comment pins, others' cursors, the follow frame, what changed since your visit. */
import { CollaboratorCursors } from './CollaboratorCursors.tsx';
import { FollowOverlay } from './FollowOverlay.tsx';
import { CommentLayer } from './CommentLayer.tsx';
import { ActivityMarkers } from './ActivityMarkers.tsx';

export function CanvasOverlay() {
  return (
    <>
      <CommentLayer />
      <CollaboratorCursors />
      <FollowOverlay />
      <ActivityMarkers />
    </>
  );
}
