/**
 * Well-formed tldraw records as today's client writes them, and one that is not: board fixtures
 * for shared's own tests and, through `@riffboard/shared/test/boardRecords`, the server's.
 */
import type { BoardRecord } from '../../src/index.ts';

export const PAGE_ID = 'page:page';

export function page(): BoardRecord {
  return { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} };
}

/** A rectangle at (x, y), valid against the board schema. */
export function geoShape(id: string, x = 0, y = 0): BoardRecord {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x,
    y,
    rotation: 0,
    index: 'a1',
    parentId: PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 80,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
    },
  };
}

/** The record of the issue report: a rectangle whose width is a string. */
export function geoShapeWithStringWidth(id: string): BoardRecord {
  const s = geoShape(id);
  return { ...s, props: { ...(s.props as object), w: 'wide' } };
}

/** A geo shape as tldraw wrote it at geo version 9: plain `text`, no rich text (migration 10), no flips (12). */
export function asGeoVersion9(shape: BoardRecord, text: string): BoardRecord {
  const { richText: _r, flipX: _x, flipY: _y, ...props } = shape.props as Record<string, unknown>;
  return { ...shape, props: { ...props, text } };
}
