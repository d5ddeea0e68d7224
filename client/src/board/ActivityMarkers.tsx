/**
 * The board's side of activity: a dot on every shape others changed since your last visit (until
 * you select it or mark everything seen), and the camera move an activity line asks for
 * (ZOOM_TO_SHAPE_EVENT): zoom to the shape and select it. Rendered in front of the canvas.
 */
import { useEffect } from 'react';
import { react, useEditor, useValue, type TLShapeId } from 'tldraw';
import { ZOOM_TO_SHAPE_EVENT } from '../activity/activityNavigation.ts';
import { useSinceVisit } from '../activity/activityHooks.ts';

export function ActivityMarkers() {
  const editor = useEditor();
  const { state, store } = useSinceVisit();

  useEffect(() => {
    const onZoom = (e: Event): void => {
      const id = (e as CustomEvent<unknown>).detail;
      if (typeof id !== 'string') return;
      const shapeId = id as TLShapeId;
      const bounds = editor.getShapePageBounds(shapeId);
      if (!bounds) return;
      editor.select(shapeId);
      editor.zoomToBounds(bounds, { inset: 120, targetZoom: 1, animation: { duration: 250 } });
    };
    window.addEventListener(ZOOM_TO_SHAPE_EVENT, onZoom);
    return () => window.removeEventListener(ZOOM_TO_SHAPE_EVENT, onZoom);
  }, [editor]);

  // Selecting a marked shape is looking at it.
  useEffect(
    () =>
      react('activity: selected shapes are seen', () => {
        for (const id of editor.getSelectedShapeIds()) store.markItemSeen(id);
      }),
    [editor, store],
  );

  const ids = state.dismissed ? [] : (state.summary?.changed.board ?? []).filter((id) => !state.seen.has(id));
  const points = useValue(
    'changed shape corners',
    () =>
      ids.flatMap((id) => {
        const b = editor.getShapePageBounds(id as TLShapeId);
        return b ? [{ id, at: editor.pageToViewport({ x: b.maxX, y: b.minY }) }] : [];
      }),
    [editor, ids.join(' ')],
  );
  if (points.length === 0) return null;
  return (
    <div className="rb-changed-markers" aria-hidden="true">
      {points.map((p) => (
        <span key={p.id} className="rb-changed-dot" data-changed-shape={p.id} style={{ left: p.at.x, top: p.at.y }} />
      ))}
    </div>
  );
}
