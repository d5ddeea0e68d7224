/** Everything Riffboard draws in front of tldraw's canvas: others' cursors and the follow frame. */
import { CollaboratorCursors } from './CollaboratorCursors.tsx';
import { FollowOverlay } from './FollowOverlay.tsx';

export function CanvasOverlay() {
  return (
    <>
      <CollaboratorCursors />
      <FollowOverlay />
    </>
  );
}
