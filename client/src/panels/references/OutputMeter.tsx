/**
 * A level meter for the reference player, like a channel strip's: green up to −12 dBFS, amber to
 * −3, red above. It also shows at a glance that sound is really coming out (or that a stream is
 * still buffering). Drawn straight into the DOM each animation frame so a playing reference doesn't
 * re-render React sixty times a second.
 */
import { useEffect, useRef } from 'react';
import type { PlayerState, ReferencePlayer } from '../../audio/referencePlayer.ts';

/** The bottom of the scale: quieter than this shows as empty. */
const FLOOR_DB = -60;

export function OutputMeter({ player, state }: { readonly player: ReferencePlayer; readonly state: PlayerState }) {
  const barRef = useRef<HTMLSpanElement>(null);
  const rootRef = useRef<HTMLSpanElement>(null);
  const active = state.playing || state.loading;
  useEffect(() => {
    const bar = barRef.current;
    const root = rootRef.current;
    if (!bar || !root) return;
    const draw = (): void => {
      const db = active ? player.level() : -Infinity;
      const fill = Number.isFinite(db) ? Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB)) : 0;
      bar.style.transform = `scaleX(${fill})`;
      root.dataset.level = Number.isFinite(db) ? db.toFixed(1) : '-inf';
    };
    draw();
    if (!active) return;
    let raf = 0;
    const tick = (): void => {
      draw();
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [player, active]);
  return (
    <span
      ref={rootRef}
      className={`rb-meter${state.loading ? ' is-buffering' : ''}`}
      data-testid="output-meter"
      data-source={state.playing ? state.source : undefined}
      role="meter"
      aria-label="Output level"
      aria-valuemin={FLOOR_DB}
      aria-valuemax={0}
      title={state.loading ? 'Buffering…' : state.source === 'stream' ? 'Streaming' : 'Output level'}
    >
      <span ref={barRef} className="rb-meter-bar" />
    </span>
  );
}
