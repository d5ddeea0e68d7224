/**
 * A reference's waveform: peaks drawn on a canvas, zoomable (the inner strip is `zoom` × the
 * visible width and scrolls), with comment markers (points and regions), the playhead, and a
 * draft region. Click seeks; drag selects a region for a new comment.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { bucketCount, type CommentThread, type Peaks } from '@riffboard/shared';
import { hiDpiContext } from '../../ui/hiDpiCanvas.ts';

export interface WaveformProps {
  readonly peaks: Peaks;
  readonly duration: number;
  readonly position: number;
  /** When (epoch ms) `position` was read: a render can come later than that under load. */
  readonly positionAtEpochMs: number;
  readonly zoom: number;
  readonly threads: readonly CommentThread[];
  readonly activeThreadId: string | undefined;
  readonly draft: { start: number; end: number } | undefined;
  readonly onSeek: (seconds: number) => void;
  readonly onRegion: (region: { start: number; end: number }) => void;
  readonly onMarker: (thread: CommentThread) => void;
}

const HEIGHT = 96;

function draw(canvas: HTMLCanvasElement, peaks: Peaks, position: number, duration: number): void {
  const ctx = hiDpiContext(canvas, HEIGHT);
  if (!ctx) return;
  const { g, width: w } = ctx;
  const n = bucketCount(peaks);
  const mid = HEIGHT / 2;
  const playedX = duration > 0 ? (position / duration) * w : 0;
  const barW = 2;
  const gap = 1;
  for (let x = 0; x < w; x += barW + gap) {
    const from = Math.floor((x / w) * n);
    const to = Math.max(from + 1, Math.floor(((x + barW + gap) / w) * n));
    let lo = 0;
    let hi = 0;
    for (let b = from; b < to && b < n; b++) {
      lo = Math.min(lo, peaks.minMax[b * 2] ?? 0);
      hi = Math.max(hi, peaks.minMax[b * 2 + 1] ?? 0);
    }
    const top = mid - hi * (mid - 2);
    const h = Math.max(1, (hi - lo) * (mid - 2));
    g.fillStyle = x < playedX ? '#f5a524' : '#6f6a7d';
    g.fillRect(x, top, barW, h);
  }
}

export function Waveform({
  peaks,
  duration,
  position,
  positionAtEpochMs,
  zoom,
  threads,
  activeThreadId,
  draft,
  onSeek,
  onRegion,
  onMarker,
}: WaveformProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stripRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();

  useEffect(() => {
    const c = canvasRef.current;
    if (c) draw(c, peaks, position, duration);
  }, [peaks, position, duration, zoom]);

  const secondsAt = (clientX: number): number => {
    const r = stripRef.current?.getBoundingClientRect();
    if (!r || r.width === 0) return 0;
    return Math.min(duration, Math.max(0, ((clientX - r.left) / r.width) * duration));
  };
  const pct = (s: number): string => `${duration > 0 ? (s / duration) * 100 : 0}%`;

  const onDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const s = secondsAt(e.clientX);
    setDrag({ from: s, to: s });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag) setDrag({ ...drag, to: secondsAt(e.clientX) });
  };
  const onUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag) return;
    const to = secondsAt(e.clientX);
    setDrag(undefined);
    const start = Math.min(drag.from, to);
    const end = Math.max(drag.from, to);
    // A drag shorter than a sliver of the view is a click: seek.
    if (end - start < Math.max(0.05, duration / (200 * zoom))) onSeek(drag.from);
    else onRegion({ start, end });
  };
  const shown = drag ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) } : draft;

  return (
    <div className="rb-wave-scroll">
      <div
        ref={stripRef}
        className="rb-wave"
        style={{ width: `${zoom * 100}%` }}
        data-testid="waveform"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
      >
        <canvas ref={canvasRef} className="rb-wave-canvas" style={{ height: HEIGHT }} />
        {threads.map(({ root }) =>
          root.anchor.kind === 'region' ? (
            <button
              key={root.id}
              type="button"
              className={`rb-wave-region${root.resolved ? ' is-resolved' : ''}${root.id === activeThreadId ? ' is-active' : ''}`}
              style={{ left: pct(root.anchor.start), width: `calc(${pct(root.anchor.end)} - ${pct(root.anchor.start)})` }}
              title={`${root.personName}: ${root.text}`}
              data-testid="comment-marker"
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => onMarker({ root, replies: [] })}
            />
          ) : (
            <button
              key={root.id}
              type="button"
              className={`rb-wave-pin${root.resolved ? ' is-resolved' : ''}${root.id === activeThreadId ? ' is-active' : ''}`}
              style={{ left: pct(root.anchor.at) }}
              title={`${root.personName}: ${root.text}`}
              data-testid="comment-marker"
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => onMarker({ root, replies: [] })}
            />
          ),
        )}
        {shown && (
          <div className="rb-wave-draft" style={{ left: pct(shown.start), width: `calc(${pct(shown.end)} - ${pct(shown.start)})` }} />
        )}
        <div
          className="rb-wave-playhead"
          style={{ left: pct(position) }}
          data-testid="playhead"
          data-seconds={position.toFixed(3)}
          data-at={positionAtEpochMs.toFixed(1)}
        />
      </div>
    </div>
  );
}
