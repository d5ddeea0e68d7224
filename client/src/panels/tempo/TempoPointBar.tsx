/**
 * The selected tempo point's controls under the lane: where it is, its tempo, jump or ramp to the
 * next point, and delete. Empty state: how to add one.
 */
import { type TempoShape, type TempoTimeline, ticksToPosition } from '@riffboard/shared';
import type { TempoPointCommands } from './useTempoPoints.ts';

export interface TempoPointBarProps {
  readonly timeline: TempoTimeline;
  readonly points: TempoPointCommands;
  readonly canEdit: boolean;
  onMessage(message: string | undefined): void;
}

export function TempoPointBar({ timeline, points, canEdit, onMessage }: TempoPointBarProps) {
  const seg = timeline.tempo.find((s) => s.pointId !== undefined && s.pointId === points.selectedPointId);
  if (!seg || seg.pointId === undefined) {
    return (
      <p className="rb-tempo-pointbar rb-muted">
        {canEdit ? 'Double-click the tempo lane to add a tempo point; drag a point to move it.' : 'Tempo lane'}
      </p>
    );
  }
  const id = seg.pointId;
  const pos = ticksToPosition(timeline, seg.startTicks);
  const shape: TempoShape = seg.shape === 'jump' ? 'jump' : seg.shape;
  return (
    <div className="rb-tempo-pointbar" role="group" aria-label="Selected tempo point">
      <span>
        Bar {pos.bar} · beat {pos.beat}
        {pos.tick > 0 ? ` +${Math.round(pos.tick)}` : ''} · <strong>{Math.round(seg.startBpm * 10) / 10} BPM</strong>
      </span>
      <span className="rb-tempo-pointbar-shape" role="radiogroup" aria-label="To the next point">
        {(['jump', 'ramp'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={s === 'jump' ? shape === 'jump' : shape !== 'jump'}
            className={`rb-button${(s === 'jump') === (shape === 'jump') ? ' is-active' : ''}`}
            disabled={!canEdit}
            onClick={() => onMessage(points.setShape(id, s))}
          >
            {s === 'jump' ? 'Jump' : 'Ramp'}
          </button>
        ))}
      </span>
      <button type="button" className="rb-button" disabled={!canEdit} onClick={() => onMessage(points.remove(id))}>
        Delete point
      </button>
    </div>
  );
}
