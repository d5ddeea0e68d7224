/**
 * Sends the part of the board this tab shows (page-space bounds) to the room, at most 10 times a
 * second, so others can follow this person's view. Rounded: sub-pixel jitter isn't worth a message.
 */
import { react, type Editor } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { setLocalViewport, throttleLatest, type PageBounds } from '../room/presence.ts';

const VIEWPORT_INTERVAL_MS = 100;

const round = (n: number): number => Math.round(n * 10) / 10;

export function broadcastViewport(editor: Editor, awareness: Awareness): () => void {
  const send = throttleLatest<PageBounds>((b) => setLocalViewport(awareness, b), VIEWPORT_INTERVAL_MS);
  const stop = react('broadcast viewport', () => {
    const b = editor.getViewportPageBounds();
    if (b.w > 0 && b.h > 0) send.push({ x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) });
  });
  return () => {
    stop();
    send.cancel();
    setLocalViewport(awareness, null);
  };
}
