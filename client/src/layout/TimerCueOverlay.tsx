/**
 * The visual side of the countdown's cues, big enough to read across a room: "Time's up" with the
 * item's name when the end chime sounds, and a smaller "1 minute left". Shown whether or not this
 * tab could play the sound. Also lists the cues this tab handled (kind, server time, audio-clock
 * time) as data attributes, which is how the browser tests see that the chime fired everywhere.
 */
import { useEffect, useState } from 'react';
import { useCueLog, useFacilitation, useFacilitationView } from '../facilitation/facilitationHooks.ts';

const SHOW_MS = 6000;

export function TimerCueOverlay() {
  const f = useFacilitation();
  const log = useCueLog();
  const view = useFacilitationView();
  const last = log[log.length - 1];
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const key = last ? `${last.kind}@${last.serverMs}` : null;
  const age = last ? f.serverNow() - last.serverMs : Infinity;
  const visible = last !== undefined && last.silentBecause !== 'missed' && age > -150 && age < SHOW_MS && dismissed !== key;
  useEffect(() => {
    if (!last) return;
    // Re-render when the cue's moment arrives and when it should disappear.
    const timers = [Math.max(0, -age) + 20, Math.max(0, SHOW_MS - age) + 20].map((ms) =>
      window.setTimeout(() => setTick((n) => n + 1), ms),
    );
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, [last, age]);
  const item = view.agenda.items.find((i) => i.id === view.timer.itemId);
  return (
    <>
      <ul hidden data-testid="cue-log">
        {log.map((e) => (
          <li
            key={`${e.kind}@${e.serverMs}`}
            data-kind={e.kind}
            data-server-ms={e.serverMs}
            data-context-time={e.contextTime ?? ''}
            data-silent={e.silentBecause ?? ''}
          />
        ))}
      </ul>
      {visible && age >= 0 && (
        <div
          className={`rb-cue-overlay rb-cue-${last.kind}`}
          role="alert"
          data-testid="cue-overlay"
          data-kind={last.kind}
          onClick={() => setDismissed(key)}
        >
          <div className="rb-cue-title">{last.kind === 'end' ? 'Time’s up' : '1 minute left'}</div>
          {item && <div className="rb-cue-item">{item.title}</div>}
          <div className="rb-cue-hint">Click to dismiss</div>
        </div>
      )}
    </>
  );
}
