/**
 * In the top bar while recorded takes are still on this device only, so nobody closes the tab
 * thinking a take is safe: how many, and whether one was refused (details in the idea's takes).
 */
import type { RoomConnection } from '../room/RoomConnection.ts';
import { usePendingTakes } from '../recording/roomPendingTakes.ts';

export function PendingTakesBadge({ room }: { room: RoomConnection }) {
  const pending = usePendingTakes(room);
  if (pending.length === 0) return null;
  const refused = pending.filter((t) => t.status.kind === 'refused').length;
  const uploading = pending.find((t) => t.status.kind === 'delivering');
  const n = pending.length;
  const label =
    refused > 0
      ? `${refused} take${refused > 1 ? 's' : ''} refused`
      : uploading
        ? 'Uploading take…'
        : `${n} take${n > 1 ? 's' : ''} to upload`;
  const hint =
    refused > 0
      ? 'The server refused a recorded take; it is kept on this device. Open the idea’s takes to see why and try again.'
      : 'Recorded takes are kept on this device until the server has them; they upload by themselves when the connection allows.';
  return (
    <span
      className={`rb-badge ${refused > 0 ? 'rb-badge-closed' : 'rb-badge-reconnecting'}`}
      data-testid="pending-takes-badge"
      title={hint}
    >
      <span className="rb-badge-dot" aria-hidden="true" />
      <span className="rb-badge-label">{label}</span>
    </span>
  );
}
