/**
 * The connection state in one word, with the reason on hover when there is one. On a phone a
 * connected room shows only the green dot (the word stays for screen readers); every other state
 * keeps its word, because that is when it matters.
 */
import type { ConnectionStatus } from '../room/RoomConnection.ts';

const LABEL: Record<ConnectionStatus['kind'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

const HINT: Record<ConnectionStatus['kind'], string> = {
  connecting: 'Connecting to the room…',
  connected: 'Live: your edits reach everyone in the room.',
  reconnecting: 'Reconnecting — keep working, your edits are saved on this device.',
  offline: 'Offline — keep working, your edits are saved on this device and sync when you reconnect.',
  closed: 'Disconnected.',
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const hint = 'message' in status && status.message ? status.message : HINT[status.kind];
  return (
    // On a phone, "Connected" shrinks to its dot (theme.css); any other state keeps its words.
    <span
      className={`rb-badge rb-badge-${status.kind}${status.kind === 'connected' ? ' rb-icon-when-narrow' : ''}`}
      data-testid="connection-badge"
      data-status={status.kind}
      title={hint}
    >
      <span className="rb-badge-dot" aria-hidden="true" />
      <span className="rb-badge-label rb-narrow-words">{LABEL[status.kind]}</span>
    </span>
  );
}
