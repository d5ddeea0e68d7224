/**
 * The arrangement lane: a bar ruler (click to seek), the sections as blocks as wide as they last,
 * the tempo curve (straight lines: ramps are linear in time, T3), meter marks where the meter
 * changes, the loop band and the playhead. Every x position comes from the shared timeline, the
 * same math the metronome plays.
 *
 * Blocks can be dragged sideways to reorder: the drop index is the number of other blocks whose
 * centre lies left of the pointer.
 */
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import {
  barStartSeconds,
  secondsToPosition,
  seconds,
  type LoopSpan,
  type TempoTimeline,
  type TimelineSegment,
  type TransportNow,
} from '@riffboard/shared';
import { useElementWidth } from './useElementWidth.ts';
import { useChangedItems } from '../../activity/activityHooks.ts';
import { ListenerMarkers, type RulerListener } from './ListenerMarkers.tsx';

const RULER_H = 24;
const LANE_H = 52;
const CURVE_H = 64;
const PAD = 8;
const HEIGHT = RULER_H + LANE_H + CURVE_H + 6;

/** Section colours, cycling: distinct on the dark theme, amber kept for the playhead and loop. */
const HUES = ['#7c6cf0', '#2bb3a3', '#d9667f', '#4f8fe6', '#b38b2b', '#9a5fc9'];

export interface TempoTimelineProps {
  readonly timeline: TempoTimeline;
  readonly now: TransportNow;
  readonly loop: LoopSpan | undefined;
  readonly selectedId: string | undefined;
  readonly canEdit: boolean;
  onSelect(id: string): void;
  onSeekBar(bar: number): void;
  onMove(id: string, toIndex: number): void;
  /** People hearing the song, shown where their ears are on the ruler. */
  readonly listeners?: readonly RulerListener[];
}

export function TempoTimeline({
  timeline: tl,
  now,
  loop,
  selectedId,
  canEdit,
  onSelect,
  onSeekBar,
  onMove,
  listeners = [],
}: TempoTimelineProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const [drag, setDrag] = useState<{ id: string; startX: number; dx: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const changed = useChangedItems('tempo');
  const inner = Math.max(1, width - 2 * PAD);
  const total = Math.max(1e-6, tl.totalSeconds);
  const x = (s: number): number => PAD + (s / total) * inner;
  const sAt = (px: number): number => ((px - PAD) / inner) * total;

  const bpms = tl.segments.flatMap((s) => [s.startBpm, s.endBpm]);
  const lo = Math.min(...bpms) - 10;
  const hi = Math.max(...bpms) + 10;
  const curveTop = RULER_H + LANE_H + 14;
  const curveBottom = HEIGHT - 8;
  const y = (v: number): number => curveBottom - ((v - lo) / Math.max(1, hi - lo)) * (curveBottom - curveTop);

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

  const onRulerClick = (e: ReactPointerEvent<SVGRectElement>): void => {
    if (!canEdit) return;
    const pos = secondsToPosition(tl, seconds(Math.min(total - 1e-6, Math.max(0, sAt(pointerX(e))))));
    onSeekBar(pos.bar);
  };

  const dropIndex = (id: string, px: number): number =>
    tl.segments.filter((s) => s.id !== id && x((s.startSeconds + s.endSeconds) / 2) < px).length;

  const onBlockDown = (seg: TimelineSegment, e: ReactPointerEvent<SVGGElement>): void => {
    if (seg.id === undefined) return;
    onSelect(seg.id);
    if (!canEdit) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    setDrag({ id: seg.id, startX: pointerX(e), dx: 0 });
  };
  const onBlockMove = (e: ReactPointerEvent<SVGGElement>): void => {
    if (drag) setDrag({ ...drag, dx: pointerX(e) - drag.startX });
  };
  const onBlockUp = (seg: TimelineSegment, e: ReactPointerEvent<SVGGElement>): void => {
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

  const playX = x(Math.min(now.songSeconds, total));
  let prevMeter = '';

  return (
    <div ref={ref} className="rb-tempo-timeline">
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
        {tl.segments.map((seg) => {
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
        {tl.segments.map((seg) => {
          const meter = `${seg.meterNumerator}/${seg.meterDenominator}`;
          const show = meter !== prevMeter;
          prevMeter = meter;
          return show ? (
            <g key={`m${seg.index}`} pointerEvents="none" transform={`translate(${x(seg.startSeconds) + 3}, ${RULER_H + LANE_H + 10})`}>
              <text className="rb-tempo-meter">{meter}</text>
            </g>
          ) : null;
        })}

        {/* tempo curve */}
        <g pointerEvents="none">
          {tl.segments.map((seg) => (
            <g key={`c${seg.index}`}>
              <line
                className={`rb-tempo-curve${seg.ramps ? ' is-ramp' : ''}`}
                x1={x(seg.startSeconds)}
                x2={x(seg.endSeconds)}
                y1={y(seg.startBpm)}
                y2={y(seg.endBpm)}
              />
              <circle className="rb-tempo-curve-dot" cx={x(seg.startSeconds)} cy={y(seg.startBpm)} r={2.5} />
              {x(seg.endSeconds) - x(seg.startSeconds) > 34 && (
                <text className="rb-tempo-bpm" x={x(seg.startSeconds) + 4} y={y(seg.startBpm) - 5}>
                  {Math.round(seg.startBpm * 10) / 10}
                </text>
              )}
            </g>
          ))}
          {tl.segments.slice(0, -1).map((seg) => {
            const next = tl.segments[seg.index + 1];
            return next && next.startBpm !== seg.endBpm ? (
              <line
                key={`j${seg.index}`}
                className="rb-tempo-curve is-jump"
                x1={x(seg.endSeconds)}
                x2={x(seg.endSeconds)}
                y1={y(seg.endBpm)}
                y2={y(next.startBpm)}
              />
            ) : null;
          })}
        </g>

        {/* playhead */}
        <g pointerEvents="none" className={`rb-tempo-playhead is-${now.phase}`}>
          <line x1={playX} x2={playX} y1={0} y2={HEIGHT} />
          <path d={`M ${playX - 5} 0 L ${playX + 5} 0 L ${playX} 7 Z`} />
        </g>
        <ListenerMarkers listeners={listeners} songSeconds={Math.min(now.songSeconds, total)} x={x} y={RULER_H - 7} />
      </svg>
    </div>
  );
}
