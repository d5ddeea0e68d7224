/**
 * Deleting a reference from its detail view: a trash button in the header (editors and
 * facilitators only; the detail view doesn't render it for viewers), then an inline confirmation
 * that says what goes with it — its comments, its cards on the board, the room's playback of it —
 * counted live, so a comment someone adds while the question is open is in the number.
 */
import { useEffect, useId, useRef, type Ref } from 'react';
import { referenceDeletion, type Reference, type ReferenceDeletion } from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { onTransactions, useObserved } from '../../room/useObserved.ts';
import { removeReference } from '../../references/referenceActions.ts';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The confirmation's question and its small print, e.g. “Delete “rough-mix-3” and its 4 comments?” */
export function deletionWording(title: string, d: ReferenceDeletion): { question: string; detail: string } {
  const question = d.comments > 0 ? `Delete “${title}” and its ${plural(d.comments, 'comment', 'comments')}?` : `Delete “${title}”?`;
  const cards = d.cards === 0 ? '' : d.cards === 1 ? ', with its card on the board' : `, with its ${d.cards} cards on the board`;
  const playback = d.playingForEveryone ? ' Playback for everyone stops.' : '';
  return { question, detail: `It’s removed for everyone in the room${cards}.${playback}` };
}

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" aria-hidden="true">
      <path
        d="M2.5 4h11M6.5 4V2.75h3V4M4 4l.6 8.6a1.5 1.5 0 0 0 1.5 1.4h3.8a1.5 1.5 0 0 0 1.5-1.4L12 4M6.75 6.75v4.5M9.25 6.75v4.5"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function DeleteReferenceButton({ ref, expanded, onClick }: { ref: Ref<HTMLButtonElement>; expanded: boolean; onClick: () => void }) {
  return (
    <button
      ref={ref}
      type="button"
      className="rb-ref-delete"
      aria-label="Delete reference"
      title="Delete reference"
      aria-expanded={expanded}
      onClick={onClick}
      data-testid="delete-reference"
    >
      <TrashIcon />
    </button>
  );
}

/** What deleting would take with it now, recomputed after every change to the doc while shown. */
function useDeletion(room: RoomConnection, referenceId: string): ReferenceDeletion {
  return useObserved(onTransactions(room.doc), () => referenceDeletion(room.doc, referenceId), [room, referenceId]);
}

export function DeleteReferenceConfirm({
  room,
  reference,
  onCancel,
}: {
  room: RoomConnection;
  reference: Reference;
  onCancel: () => void;
}) {
  const { question, detail } = deletionWording(reference.title, useDeletion(room, reference.id));
  const keepRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Keep is focused: Enter right after opening must not delete anything.
  useEffect(() => keepRef.current?.focus(), []);
  return (
    <div
      className="rb-ref-confirm"
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      aria-describedby={`${id}-d`}
      data-testid="delete-reference-confirm"
      onKeyDown={(e) => {
        // Keys here are for the question, not for the panel's M shortcut or tldraw underneath.
        e.stopPropagation();
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p className="rb-ref-confirm-q" id={`${id}-q`}>
        {question}
      </p>
      <p className="rb-ref-confirm-detail" id={`${id}-d`}>
        {detail}
      </p>
      <div className="rb-ref-confirm-actions">
        <button type="button" ref={keepRef} onClick={onCancel}>
          Keep
        </button>
        <button type="button" className="rb-ref-confirm-delete" onClick={() => removeReference(room, reference.id)}>
          Delete
        </button>
      </div>
    </div>
  );
}
