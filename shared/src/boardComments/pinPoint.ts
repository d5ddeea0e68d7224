/**
 * A pin's place on its shape, kept as a fraction of the shape's own box (0..1 on each axis) rather
 * than as page coordinates, so a pin on an image's face stays on that face when the image is
 * moved, resized or rotated: the client maps the fraction through the shape's current box and
 * page transform each frame.
 */
import type { PinPoint } from './boardCommentRecords.ts';

/** A shape's box in its own coordinates (tldraw's geometry bounds). */
export interface ShapeBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const unit = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

/** The fraction of `box` where the shape-local point `local` lies, clamped onto the box. */
export function pinPointIn(box: ShapeBox, local: { readonly x: number; readonly y: number }): PinPoint {
  return {
    x: box.w > 0 ? unit((local.x - box.x) / box.w) : 0.5,
    y: box.h > 0 ? unit((local.y - box.y) / box.h) : 0.5,
  };
}

/** The shape-local point of a pin; a thread without a point sits at the box's top-right corner. */
export function localPinPosition(box: ShapeBox, point: PinPoint | undefined): { x: number; y: number } {
  const p = point ?? { x: 1, y: 0 };
  return { x: box.x + unit(p.x) * box.w, y: box.y + unit(p.y) * box.h };
}
