/** Everything Riffboard draws in front of tldraw's canvas: others' cursors, the follow frame, what changed since your visit. */
import { CollaboratorCursors } from './CollaboratorCursors.tsx';
import { FollowOverlay } from './FollowOverlay.tsx';
import { ActivityMarkers } from './ActivityMarkers.tsx';

export function CanvasOverlay() {
  return (
    <>
      <CollaboratorCursors />
      <FollowOverlay />
      <ActivityMarkers />
    </>
  );
}
