/**
 * Following a person by moving our own camera. tldraw 5 has its own follow mode
 * (`editor.startFollowingUser`), but it reads tldraw's `instance_presence` records, which only
 * exist when tldraw's sync layer runs; Riffboard's presence is y-websocket awareness. Feeding
 * awareness into synthetic presence records would duplicate every cursor and need user ids, page
 * ids and chat state we don't have, only to drive one camera. So the leader broadcasts the page
 * bounds it shows (`viewportBroadcast.ts`) and the follower fits the same bounds to its screen.
 */
import type { Editor } from 'tldraw';
import type { PageBounds } from '../room/presence.ts';

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 8;

/** The camera that centres `bounds` on a `screenW` × `screenH` viewport, showing all of it. */
export function cameraShowing(bounds: PageBounds, screenW: number, screenH: number): { x: number; y: number; z: number } {
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min(screenW / bounds.w, screenH / bounds.h)));
  // tldraw maps page to screen as (page + camera) * z, so centring the bounds' middle means:
  return { x: screenW / (2 * z) - (bounds.x + bounds.w / 2), y: screenH / (2 * z) - (bounds.y + bounds.h / 2), z };
}

export function moveCameraTo(editor: Editor, bounds: PageBounds): void {
  const screen = editor.getViewportScreenBounds();
  if (screen.w <= 0 || screen.h <= 0) return;
  editor.setCamera(cameraShowing(bounds, screen.w, screen.h), { immediate: true, force: true });
}

/**
 * Calls `onInput` on the first pointer, wheel or key input on the canvas (captured before tldraw
 * acts on it), and on Escape anywhere: the person wants their own view back.
 */
export function onLocalInput(editor: Editor, onInput: () => void): () => void {
  const container = editor.getContainer();
  const opts = { capture: true, passive: true } as const;
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' || container.contains(e.target as Node | null)) onInput();
  };
  container.addEventListener('pointerdown', onInput, opts);
  container.addEventListener('wheel', onInput, opts);
  window.addEventListener('keydown', onKey, opts);
  return () => {
    container.removeEventListener('pointerdown', onInput, opts);
    container.removeEventListener('wheel', onInput, opts);
    window.removeEventListener('keydown', onKey, opts);
  };
}
