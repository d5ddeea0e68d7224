/**
 * The arrangement and its tempo lane: a bar ruler (click to seek), the form's sections as blocks as
 * wide as they last, meter marks where the meter changes, and under them the tempo lane — the
 * tempo track drawn as it plays (jumps as steps, ramps as the curve they are on a seconds axis),
 * with its points editable in place: double-click the lane to add a point, drag a point to move it
 * (position snapped to a sixteenth note, tempo to a whole BPM), Delete removes the selected one.
 * The loop band and the playhead run across all. Every x position comes from the shared timeline,
 * the same math the metronome plays.
 *
 * Blocks can be dragged sideways to reorder: the drop index is the number of other blocks whose
 * centre lies left of the pointer.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import {
  LIMITS,
  PPQ,
  barStartSeconds,
  secondsToPosition,
  secondsToTicks,
  seconds,
  tempoAtTicks,
  ticks,
  ticksToPosition,
  ticksToSeconds,
  type LoopSpan,
  type PlacedSection,
  type TempoTimeline,
  type TransportNow,
  type Reference,
} from '@riffboard/shared';
import { useElementWidth } from './useElementWidth.ts';
import { useChangedItems } from '../../activity/activityHooks.ts';
import { ListenerMarkers, type RulerListener } from './ListenerMarkers.tsx';
import { PlacedReferences } from './PlacedReferences.tsx';
import type { TempoPointCommands } from './useTempoPoints.ts';

const RULER_H = 24;
const LANE_H = 52;
const CURVE_H = 96;
const PAD = 8;
const HEIGHT = RULER_H + LANE_H + CURVE_H + 6;
/** Points snap to a sixteenth note. */
const SNAP_TICKS = PPQ / 4;

/** Section colours, cycling: distinct on the dark theme, amber kept for the playhead and loop. */
const HUES = ['#7c6cf0', '#2bb3a3', '#d9667f', '#4f8fe6', '#b38b2b', '#9a5fc9'];

export interface TempoTimelineProps {
  readonly timeline: TempoTimeline;
  readonly now: TransportNow;
  readonly loop: LoopSpan | undefined;
  readonly selectedId: string | undefined;
  readonly canEdit: boolean;
  readonly points: TempoPointCommands;
  onSelect(id: string): void;
  onSeekBar(bar: number): void;
  onMove(id: string, toIndex: number): void;
  /** People hearing the song, shown where their ears are on the ruler. */
  readonly listeners?: readonly RulerListener[];
  /** Audio references placed on the timeline (play along). */
  readonly placed?: readonly Reference[];
  /** A refused point edit, in words. */
  onMessage(message: string | undefined): void;
}

interface PointDrag {
  readonly id: string;
  /** The tempo scale frozen for the drag, so the lane does not rescale under the pointer. */
  readonly lo: number;
  readonly hi: number;
}

export function TempoTimeline({
  timeline: tl,
  now,
  loop,
  selectedId,
  canEdit,
  points,
  onSelect,
  onSeekBar,
  onMove,
  onMessage,
  listeners = [],
  placed = [],
}: TempoTimelineProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const [drag, setDrag] = useState<{ id: string; startX: number; dx: number } | null>(null);
  const [pointDrag, setPointDrag] = useState<PointDrag | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const changed = useChangedItems('tempo');
  const inner = Math.max(1, width - 2 * PAD);
  const total = Math.max(1e-6, tl.totalSeconds);
  const x = (s: number): number => PAD + (Math.min(s, total) / total) * inner;
  const sAt = (px: number): number => ((px - PAD) / inner) * total;

  // The lane's segments within the song, and its tempo scale.
  const visible = tl.tempo.filter((seg) => seg.startSeconds < total);
  const bpms = visible.flatMap((s) => [s.startBpm, s.endBpm]);
  const lo = pointDrag?.lo ?? Math.max(LIMITS.bpm.min, Math.floor(Math.min(...bpms) - 12));
  const hi = pointDrag?.hi ?? Math.min(LIMITS.bpm.max, Math.ceil(Math.max(...bpms) + 12));
  const curveTop = RULER_H + LANE_H + 16;
  const curveBottom = HEIGHT - 10;
  const y = (v: number): number => curveBottom - ((v - lo) / Math.max(1, hi - lo)) * (curveBottom - curveTop);
  const bpmAt = (py: number): number =>
    Math.min(LIMITS.bpm.max, Math.max(LIMITS.bpm.min, Math.round(lo + ((curveBottom - py) / (curveBottom - curveTop)) * (hi - lo))));

  // Bar lines, with labels thinned so they never collide.
  const bars: { bar: number; px: number }[] = [];
  for (let b = 1; b <= tl.totalBars; b++) bars.push({ bar: b, px: x(barStartSeconds(tl, b)) });
  const minGap = 22;
  let lastLabel = -Infinity;
  const labelled = new Set<number>();
  for (const b of bars) {
    if (b.px - lastLabel >= minGap) {
      labelled.add(b.bar);
      lastLabel = b.px;
    }
  }

  const pointerX = (e: { clientX: number }): number => e.clientX - (svgRef.current?.getBoundingClientRect().left ?? 0);
  const pointerY = (e: { clientY: number }): number => e.clientY - (svgRef.current?.getBoundingClientRect().top ?? 0);
  /** The musical position under the pointer, snapped to a sixteenth, never before bar 1. */
  const positionAt = (px: number) => {
    const t = secondsToTicks(tl, seconds(Math.min(total, Math.max(0, sAt(px)))));
    return ticksToPosition(tl, ticks(Math.max(0, Math.round(t / SNAP_TICKS) * SNAP_TICKS)));
  };

  const onRulerClick = (e: ReactPointerEvent<SVGRectElement>): void => {
    if (!canEdit) return;
    const pos = secondsToPosition(tl, seconds(Math.min(total - 1e-6, Math.max(0, sAt(pointerX(e))))));
    onSeekBar(pos.bar);
  };

  const dropIndex = (id: string, px: number): number =>
    tl.sections.filter((s) => s.id !== id && x((s.startSeconds + s.endSeconds) / 2) < px).length;

  const onBlockDown = (seg: PlacedSection, e: ReactPointerEvent<SVGGElement>): void => {
    if (seg.id === undefined) return;
    onSelect(seg.id);
    if (!canEdit) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    setDrag({ id: seg.id, startX: pointerX(e), dx: 0 });
  };
  const onBlockMove = (e: ReactPointerEvent<SVGGElement>): void => {
    if (drag) setDrag({ ...drag, dx: pointerX(e) - drag.startX });
  };
  const onBlockUp = (seg: PlacedSection, e: ReactPointerEvent<SVGGElement>): void => {
    if (!drag || seg.id === undefined) return;
    const moved = Math.abs(drag.dx) > 6;
    const centre = x((seg.startSeconds + seg.endSeconds) / 2) + drag.dx;
    setDrag(null);
    if (moved) {
      const to = dropIndex(seg.id, centre);
      if (to !== seg.index) onMove(seg.id, to);
    }
    (e.currentTarget as Element).releasePointerCapture(e.pointerId);
  };

  const onLaneDoubleClick = (e: React.MouseEvent<SVGRectElement>): void => {
    if (!canEdit) return;
    const p = positionAt(pointerX(e));
    onMessage(points.add({ ...p, bpm: bpmAt(pointerY(e)), shape: 'jump' }));
    ref.current?.focus();
  };
  const onPointDown = (id: string, e: ReactPointerEvent<SVGCircleElement>): void => {
    e.stopPropagation();
    points.selectPoint(id);
    ref.current?.focus();
    if (!canEdit) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    setPointDrag({ id, lo, hi });
  };
  const onPointMove = (e: ReactPointerEvent<SVGCircleElement>): void => {
    if (!pointDrag) return;
    const p = positionAt(pointerX(e));
    onMessage(points.move(pointDrag.id, { ...p, bpm: bpmAt(pointerY(e)) }));
  };
  const onPointUp = (e: ReactPointerEvent<SVGCircleElement>): void => {
    if (!pointDrag) return;
    setPointDrag(null);
    (e.currentTarget as Element).releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const id = points.selectedPointId;
    if (!canEdit || id === undefined || (e.key !== 'Delete' && e.key !== 'Backspace')) return;
    // The point, not the section: keep the panel's Delete (remove section) from seeing it.
    e.stopPropagation();
    e.preventDefault();
    onMessage(points.remove(id));
  };

  const playX = x(Math.min(now.songSeconds, total));

  /** The curve of one segment on the seconds axis: sampled where it ramps. */
  const path = (i: number): string => {
    const seg = visible[i]!;
    const end = Math.min(seg.endTicks, tl.totalTicks);
    if (seg.shape === 'jump' || end <= seg.startTicks)
      return `M ${x(seg.startSeconds)} ${y(seg.startBpm)} L ${x(ticksToSeconds(tl, ticks(end)))} ${y(seg.startBpm)}`;
    const n = 24;
    const pts: string[] = [];
    for (let k = 0; k <= n; k++) {
      const t = ticks(seg.startTicks + ((end - seg.startTicks) * k) / n);
      pts.push(`${k === 0 ? 'M' : 'L'} ${x(ticksToSeconds(tl, t))} ${y(tempoAtTicks(tl, t))}`);
    }
    return pts.join(' ');
  };

  return (
    <div ref={ref} className="rb-tempo-timeline" tabIndex={-1} onKeyDown={onKeyDown}>
      <svg ref={svgRef} width={width} height={HEIGHT} role="img" aria-label="Tempo map timeline">
        {/* ruler */}
        <rect
          className="rb-tempo-ruler"
          x={0}
          y={0}
          width={width}
          height={RULER_H}
          onPointerDown={onRulerClick}
          data-testid="tempo-ruler"
          aria-label="Bar ruler: click to move the playhead"
        />
        {/* tempo lane background: double-click adds a point */}
        <rect
          className="rb-tempo-lane"
          x={PAD}
          y={curveTop - 8}
          width={inner}
          height={curveBottom - curveTop + 14}
          onDoubleClick={onLaneDoubleClick}
          data-testid="tempo-lane"
          aria-label={canEdit ? 'Tempo lane: double-click to add a tempo point' : 'Tempo lane'}
        />
        {loop && (
          <rect
            className="rb-tempo-loop"
            x={x(loop.start)}
            y={0}
            width={Math.max(2, x(loop.end) - x(loop.start))}
            height={HEIGHT}
            pointerEvents="none"
          />
        )}
        {bars.map((b) => (
          <g key={b.bar} pointerEvents="none">
            <line className="rb-tempo-barline" x1={b.px} x2={b.px} y1={labelled.has(b.bar) ? 4 : 14} y2={RULER_H + LANE_H + CURVE_H} />
            {labelled.has(b.bar) && (
              <text className="rb-tempo-barnum" x={b.px + 3} y={14}>
                {b.bar}
              </text>
            )}
          </g>
        ))}

        {/* sections */}
        {tl.sections.map((seg) => {
          const left = x(seg.startSeconds) + (drag !== null && drag.id === seg.id ? drag.dx : 0);
          const w = Math.max(3, x(seg.endSeconds) - x(seg.startSeconds) - 2);
          const hue = HUES[seg.index % HUES.length];
          const selected = seg.id === selectedId;
          return (
            <g
              key={seg.id ?? seg.index}
              className={`rb-tempo-block${selected ? ' is-selected' : ''}${drag?.id === seg.id ? ' is-dragging' : ''}`}
              transform={`translate(${left + 1}, ${RULER_H + 4})`}
              onPointerDown={(e) => onBlockDown(seg, e)}
              onPointerMove={onBlockMove}
              onPointerUp={(e) => onBlockUp(seg, e)}
              data-section-id={seg.id}
              aria-label={`${seg.name}, bars ${seg.startBar}–${seg.startBar + seg.bars - 1}`}
            >
              <rect
                width={w}
                height={LANE_H - 8}
                rx={6}
                fill={hue}
                fillOpacity={selected ? 0.55 : 0.32}
                stroke={selected ? '#f5a524' : hue}
                strokeWidth={selected ? 2 : 1}
              />
              <clipPath id={`clip-${seg.index}`}>
                <rect width={w - 4} height={LANE_H - 8} />
              </clipPath>
              <g clipPath={`url(#clip-${seg.index})`}>
                <text className="rb-tempo-block-name" x={6} y={17}>
                  {seg.name}
                </text>
                <text className="rb-tempo-block-meta" x={6} y={33}>
                  {seg.bars} {seg.bars === 1 ? 'bar' : 'bars'}
                  {seg.key ? ` · ${seg.key}` : ''}
                </text>
              </g>
              {seg.id && changed.has(seg.id) && <circle className="rb-changed-svg" cx={w - 9} cy={9} r={4.5} data-changed-item={seg.id} />}
            </g>
          );
        })}

        {/* meter marks where the meter changes */}
        {tl.meters
          .filter((m) => m.startBar <= tl.totalBars)
          .map((m) => (
            <g
              key={`m${m.startBar}`}
              pointerEvents="none"
              transform={`translate(${x(barStartSeconds(tl, m.startBar)) + 3}, ${RULER_H + LANE_H + 10})`}
            >
              <text className="rb-tempo-meter">{`${m.numerator}/${m.denominator}`}</text>
            </g>
          ))}

        {/* tempo curve */}
        <g pointerEvents="none">
          {visible.map((seg, i) => (
            <path key={`c${i}`} className={`rb-tempo-curve${seg.shape !== 'jump' ? ' is-ramp' : ''}`} d={path(i)} fill="none" />
          ))}
          {visible.slice(1).map((seg, i) => {
            const prev = visible[i]!;
            return prev.endBpm !== seg.startBpm ? (
              <line
                key={`j${i}`}
                className="rb-tempo-curve is-jump"
                x1={x(seg.startSeconds)}
                x2={x(seg.startSeconds)}
                y1={y(prev.endBpm)}
                y2={y(seg.startBpm)}
              />
            ) : null;
          })}
        </g>
        {/* tempo points */}
        {visible.map((seg, i) => {
          const id = seg.pointId;
          if (id === undefined) return null;
          const selected = id === points.selectedPointId;
          const next = visible[i + 1];
          const roomForLabel = (next ? x(next.startSeconds) : x(total)) - x(seg.startSeconds) > 40 || selected;
          const pos = ticksToPosition(tl, seg.startTicks);
          const where = `bar ${pos.bar} beat ${pos.beat}${pos.tick > 0 ? ` +${Math.round(pos.tick)}` : ''}`;
          return (
            <g key={id}>
              <circle
                className={`rb-tempo-point${selected ? ' is-selected' : ''}`}
                cx={x(seg.startSeconds)}
                cy={y(seg.startBpm)}
                r={selected ? 6 : 5}
                data-point-id={id}
                aria-label={`Tempo point at ${where}: ${Math.round(seg.startBpm * 10) / 10} BPM, ${seg.shape === 'jump' ? 'jump' : 'ramp'}`}
                onPointerDown={(e) => onPointDown(id, e)}
                onPointerMove={onPointMove}
                onPointerUp={onPointUp}
              />
              {roomForLabel && (
                <text className="rb-tempo-bpm" x={x(seg.startSeconds) + 7} y={y(seg.startBpm) - 7} pointerEvents="none">
                  {Math.round(seg.startBpm * 10) / 10}
                </text>
              )}
            </g>
          );
        })}

        {/* playhead */}
        <g pointerEvents="none" className={`rb-tempo-playhead is-${now.phase}`}>
          <line x1={playX} x2={playX} y1={0} y2={HEIGHT} />
          <path d={`M ${playX - 5} 0 L ${playX + 5} 0 L ${playX} 7 Z`} />
        </g>
        <PlacedReferences placed={placed} timeline={tl} x={x} y={RULER_H} />
        <ListenerMarkers listeners={listeners} songSeconds={Math.min(now.songSeconds, total)} x={x} y={RULER_H - 7} />
      </svg>
    </div>
  );
}
