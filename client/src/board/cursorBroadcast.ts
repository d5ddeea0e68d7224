/**
 * Sends this tab's cursor, in page coordinates, to the room at most 20 times a second, and
 * clears it when the pointer leaves the canvas so others don't see a frozen cursor.
 */
import type { Editor } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { setLocalCursor, throttleLatest, type PagePoint } from '../room/presence.ts';

const CURSOR_INTERVAL_MS = 50;

export function broadcastCursor(editor: Editor, awareness: Awareness): () => void {
  const container = editor.getContainer();
  const send = throttleLatest<PagePoint | null>((p) => setLocalCursor(awareness, p), CURSOR_INTERVAL_MS);
  const onMove = (e: PointerEvent): void => {
    const p = editor.screenToPage({ x: e.clientX, y: e.clientY });
    send.push({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
  };
  const onLeave = (): void => send.push(null);
  container.addEventListener('pointermove', onMove);
  container.addEventListener('pointerleave', onLeave);
  return () => {
    container.removeEventListener('pointermove', onMove);
    container.removeEventListener('pointerleave', onLeave);
    send.cancel();
    setLocalCursor(awareness, null);
  };
}
