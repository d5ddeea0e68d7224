/**
 * What a new comment pins to when a person points at the canvas: the topmost shape under the page
 * point, and where on it as a fraction of its box (SPEC N4).
 */
import type { Editor, TLShape, VecLike } from 'tldraw';
import { pinPointIn, type PinPoint } from '@riffboard/shared';
import type { PinTarget } from './commentUi.ts';

export function targetOf(shape: TLShape, point?: PinPoint): PinTarget {
  return { shapeId: shape.id, shapeType: shape.type, ...(point ? { point } : {}) };
}

/** The shape under `pagePoint` and the spot on it, or null over empty canvas. */
export function pinTargetAt(editor: Editor, pagePoint: VecLike): PinTarget | null {
  const shape = editor.getShapeAtPoint(pagePoint, { hitInside: true, margin: 4, renderingOnly: true });
  if (!shape) return null;
  const local = editor.getPointInShapeSpace(shape, pagePoint);
  return targetOf(shape, pinPointIn(editor.getShapeGeometry(shape).bounds, local));
}
