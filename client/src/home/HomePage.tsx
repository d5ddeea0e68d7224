/** `/`: what Riffboard is, one button to start a room, and the rooms this browser opened. */
import { useState, type FormEvent } from 'react';
import { createRoom } from '../room/roomApi.ts';
import { forgetRoom, readRecentRooms, rememberRoom, type RecentRoom } from '../room/recentRooms.ts';
import { roomPath } from '../app/route.ts';
import { Logo } from '../ui/Logo.tsx';
import { RecentRooms } from './RecentRooms.tsx';
import { ImportRoom } from './ImportRoom.tsx';

export function HomePage() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<RecentRoom[]>(readRecentRooms);
  const [title, setTitle] = useState('');

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const room = await createRoom(title.trim() || undefined);
      // The creator runs the room: open it with the facilitator link.
      const link = room.links.facilitator ?? roomPath(room.roomId);
      rememberRoom(room.roomId, room.title);
      window.location.assign(link);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const forget = (roomId: string): void => {
    forgetRoom(roomId);
    setRecent(readRecentRooms());
  };

  return (
    <div className="rb-home">
      <header className="rb-home-header">
        <Logo size="large" />
      </header>
      <main className="rb-home-main">
        <section className="rb-hero">
          <h1>Sketch the song together, live.</h1>
          <p className="rb-pitch">
            A shared canvas for your band’s references, ideas and song form — everyone sees every change the moment it happens, even after a
            flaky connection.
          </p>
          <form className="rb-create" onSubmit={(e) => void create(e)}>
            <input
              className="rb-create-title"
              aria-label="Room name (optional)"
              placeholder="Name it: song, session, gig… (optional)"
              maxLength={120}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <button type="submit" className="rb-button rb-button-primary rb-button-big" disabled={busy}>
              {busy ? 'Creating your room…' : 'Create a room'}
            </button>
          </form>
          {error && (
            <p className="rb-error" role="alert">
              {error}
            </p>
          )}
          <p className="rb-muted rb-hint">No account needed. Share the room’s link and anyone can join with a name.</p>
        </section>
        <div className="rb-home-side">
          <RecentRooms rooms={recent} onForget={forget} />
          <ImportRoom />
        </div>
        <ul className="rb-features" aria-label="What you get">
          <li>
            <strong>One moodboard for the band</strong>
            <span className="rb-muted">Drop notes, sketches, arrows and frames on an infinite canvas everyone edits at once.</span>
          </li>
          <li>
            <strong>See who’s jamming</strong>
            <span className="rb-muted">Live cursors with names, and who is in the room right now.</span>
          </li>
          <li>
            <strong>Keeps going offline</strong>
            <span className="rb-muted">Your board lives on your device too; edits made on a train merge when you’re back.</span>
          </li>
        </ul>
      </main>
    </div>
  );
}
