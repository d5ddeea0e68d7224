/** `/`: what Riffboard is, one button to start a room, and the rooms this browser opened. */
import { useState } from 'react';
import { createRoom } from '../room/roomApi.ts';
import { forgetRoom, readRecentRooms, rememberRoom, type RecentRoom } from '../room/recentRooms.ts';
import { roomPath } from '../app/route.ts';
import { Logo } from '../layout/Logo.tsx';
import { RecentRooms } from './RecentRooms.tsx';

export function HomePage() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<RecentRoom[]>(readRecentRooms);

  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const room = await createRoom();
      rememberRoom(room.roomId, room.title);
      window.location.assign(roomPath(room.roomId));
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
          <p className="rb-pitch">A shared canvas for your band’s references, ideas and song form — everyone sees every change the moment it happens, even after a flaky connection.</p>
          <button type="button" className="rb-button rb-button-primary rb-button-big" onClick={() => void create()} disabled={busy}>
            {busy ? 'Creating your room…' : 'Create a room'}
          </button>
          {error && (
            <p className="rb-error" role="alert">
              {error}
            </p>
          )}
          <p className="rb-muted rb-hint">No account needed. Share the room’s link and anyone can join with a name.</p>
        </section>
        <RecentRooms rooms={recent} onForget={forget} />
      </main>
    </div>
  );
}
