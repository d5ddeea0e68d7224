/**
 * References placed on the timeline (play along, shared SPEC P2), on the tempo ruler: a thin bar
 * where each file sounds (its start to its end, on the current tempo map) and a flag at its anchor.
 * Drawn inside the timeline's SVG; `x` is the timeline's seconds → pixels mapping.
 */
import { anchorSongSeconds, type Reference, type TempoTimeline } from '@riffboard/shared';

const BAR_H = 3;
const GAP = 4;

export function PlacedReferences({
  placed,
  timeline,
  x,
  y,
}: {
  readonly placed: readonly Reference[];
  readonly timeline: TempoTimeline;
  readonly x: (seconds: number) => number;
  /** The bottom of the ruler: bars stack upwards from it. */
  readonly y: number;
}) {
  return (
    <g className="rb-tempo-placed" data-testid="placed-references">
      {placed.flatMap((r, i) => {
        if (!r.anchor) return [];
        const at = anchorSongSeconds(timeline, r.anchor);
        const start = at - r.anchor.fileSeconds;
        const end = start + (r.durationSeconds ?? timeline.totalSeconds);
        const from = x(Math.max(0, start));
        const to = x(Math.max(0, end));
        const top = y - BAR_H - i * GAP;
        const ax = x(Math.max(0, at));
        return [
          <g key={r.id} data-testid="placed-reference" data-title={r.title} data-anchor-x={ax.toFixed(1)}>
            <title>{`${r.title}: file ${r.anchor.fileSeconds.toFixed(3)} s is bar ${r.anchor.bar}, beat ${r.anchor.beat}`}</title>
            {to > from && <rect x={from} y={top} width={to - from} height={BAR_H} rx={1} />}
            <path d={`M ${ax} ${top - 5} L ${ax + 5} ${top - 2.5} L ${ax} ${top} Z`} />
            <text x={ax + 7} y={top - 0.5}>
              {r.title}
            </text>
          </g>,
        ];
      })}
    </g>
  );
}
