/**
 * `/r/<roomId>?token=…`: look the room up with the link's token, ask for a name on first visit,
 * then open it. A visit without a token falls back to the link this browser last opened it with.
 */
import { useEffect, useState } from 'react';
import { CLOSE, isSpotlightOn, type Role } from '@riffboard/shared';
import { findRecentRoom } from '../room/recentRooms.ts';
import { tokenFromLocation } from './route.ts';
import { useRoomInfo } from '../room/useRoomInfo.ts';
import { RoomContext, usePeers, useRoomConnection, useRoomSnapshot } from '../room/roomHooks.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { trackIdle, type PresenceUser } from '../room/presence.ts';
import { publishHearing } from '../hearing/publishHearing.ts';
import { publishRecording } from '../recording/publishRecording.ts';
import { roomPlayAlong } from '../playalong/roomPlayAlong.ts';
import { roomPendingTakes } from '../recording/roomPendingTakes.ts';
import { PendingTakesBadge } from '../layout/PendingTakesBadge.tsx';
import { useReferences } from '../references/referencesHooks.ts';
import { readIdentity } from '../identity/identity.ts';
import { NameDialog } from '../layout/NameDialog.tsx';
import { BoardCanvas } from '../board/BoardCanvas.tsx';
import { RoomLayout } from '../layout/RoomLayout.tsx';
import { TopBar } from '../layout/TopBar.tsx';
import { ConnectionBadge } from '../layout/ConnectionBadge.tsx';
import { WhoIsHere } from '../layout/WhoIsHere.tsx';
import { ShareControl } from '../layout/ShareDialog.tsx';
import { RoomTitle } from '../layout/RoomTitle.tsx';
import { ViewOnlyBadge } from '../layout/ViewOnlyBadge.tsx';
import { ProfileDialog } from '../layout/ProfileDialog.tsx';
import { FollowContext, FollowState, publishFollowing, useLeader } from '../board/followState.ts';
import { SpotlightFollower } from '../board/SpotlightFollower.tsx';
import { SpotlightControl } from '../layout/SpotlightControl.tsx';
import { useFacilitationView } from '../facilitation/facilitationHooks.ts';
import { MessagePage } from './MessagePage.tsx';
import { TopBarTimer } from '../layout/TopBarTimer.tsx';
import { LockBanner } from '../layout/LockBanner.tsx';
import { useNewRelease } from './serviceWorker.ts';
import { TimerCueOverlay } from '../layout/TimerCueOverlay.tsx';

export function RoomPage({ roomId }: { roomId: string }) {
  const [attempt, setAttempt] = useState(0);
  const [token] = useState(() => tokenFromLocation(window.location) ?? findRecentRoom(roomId)?.token ?? null);
  const info = useRoomInfo(roomId, token, attempt);
  if (info.kind === 'loading')
    return (
      <div className="rb-fullscreen-status" role="status">
        Opening the room…
      </div>
    );
  if (info.kind === 'notFound') {
    return (
      <MessagePage title="No such room">
        There is no room at this address. Check the link you were sent, or create a new room from the home page.
      </MessagePage>
    );
  }
  if (info.kind === 'refused') {
    return <MessagePage title="This link doesn’t open the room">{info.message}</MessagePage>;
  }
  if (info.kind === 'unreachable') {
    return (
      <MessagePage
        title="Can’t reach Riffboard"
        actions={
          <button type="button" className="rb-button rb-button-primary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      >
        The server isn’t answering and this room hasn’t been opened on this device before, so there is no local copy to show.
      </MessagePage>
    );
  }
  return <OpenRoom roomId={roomId} token={token} role={info.role} title={info.info.title} />;
}

function OpenRoom({ roomId, token, role, title }: { roomId: string; token: string | null; role: Role; title: string }) {
  const [user, setUser] = useState<PresenceUser | null>(readIdentity);
  const [editingProfile, setEditingProfile] = useState(false);
  const [follow] = useState(() => new FollowState());
  const room = useRoomConnection(roomId, token, role, user);
  useEffect(() => (room ? trackIdle(room.provider.awareness) : undefined), [room]);
  useEffect(() => (room ? publishHearing(room) : undefined), [room]);
  useEffect(() => (room ? publishRecording(room) : undefined), [room]);
  // Placed references play with the click from the moment the room opens, whichever panel is shown.
  useEffect(() => void (room && roomPlayAlong(room)), [room]);
  // Takes an earlier page left on this device upload from the moment the room opens.
  useEffect(() => void (room && roomPendingTakes(room)), [room]);
  useEffect(() => (room ? publishFollowing(follow, room.provider.awareness) : undefined), [room, follow]);
  if (!room) return null;
  return (
    <RoomContext.Provider value={room}>
      <FollowContext.Provider value={follow}>
        <RoomLayout
          topBar={<RoomTopBar room={room} title={title} follow={follow} onEditSelf={() => setEditingProfile(true)} />}
          banner={
            <>
              <ReleaseBanner />
              <RoomBanner room={room} />
              <LockBanner />
            </>
          }
        >
          <BoardCanvas />
        </RoomLayout>
        <TimerCueOverlay />
        <SpotlightFollower />
        {!user && <NameDialog onDone={setUser} />}
        {user && editingProfile && <ProfileDialog user={user} onSave={setUser} onClose={() => setEditingProfile(false)} />}
      </FollowContext.Provider>
    </RoomContext.Provider>
  );
}

function RoomTopBar({
  room,
  title,
  follow,
  onEditSelf,
}: {
  room: RoomConnection;
  title: string;
  follow: FollowState;
  onEditSelf: () => void;
}) {
  const { status } = useRoomSnapshot(room);
  const peers = usePeers(room);
  const refs = useReferences(room);
  const leader = useLeader();
  const { spotlight } = useFacilitationView();
  return (
    <TopBar title={<RoomTitle lookedUpTitle={title} />}>
      <TopBarTimer />
      <SpotlightControl />
      {room.role === 'viewer' && <ViewOnlyBadge />}
      <ConnectionBadge status={status} />
      <PendingTakesBadge room={room} />
      <WhoIsHere
        peers={peers}
        selfRole={room.role}
        leader={leader}
        spotlightLeader={isSpotlightOn(spotlight) ? spotlight.leader : null}
        onFollow={(id) => (id === null ? follow.stop() : follow.start(id))}
        onEditSelf={onEditSelf}
        referenceTitle={(id) => refs.find((r) => r.id === id)?.title}
      />
      <ShareControl roomId={room.roomId} token={room.token} role={room.role} />
    </TopBar>
  );
}

/** A new release took over this tab's offline shell: the code running here is the previous one. */
function ReleaseBanner() {
  if (!useNewRelease()) return null;
  return (
    <div className="rb-banner rb-banner-info" role="status" data-testid="release-banner">
      A new version of Riffboard is ready. Reload to use it; your changes are kept.
      <button type="button" className="rb-button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

/** Refusals a reload cures: the tab and the server were built for different document schemas. */
const RELOAD_FIXES: ReadonlySet<number> = new Set([CLOSE.clientOutdated.code, CLOSE.serverOutdated.code]);

/** A refusal from the server, in the CLOSE table's words, or a notice until it is dismissed. */
function RoomBanner({ room }: { room: RoomConnection }) {
  const { status, notice } = useRoomSnapshot(room);
  if (status.kind === 'closed')
    return (
      <div className="rb-banner" role="alert">
        {status.message}
        {RELOAD_FIXES.has(status.code) && (
          <button type="button" className="rb-button" onClick={() => window.location.reload()}>
            Reload
          </button>
        )}
      </div>
    );
  if (!notice) return null;
  return (
    <div className="rb-banner" role="alert">
      {notice}
      <button type="button" className="rb-button" onClick={() => room.dismissNotice()}>
        Dismiss
      </button>
    </div>
  );
}
