/** Everything Riffboard draws in front of tldraw's canvas: comment pins, others' cursors and the follow frame. */
import { CollaboratorCursors } from './CollaboratorCursors.tsx';
import { FollowOverlay } from './FollowOverlay.tsx';
import { CommentLayer } from './CommentLayer.tsx';

export function CanvasOverlay() {
  return (
    <>
      <CommentLayer />
      <CollaboratorCursors />
      <FollowOverlay />
    </>
  );
}
