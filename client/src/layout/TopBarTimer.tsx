/**
 * The current agenda item and its time left, in the top bar for everybody whatever panel is open
 * (F3). Amber in the last minute, red when time is up; a click opens the agenda. When the browser
 * still blocks sound (autoplay rules), it says that a click anywhere turns the cues on. While this
 * tab's server-clock estimate is too loose to tell the time left (F12: just joined, or a page
 * starved of CPU), it says "syncing clock…" instead of showing a number that may be seconds off.
 */
import { formatRemaining } from '@riffboard/shared';
import { useAudioRunning } from '../transport/transportHooks.ts';
import { useFacilitation, useFacilitationView, useTimeLeft } from '../facilitation/facilitationHooks.ts';
import { WARNING_BEFORE_MS } from '../facilitation/roomFacilitation.ts';

export function TopBarTimer() {
  const f = useFacilitation();
  const view = useFacilitationView();
  const left = useTimeLeft();
  const audioOn = useAudioRunning(f.transport);
  const item = view.agenda.items.find((i) => i.id === (view.timer.itemId ?? view.agenda.currentId));
  if (!item && view.timer.durationMs === 0) return null;
  const state = !view.timer.running
    ? 'paused'
    : !left.ready
      ? 'syncing'
      : left.ms <= 0
        ? 'ended'
        : left.ms <= WARNING_BEFORE_MS
          ? 'warning'
          : 'running';
  const stateLabel = { paused: 'paused', syncing: 'syncing clock', ended: 'time is up', warning: 'last minute', running: 'running' }[state];
  const shown = state === 'syncing' ? 'syncing clock…' : formatRemaining(left.ms);
  const title =
    state === 'syncing'
      ? `${item?.title ?? 'Countdown'}: running; the time left shows once this device knows the room's time. Open the agenda.`
      : `${item?.title ?? 'Countdown'}: ${formatRemaining(left.ms)} left, ${stateLabel}${view.snapped ? ', ends on the bar' : ''}. Open the agenda.`;
  return (
    <button
      type="button"
      className={`rb-topbar-timer rb-topbar-timer-${state}`}
      data-testid="topbar-timer"
      data-state={state}
      data-remaining-ms={state === 'syncing' ? undefined : Math.round(left.ms * 10) / 10}
      data-at-epoch-ms={left.atEpochMs}
      data-server-minus-local-ms={Math.round(left.serverMinusLocalMs * 10) / 10}
      data-clock-bound-ms={left.clockBoundMs === undefined ? undefined : Math.round(left.clockBoundMs * 100) / 100}
      data-item={item?.title ?? ''}
      title={title}
      onClick={() => window.dispatchEvent(new CustomEvent('rb:open-panel', { detail: 'agenda' }))}
    >
      <span className="rb-topbar-timer-item">{item?.title ?? 'Countdown'}</span>
      <span className="rb-topbar-timer-time" aria-live="off">
        {state === 'paused' && <span className="rb-topbar-timer-paused-mark">paused </span>}
        {shown}
      </span>
      {view.snapped && (
        <span className="rb-topbar-timer-bar" title="Ends on the next bar line of the shared transport">
          on the bar
        </span>
      )}
      {view.timer.running && !audioOn && (
        <span className="rb-topbar-timer-muted" data-testid="cue-audio-locked">
          sound off — click anywhere
        </span>
      )}
    </button>
  );
}
