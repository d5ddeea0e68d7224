/**
 * A canvas drawn sharp on high-density screens: its backing store is sized to its CSS width ×
 * `height` at the screen's pixel ratio, and the returned context draws in CSS pixels, cleared.
 * Null when the canvas has no 2D context.
 */
export function hiDpiContext(canvas: HTMLCanvasElement, height: number): { g: CanvasRenderingContext2D; width: number } | null {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  canvas.width = Math.max(1, Math.round(width * dpr));
  canvas.height = height * dpr;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.scale(dpr, dpr);
  g.clearRect(0, 0, width, height);
  return { g, width };
}
