/**
 * The board of a version, drawn read-only as a sketch: each shape's outline where it was, with its
 * text, fitted to the preview. A picture of the board as it was, not an editor: nothing in a
 * preview can change the room.
 */
import { readBoardRecords, type BoardRecord } from '@riffboard/shared';
import type * as Y from 'yjs';
import { useRoom } from '../../room/roomHooks.ts';
import { assetSrc } from '../../assets/assetUpload.ts';

/** The token-free address the room's images are stored under in the doc. */
const ASSET_PATH = /^\/api\/rooms\/[^/?#]+\/assets\/[0-9a-f]{64}$/;

interface Box {
  readonly id: string;
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly text: string;
  readonly color: string;
  /** For images of this room: where the picture is served to this tab. */
  readonly href: string | null;
}

const COLORS: Readonly<Record<string, string>> = {
  black: '#d9d6e0',
  grey: '#a39fb0',
  red: '#ff6b6b',
  orange: '#f59f3a',
  yellow: '#f5c451',
  green: '#3ddc84',
  blue: '#5ca8ff',
  violet: '#b197fc',
  'light-blue': '#74c0fc',
  'light-green': '#8ce99a',
  'light-red': '#ffa8a8',
  'light-violet': '#d0bfff',
};

/** Plain text of tldraw's rich text (a ProseMirror-like tree) or of a plain `text` prop. */
function textOf(props: Record<string, unknown>): string {
  if (typeof props.text === 'string') return props.text;
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (typeof n !== 'object' || n === null) return;
    const node = n as { text?: unknown; content?: unknown };
    if (typeof node.text === 'string') out.push(node.text);
    if (Array.isArray(node.content)) node.content.forEach(walk);
  };
  walk(props.richText);
  return out.join(' ').trim();
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function toBox(r: BoardRecord, byId: ReadonlyMap<string, BoardRecord>, token: string | null): Box {
  const props = (typeof r.props === 'object' && r.props !== null ? r.props : {}) as Record<string, unknown>;
  // Shapes inside a frame or group are placed relative to it.
  let x = num(r.x, 0);
  let y = num(r.y, 0);
  let parent = byId.get(String(r.parentId));
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 20; depth++) {
    x += num(parent.x, 0);
    y += num(parent.y, 0);
    parent = byId.get(String(parent.parentId));
  }
  const type = String(r.type ?? 'shape');
  const asset = typeof props.assetId === 'string' ? byId.get(props.assetId) : undefined;
  const src = (asset?.props as { src?: unknown } | undefined)?.src;
  const href = type === 'image' && typeof src === 'string' && ASSET_PATH.test(src) ? assetSrc(src, token) : null;
  // tldraw's notes are 200 px squares with no size props; lines and text are small.
  const size = type === 'note' ? 200 : type === 'text' || type === 'arrow' || type === 'line' || type === 'draw' ? 40 : 100;
  return {
    id: r.id,
    type,
    x,
    y,
    w: Math.max(8, num(props.w, size)),
    h: Math.max(8, num(props.h, type === 'note' ? size : size / 2)),
    text: textOf(props).slice(0, 60),
    color: COLORS[String(props.color)] ?? COLORS.black!,
    href,
  };
}

export function BoardSketch({ doc }: { doc: Y.Doc }) {
  const { token } = useRoom();
  const records = readBoardRecords(doc);
  const byId = new Map(records.map((r) => [r.id, r]));
  const boxes = records.filter((r) => r.typeName === 'shape').map((r) => toBox(r, byId, token));
  if (boxes.length === 0) return <p className="rb-versions-empty-area">The board was empty.</p>;
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.w));
  const maxY = Math.max(...boxes.map((b) => b.y + b.h));
  const pad = 20;
  const view = `${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`;
  return (
    <svg
      className="rb-versions-board"
      viewBox={view}
      role="img"
      aria-label={`The board as it was: ${boxes.length} shapes`}
      data-testid="version-board"
    >
      {boxes.map((b) => (
        <g key={b.id} data-shape-id={b.id}>
          {b.type === 'note' ? (
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} fill={b.color} fillOpacity={0.25} stroke={b.color} />
          ) : b.type === 'geo' || b.type === 'frame' || b.type === 'image' || b.type === 'bookmark' || b.type.startsWith('ref') ? (
            <rect
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
              rx={b.type === 'geo' ? 4 : 8}
              fill={b.type === 'image' ? 'rgba(245,165,36,0.12)' : 'none'}
              stroke={b.type === 'image' ? '#f5a524' : b.color}
              strokeWidth={2}
              strokeDasharray={b.type === 'frame' ? '6 4' : undefined}
            />
          ) : (
            <line x1={b.x} y1={b.y} x2={b.x + b.w} y2={b.y + b.h} stroke={b.color} strokeWidth={3} strokeLinecap="round" />
          )}
          {b.href && <image href={b.href} x={b.x} y={b.y} width={b.w} height={b.h} preserveAspectRatio="xMidYMid slice" />}
          {(b.text || (b.type === 'image' && !b.href)) && (
            <text x={b.x + 8} y={b.y + 22} fill="#eeebf4" fontSize={16}>
              {b.text || 'image'}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
