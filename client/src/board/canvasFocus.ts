/**
 * Keyboard focus between the canvas and the rest of the room (panels, dialogs, top bar).
 *
 * tldraw treats every key press on the page as a canvas shortcut while its editor is "focused",
 * and by default it stays focused for good: pressing Delete to remove a tempo section also deleted
 * the shapes selected on the board, and N/D/R in a panel switched the canvas tool. So the editor
 * is focused only while the person works on the canvas: a pointer press inside it focuses it, a
 * press or keyboard focus anywhere else blurs it (the same rule tldraw applies in its own
 * "preserve focus" mode). Blurring leaves the DOM focus where the person put it.
 */
import type { Editor } from 'tldraw';

export function focusCanvasOnlyWhenUsed(editor: Editor): () => void {
  const container = editor.getContainer();
  const doc = container.ownerDocument;
  const inside = (t: EventTarget | null): boolean => t instanceof Node && container.contains(t);
  const onPointerDown = (e: PointerEvent): void => {
    if (inside(e.target)) editor.focus({ focusContainer: false });
    else editor.blur({ blurContainer: false });
  };
  const onFocusIn = (e: FocusEvent): void => {
    if (!inside(e.target)) editor.blur({ blurContainer: false });
  };
  // Capture phase: decide before any handler (tldraw's or a panel's) sees the press.
  doc.addEventListener('pointerdown', onPointerDown, true);
  doc.addEventListener('focusin', onFocusIn, true);
  return () => {
    doc.removeEventListener('pointerdown', onPointerDown, true);
    doc.removeEventListener('focusin', onFocusIn, true);
  };
}
