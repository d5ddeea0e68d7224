/** Feed groups: a person and when, then one button per sentence that goes to what it is about. */
import type { FeedGroup } from '@riffboard/shared';
import { goToActivity } from '../../activity/activityNavigation.ts';
import { whenText } from './whenText.ts';

export function FeedGroups({ groups, onOpen }: { groups: readonly FeedGroup[]; onOpen: (itemId: string) => void }) {
  return (
    <ol className="rb-activity-groups">
      {groups.map((g) => (
        <li key={g.key} className="rb-activity-group" data-person={g.personId}>
          <div className="rb-activity-who">
            <span className={`rb-activity-avatar${g.isYou ? ' rb-activity-avatar-you' : ''}`} aria-hidden="true">
              {g.who.slice(0, 1).toUpperCase()}
            </span>
            <span className="rb-activity-name">{g.who}</span>
            <time className="rb-activity-time" dateTime={new Date(g.to).toISOString()} title={new Date(g.to).toLocaleString()}>
              {whenText(g.to)}
            </time>
          </div>
          <ul className="rb-activity-lines">
            {g.lines.map((l) => {
              const first = l.targets[0];
              const gone = l.verb === 'removed';
              return (
                <li key={l.key}>
                  <button
                    type="button"
                    className="rb-activity-line"
                    data-testid="activity-line"
                    disabled={!first || gone}
                    title={gone ? 'This is gone from the room.' : 'Go there'}
                    onClick={() => {
                      if (!first) return;
                      for (const t of l.targets) onOpen(t.itemId);
                      goToActivity(first);
                    }}
                  >
                    {l.text}
                  </button>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}
