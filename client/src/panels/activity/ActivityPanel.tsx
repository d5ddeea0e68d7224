/**
 * The Activity side panel: what changed since you were last here (until you mark it seen), then
 * the room's feed as sentences grouped by person and time, then credits. Each line is a button
 * that takes you to what it is about (the canvas zooms to the shape, or the panel opens on it).
 * It polls while open (see activity/activityFeed.ts).
 */
import { buildFeed } from '@riffboard/shared';
import { useActivityFeed, useSinceVisit } from '../../activity/activityHooks.ts';
import { FeedGroups } from './FeedGroups.tsx';
import { CreditsList } from './CreditsList.tsx';
import { SinceVisitCard } from './SinceVisitCard.tsx';
import '../../styles/activity.css';

export function ActivityPanel() {
  const { state, feed } = useActivityFeed();
  const since = useSinceVisit();
  const groups = buildFeed(state.entries, state.you ? { you: state.you } : {});
  return (
    <div className="rb-activity-panel" data-testid="activity-panel">
      <SinceVisitCard state={since.state} onSeen={() => void since.store.markAllSeen()} onOpen={(id) => since.store.markItemSeen(id)} />
      <section className="rb-activity-section" aria-label="Activity">
        <h3 className="rb-activity-heading">Activity</h3>
        {state.error && (
          <p className="rb-activity-error" role="status">
            {state.error}
          </p>
        )}
        {!state.loaded ? (
          <p className="rb-activity-empty">Loading what happened in this room…</p>
        ) : groups.length === 0 ? (
          <p className="rb-activity-empty" data-testid="activity-empty">
            Nothing has happened here yet. Add an image to the board, a section to the tempo map or an idea to the backlog, and it shows up
            here under your name, so everybody can see who did what.
          </p>
        ) : (
          <FeedGroups groups={groups} onOpen={(id) => since.store.markItemSeen(id)} />
        )}
        {state.next !== null && (
          <button type="button" className="rb-button rb-activity-more" onClick={() => void feed.loadOlder()}>
            Show older activity
          </button>
        )}
      </section>
      {state.credits.length > 0 && <CreditsList credits={state.credits} you={state.you} />}
    </div>
  );
}
