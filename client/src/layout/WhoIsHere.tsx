/**
 * Avatars of everyone in the room, you first. Each shows the person's colour, a corner glyph for
 * their role (as the server stamped it, never as a client claims), and is dimmed when they're
 * idle; a small mark in the leader's colour shows whom they follow (the facilitator's spotlight,
 * F9, or a person they clicked). Hovering or focusing shows a card with name, role, open panel and
 * activity. Clicking your own avatar edits your name and colour; clicking someone else's follows
 * their view. A note badge on the avatar shows who is playing; the card says what they hear (the
 * song, which references after their own mix, click muted) and their output latency (MX7). A red
 * dot shows who is recording a take right now (backlog SPEC B11).
 */
import { isPlaying, ROLE_LABEL, type Hearing, type Role } from '@riffboard/shared';
import type { Peer } from '../room/presence.ts';
import { initials } from '../identity/identity.ts';
import { RoleIcon } from './roleCopy.tsx';
import { PHONE_QUERY, useMediaQuery } from '../ui/useMediaQuery.ts';

/** Avatars before the rest fold into "+n". */
const SHOWN = 6;
/** A phone's top bar also needs room for the title and Share: three circles at most, "+n" included. */
const CIRCLES_ON_PHONE = 3;

/** Panel ids are short words (`backlog`, `tempo`); shown as a title. */
function panelName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]/g, ' ');
}

function activity(p: Peer, leader: Peer | undefined, spotlightLeader: number | null): string {
  const where = p.panel ? `${panelName(p.panel)} panel open` : 'on the board';
  const follows = !leader
    ? null
    : leader.clientId === spotlightLeader
      ? `in ${leader.user.name}’s spotlight`
      : `following ${leader.user.name}`;
  return [p.recording ? 'recording a take' : null, p.idle ? 'idle' : null, follows, where].filter(Boolean).join(' · ');
}

/** What someone hears, in words: "hears the song and “Bass” · click muted · 40 ms output latency". */
export function hearingText(h: Hearing | null, referenceTitle: (id: string) => string | undefined): string | null {
  if (!h) return null;
  const what = [h.song ? 'the song' : null, ...h.references.map((id) => `“${referenceTitle(id) ?? 'a reference'}”`)].filter(Boolean);
  return [
    isPlaying(h) ? `hears ${what.join(' and ')}` : 'not playing',
    h.clickMuted ? 'click muted' : null,
    h.latencyMs === null ? null : `${h.latencyMs} ms output latency`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function WhoIsHere({
  peers,
  selfRole,
  leader,
  spotlightLeader,
  onFollow,
  onEditSelf,
  referenceTitle = () => undefined,
}: {
  peers: readonly Peer[];
  selfRole: Role;
  leader: number | null;
  /** Whose spotlight is on (F9), if anyone's. */
  spotlightLeader: number | null;
  onFollow: (clientId: number | null) => void;
  onEditSelf: () => void;
  /** A reference's title, to say what someone is hearing. */
  referenceTitle?: (id: string) => string | undefined;
}) {
  const phone = useMediaQuery(PHONE_QUERY);
  const limit = phone && peers.length > CIRCLES_ON_PHONE ? CIRCLES_ON_PHONE - 1 : SHOWN;
  const shown = peers.slice(0, limit);
  const more = peers.length - shown.length;
  return (
    <ul className="rb-people" aria-label="Who is here" data-testid="who-is-here">
      {shown.map((p) => {
        const role = p.isSelf ? selfRole : p.role;
        const following = p.clientId === leader;
        const theirLeader = p.following === null ? undefined : peers.find((q) => q.clientId === p.following);
        const doing = activity(p, theirLeader, spotlightLeader);
        const hears = hearingText(p.hearing, referenceTitle);
        const playing = p.hearing !== null && isPlaying(p.hearing);
        const label = [p.isSelf ? `${p.user.name} (you)` : p.user.name, role ? ROLE_LABEL[role] : null, doing, hears]
          .filter(Boolean)
          .join(', ');
        const action = p.isSelf ? 'Change your name and colour' : following ? `Stop following ${p.user.name}` : `Follow ${p.user.name}`;
        return (
          <li
            key={p.clientId}
            className="rb-person"
            data-name={p.user.name}
            data-role={role ?? ''}
            data-idle={p.idle ? 'true' : 'false'}
            data-panel={p.panel ?? ''}
            data-following={theirLeader?.user.name ?? ''}
            data-playing={playing ? 'true' : 'false'}
            data-click-muted={p.hearing?.clickMuted ? 'true' : 'false'}
            data-latency-ms={p.hearing?.latencyMs ?? ''}
            data-hearing={hears ?? ''}
            data-recording={p.recording ? 'true' : 'false'}
          >
            <button
              type="button"
              className={`rb-avatar${p.idle ? ' rb-avatar-idle' : ''}${following ? ' rb-avatar-following' : ''}${p.isSelf ? ' rb-avatar-self' : ''}`}
              style={{
                background: p.user.color,
                ...(following ? { boxShadow: `0 0 0 2px var(--rb-surface), 0 0 0 4px ${p.user.color}` } : {}),
              }}
              onClick={() => (p.isSelf ? onEditSelf() : onFollow(following ? null : p.clientId))}
              aria-label={`${label}. ${action}`}
              aria-pressed={p.isSelf ? undefined : following}
            >
              <span aria-hidden="true">{initials(p.user.name)}</span>
              {role && (
                <span className={`rb-avatar-role rb-avatar-role-${role}`} aria-hidden="true">
                  <RoleIcon role={role} size={9} />
                </span>
              )}
              {playing && (
                <span className={`rb-avatar-hearing${p.hearing?.clickMuted ? ' is-click-muted' : ''}`} aria-hidden="true">
                  ♪
                </span>
              )}
              {p.recording && <span className="rb-avatar-recording" aria-hidden="true" />}
              {theirLeader && (
                <span className="rb-avatar-follows" style={{ background: theirLeader.user.color }} aria-hidden="true">
                  <svg viewBox="0 0 10 10" width="8" height="8">
                    <path d="M2 8L8 2M4 2h4v4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                  </svg>
                </span>
              )}
            </button>
            <div className="rb-person-card" aria-hidden="true">
              <span className="rb-person-card-dot" style={{ background: p.user.color }} />
              <div>
                <strong>
                  {p.user.name}
                  {p.isSelf ? ' (you)' : ''}
                </strong>
                <span className="rb-person-card-meta">
                  {role ? ROLE_LABEL[role] : 'Joining…'} · {doing}
                </span>
                {hears && <span className="rb-person-card-meta rb-person-card-hearing">{hears}</span>}
                <span className="rb-person-card-action">{action}</span>
              </div>
            </div>
          </li>
        );
      })}
      {more > 0 && (
        <li className="rb-person">
          <span
            className="rb-avatar rb-avatar-more"
            title={peers
              .slice(shown.length)
              .map((p) => p.user.name)
              .join(', ')}
          >
            +{more}
          </span>
        </li>
      )}
    </ul>
  );
}
