/** Rooms this browser opened before, newest first. */
import type { RecentRoom } from '../room/recentRooms.ts';
import { roomPath } from '../app/route.ts';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function lastOpened(ms: number, now = Date.now()): string {
  const minutes = Math.round((ms - now) / 60000);
  if (minutes > -1) return 'just now';
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days > -30) return relative.format(days, 'day');
  return new Date(ms).toLocaleDateString();
}

export function RecentRooms({ rooms, onForget }: { rooms: readonly RecentRoom[]; onForget: (roomId: string) => void }) {
  return (
    <section className="rb-card rb-recent" aria-labelledby="rb-recent-title">
      <h2 id="rb-recent-title">Recent rooms</h2>
      {rooms.length === 0 ? (
        <p className="rb-muted rb-empty">
          Rooms you open on this device show up here. Create a room above, or open a link a bandmate sent you.
        </p>
      ) : (
        <ul className="rb-recent-list">
          {rooms.map((r) => (
            <li key={r.roomId}>
              <a href={roomPath(r.roomId, r.token)} className="rb-recent-link">
                <span className="rb-recent-title">{r.title || 'Untitled room'}</span>
                <span className="rb-muted rb-recent-time">Opened {lastOpened(r.lastOpened)}</span>
              </a>
              <button
                type="button"
                className="rb-icon-button"
                aria-label={`Remove ${r.title} from recent rooms`}
                title="Remove from this list"
                onClick={() => onForget(r.roomId)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
