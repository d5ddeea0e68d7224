/** The current item's countdown, big, with start/pause/resume, extend, reset, previous/next, end on the bar, and the lock. */
import { useState } from 'react';
import { formatRemaining } from '@riffboard/shared';
import { useBoardLock } from '../../room/roomHooks.ts';
import { readIdentity } from '../../identity/identity.ts';
import { useFacilitation, useFacilitationActions, useFacilitationView, useTimeLeft } from '../../facilitation/facilitationHooks.ts';
import { useTransportView } from '../../transport/transportHooks.ts';
import { LockIcon } from '../../ui/LockIcon.tsx';

export function CountdownCard({ isFacilitator }: { isFacilitator: boolean }) {
  const f = useFacilitation();
  const view = useFacilitationView();
  const left = useTimeLeft();
  const act = useFacilitationActions();
  const lock = useBoardLock();
  const transport = useTransportView(f.transport);
  const [custom, setCustom] = useState('2');
  const { agenda, timer } = view;
  const current = agenda.items.find((i) => i.id === (timer.itemId ?? agenda.currentId));
  const index = agenda.items.findIndex((i) => i.id === agenda.currentId);
  const started = timer.running || timer.elapsedMs > 0;
  // Nothing to time yet: participants see the agenda's empty state, not a blank clock.
  if (!isFacilitator && !current && timer.durationMs === 0) return null;
  return (
    <section className="rb-countdown" aria-label="Countdown" data-testid="countdown">
      <div className="rb-countdown-item">{current ? current.title : 'No item selected'}</div>
      <div
        className={`rb-countdown-time${timer.running && left.ready && left.ms <= 0 ? ' rb-countdown-ended' : ''}${left.ready ? '' : ' rb-countdown-syncing'}`}
        data-testid="countdown-time"
      >
        {left.ready ? formatRemaining(left.ms) : 'syncing clock…'}
      </div>
      <div className="rb-countdown-state">
        {timer.running ? (left.ready && left.ms <= 0 ? 'Time is up' : 'Running') : started ? 'Paused' : 'Ready'}
        {view.snapped && ' · ends on the bar'}
      </div>
      {isFacilitator && (
        <>
          <div className="rb-countdown-controls">
            <button type="button" className="rb-button" onClick={act.previous} disabled={index <= 0} aria-label="Previous item">
              ◀
            </button>
            {timer.running ? (
              <button type="button" className="rb-button rb-button-primary" onClick={act.pause}>
                Pause
              </button>
            ) : started ? (
              <button type="button" className="rb-button rb-button-primary" onClick={act.resume}>
                Resume
              </button>
            ) : (
              <button type="button" className="rb-button rb-button-primary" onClick={act.start} disabled={!current}>
                Start
              </button>
            )}
            <button
              type="button"
              className="rb-button"
              onClick={act.next}
              disabled={index < 0 || index >= agenda.items.length - 1}
              aria-label="Next item"
            >
              ▶
            </button>
            <button type="button" className="rb-button" onClick={act.reset} disabled={!started}>
              Reset
            </button>
          </div>
          <div className="rb-countdown-controls">
            <button type="button" className="rb-button" onClick={() => act.extend(1)} disabled={timer.durationMs === 0}>
              +1 min
            </button>
            <button type="button" className="rb-button" onClick={() => act.extend(5)} disabled={timer.durationMs === 0}>
              +5 min
            </button>
            <form
              className="rb-countdown-custom"
              onSubmit={(e) => {
                e.preventDefault();
                const n = Number(custom);
                if (Number.isFinite(n) && n > 0) act.extend(n);
              }}
            >
              <input
                aria-label="Minutes to add"
                type="number"
                min={1}
                max={120}
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
              />
              <button type="submit" className="rb-button" disabled={timer.durationMs === 0}>
                Add
              </button>
            </form>
          </div>
          <label
            className="rb-countdown-bar"
            title="While the shared transport plays, the timebox ends on the next bar line, with the chime on the downbeat."
          >
            <input type="checkbox" checked={timer.endOnBar} onChange={(e) => act.setEndOnBar(e.target.checked)} /> End on the bar
            <span className="rb-countdown-hint">
              {transport.state.playback.playing ? 'the transport is playing' : 'applies while the shared transport plays'}
            </span>
          </label>
          <button
            type="button"
            className={`rb-button rb-lock-button${lock.locked ? ' rb-lock-on' : ''}`}
            onClick={() => (lock.locked ? act.unlock() : act.lock(readIdentity()?.name ?? 'The facilitator'))}
          >
            <LockIcon open={lock.locked} />
            {lock.locked ? 'Unlock the board' : 'Lock the board'}
          </button>
        </>
      )}
    </section>
  );
}
