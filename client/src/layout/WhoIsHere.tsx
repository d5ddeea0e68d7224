/** Avatars of everyone in the room, you first. Names are in the tooltip and for screen readers. */
import type { Peer } from '../room/presence.ts';
import { initials } from '../identity/identity.ts';

const SHOWN = 5;

export function WhoIsHere({ peers }: { peers: readonly Peer[] }) {
  const shown = peers.slice(0, SHOWN);
  const more = peers.length - shown.length;
  return (
    <ul className="rb-people" aria-label="Who is here" data-testid="who-is-here">
      {shown.map((p) => {
        const label = p.isSelf ? `${p.user.name} (you)` : p.user.name;
        return (
          <li key={p.clientId} className="rb-avatar" style={{ background: p.user.color }} title={label} data-name={p.user.name}>
            <span aria-hidden="true">{initials(p.user.name)}</span>
            <span className="rb-visually-hidden">{label}</span>
          </li>
        );
      })}
      {more > 0 && (
        <li className="rb-avatar rb-avatar-more" title={peers.slice(SHOWN).map((p) => p.user.name).join(', ')}>
          +{more}
        </li>
      )}
    </ul>
  );
}
