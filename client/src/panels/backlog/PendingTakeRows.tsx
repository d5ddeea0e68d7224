/**
 * Takes of this idea still on this device: being encoded or uploaded (with progress), waiting for
 * the connection, or refused by the server (its sentence, and a button to try again). They sit at
 * the top of the idea's takes until the take itself appears in the list.
 */
import type { PendingTake } from '../../recording/pendingTakes.ts';
import { roomPendingTakes, usePendingTakes } from '../../recording/roomPendingTakes.ts';
import { useRoom } from '../../room/roomHooks.ts';
import { TakeFormatChoice } from '../../ui/TakeFormatChoice.tsx';

const STAGE: Record<string, string> = {
  encoding: 'Encoding',
  uploading: 'Uploading',
  saving: 'Saving',
  done: 'Saved',
};

function length(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function Row({ take, onRetry, onDiscard }: { take: PendingTake; onRetry(): void; onDiscard(): void }) {
  const { status } = take;
  const label = `Take by ${take.by}, ${length(take.seconds)}`;
  return (
    <li className={`rb-take rb-take-pending rb-take-pending-${status.kind}`} data-testid="pending-take" data-status={status.kind}>
      <div className="rb-take-top">
        <strong>{label}</strong>
        {status.kind === 'delivering' && (
          <span className="rb-muted rb-small">
            {STAGE[status.stage]} {status.stage === 'uploading' ? `${Math.round(status.fraction * 100)}%` : '…'}
          </span>
        )}
        {status.kind === 'queued' && <span className="rb-muted rb-small">Waiting its turn…</span>}
      </div>
      {status.kind === 'delivering' && (
        <progress
          max={1}
          value={status.stage === 'uploading' ? status.fraction : undefined}
          aria-label={`${STAGE[status.stage]} ${label}`}
        />
      )}
      {status.kind === 'waiting' && (
        <p className="rb-take-pending-msg" role="status">
          {status.message}
        </p>
      )}
      {status.kind === 'refused' && (
        <>
          <p className="rb-take-pending-msg" role="alert">
            The server refused this take: {status.message} It is still kept on this device.
          </p>
          <div className="rb-take-pending-actions">
            <TakeFormatChoice />
            <button type="button" className="rb-link-button" onClick={onRetry}>
              Try again
            </button>
            <button
              type="button"
              className="rb-link-button rb-take-discard"
              onClick={() => {
                if (window.confirm('Discard this take? It never reached the server, so it will be gone for good.')) onDiscard();
              }}
            >
              Discard
            </button>
          </div>
        </>
      )}
    </li>
  );
}

export function PendingTakeRows({ ideaId }: { ideaId: string }) {
  const room = useRoom();
  const pending = usePendingTakes(room).filter((t) => t.ideaId === ideaId);
  if (pending.length === 0) return null;
  return (
    <ol className="rb-take-list" aria-label="Takes not uploaded yet">
      {pending.map((t) => (
        <Row
          key={t.id}
          take={t}
          onRetry={() => roomPendingTakes(room).queue.retry(t.id)}
          onDiscard={() => void roomPendingTakes(room).queue.discard(t.id)}
        />
      ))}
    </ol>
  );
}
