/**
 * Who hears the song, on the tempo ruler (MX7): a dot per person in their colour where their ears
 * are — the playhead less their output latency — with their click mute and latency in its title.
 * Drawn inside the timeline's SVG; `x` is the timeline's seconds → pixels mapping.
 */
export interface RulerListener {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly clickMuted: boolean;
  readonly latencyMs: number | null;
  readonly isSelf: boolean;
}

const R = 4.5;
const GAP = 11;

export function ListenerMarkers({
  listeners,
  songSeconds,
  x,
  y,
}: {
  readonly listeners: readonly RulerListener[];
  readonly songSeconds: number;
  readonly x: (seconds: number) => number;
  /** The dots' centre line (inside the ruler). */
  readonly y: number;
}) {
  return (
    <g className="rb-tempo-listeners" data-testid="listener-markers">
      {listeners.map((l, i) => {
        const ear = x(Math.max(0, songSeconds - (l.latencyMs ?? 0) / 1000));
        // Everyone's ears are within a few pixels of each other: fan the dots out beside them, to the
        // left (behind the playhead) unless that runs off the ruler's start.
        const leftward = x(songSeconds) - 8 - (listeners.length - 1) * GAP - R >= 0;
        const cx = leftward ? ear - 8 - i * GAP : ear + 8 + i * GAP;
        const title = [
          `${l.name}${l.isSelf ? ' (you)' : ''} hears the song here`,
          l.clickMuted ? 'click muted' : null,
          l.latencyMs === null ? null : `${l.latencyMs} ms output latency`,
        ]
          .filter(Boolean)
          .join(' · ');
        return (
          <g
            key={l.clientId}
            data-testid="listener-marker"
            data-name={l.name}
            data-click-muted={l.clickMuted ? 'true' : 'false'}
            data-latency-ms={l.latencyMs ?? ''}
            data-ear-x={ear.toFixed(1)}
          >
            <title>{title}</title>
            <line x1={cx + R} x2={ear} y1={y} y2={y} stroke={l.color} strokeWidth={1} opacity={0.6} />
            <circle cx={cx} cy={y} r={R} fill={l.color} stroke="var(--rb-surface)" strokeWidth={1.5} />
            {l.clickMuted && (
              <line x1={cx - R + 1} y1={y + R - 1} x2={cx + R - 1} y2={y - R + 1} stroke="var(--rb-bad)" strokeWidth={1.6} />
            )}
          </g>
        );
      })}
    </g>
  );
}
