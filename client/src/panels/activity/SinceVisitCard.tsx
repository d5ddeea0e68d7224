/**
 * "Since you were last here": what other people changed after your last visit, grouped like the
 * feed, with the changed items marked on the board and in the panels until you open them or mark
 * everything seen.
 */
import type { SinceState } from '../../activity/sinceVisit.ts';
import { FeedGroups } from './FeedGroups.tsx';
import { whenText } from './whenText.ts';

export function SinceVisitCard({ state, onSeen, onOpen }: { state: SinceState; onSeen: () => void; onOpen: (itemId: string) => void }) {
  const s = state.summary;
  if (!s || s.lastHere === null || s.entries.length === 0 || state.dismissed) return null;
  const changes = s.entries.length;
  return (
    <section className="rb-activity-since" aria-label="Since you were last here" data-testid="since-visit">
      <div className="rb-activity-since-head">
        <h3 className="rb-activity-heading">Since you were last here</h3>
        <span className="rb-activity-time">{whenText(s.lastHere)}</span>
      </div>
      <p className="rb-activity-since-sum">
        {s.people === 1 ? 'One person' : `${s.people} people`} made {changes === 1 ? 'one change' : `${changes} changes`}
        {state.truncated ? ' (the latest are shown)' : ''}. Changed things are marked with a dot until you open them.
      </p>
      <FeedGroups groups={s.groups} onOpen={onOpen} />
      <button type="button" className="rb-button rb-button-primary rb-activity-seen" onClick={onSeen}>
        Mark all as seen
      </button>
    </section>
  );
}
