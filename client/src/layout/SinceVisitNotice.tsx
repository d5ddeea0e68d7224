/**
 * On opening a room: a short notice over the canvas when other people changed things since your
 * last visit, with the way to see them (the Activity panel, which lists them) or to mark them seen.
 * It leaves the side panels closed: opening one is the person's choice.
 */
import { useState } from 'react';
import { useSinceVisit } from '../activity/activityHooks.ts';

export function SinceVisitNotice() {
  const { state, store } = useSinceVisit();
  const [hidden, setHidden] = useState(false);
  const s = state.summary;
  if (hidden || state.dismissed || !s || s.entries.length === 0) return null;
  const names = [...new Set(s.groups.map((g) => g.who))];
  const who = names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  return (
    <div className="rb-since-notice" role="status" data-testid="since-notice">
      <span>
        Since you were last here, <strong>{who}</strong> made {s.entries.length === 1 ? 'one change' : `${s.entries.length} changes`}.
      </span>
      <button
        type="button"
        className="rb-button rb-button-primary"
        onClick={() => {
          setHidden(true);
          window.dispatchEvent(new CustomEvent('rb:open-panel', { detail: 'activity' }));
        }}
      >
        Show
      </button>
      <button type="button" className="rb-button" onClick={() => void store.markAllSeen()}>
        Mark as seen
      </button>
    </div>
  );
}
