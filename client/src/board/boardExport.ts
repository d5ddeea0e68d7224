/**
 * The current page as an image through tldraw's own export (`editor.toImage`): every shape,
 * on the board's background, with a margin. Images are fetched through the room's asset store
 * (this tab's token) and embedded, so the file stands alone.
 */
import type { Editor } from 'tldraw';
import type { BoardImageFormat } from '../room/boardImage.ts';

export async function exportBoard(editor: Editor, format: BoardImageFormat): Promise<Blob | null> {
  const ids = [...editor.getCurrentPageShapeIds()];
  if (ids.length === 0) return null;
  const { blob } = await editor.toImage(ids, { format, background: true, padding: 32, ...(format === 'png' ? { scale: 2 } : {}) });
  return blob;
}
