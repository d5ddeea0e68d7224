/**
 * The room's title in the top bar, live from the document (everybody sees a rename at once) and
 * in the browser tab. The facilitator can rename it in place: click, type, Enter (Esc cancels);
 * the server only accepts the write from a facilitator link (SPEC A3), so nobody else is offered it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DEFAULT_TITLE, TITLE_MAX_LENGTH, readTitle, writeTitle } from '@riffboard/shared';
import { useRole, useRoom, useRoomSnapshot } from '../room/roomHooks.ts';
import { onTransactions, useObserved } from '../room/useObserved.ts';

/** The doc's title; until the doc has loaded, the one the room lookup returned. */
export function useRoomTitle(lookedUpTitle: string): string {
  const room = useRoom();
  const { ready } = useRoomSnapshot(room);
  const docTitle = useObserved(onTransactions(room.doc), () => readTitle(room.doc), [room]);
  return docTitle === DEFAULT_TITLE && !ready ? lookedUpTitle : docTitle;
}

export function RoomTitle({ lookedUpTitle }: { lookedUpTitle: string }) {
  const room = useRoom();
  const title = useRoomTitle(lookedUpTitle);
  const canRename = useRole() === 'facilitator';
  const [draft, setDraft] = useState<string | null>(null);
  // Esc unmounts the input, which may fire blur; that blur must not save what Esc discarded.
  const cancelled = useRef(false);

  useEffect(() => {
    document.title = `${title} · Riffboard`;
    return () => {
      document.title = 'Riffboard';
    };
  }, [title]);

  if (!canRename) {
    return (
      <h1 className="rb-room-title" title={title} data-testid="room-title">
        {title}
      </h1>
    );
  }
  if (draft === null) {
    return (
      <h1 className="rb-room-title">
        <button
          type="button"
          className="rb-title-button"
          onClick={() => {
            cancelled.current = false;
            setDraft(title);
          }}
          title="Rename the room"
          aria-label={`${title} — rename the room`}
          data-testid="room-title"
        >
          <span className="rb-title-text">{title}</span>
          <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" className="rb-title-pen">
            <path d="M10.8 2.2l3 3L5.5 13.5 2 14l.5-3.5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
          </svg>
        </button>
      </h1>
    );
  }
  const commit = (): void => {
    if (cancelled.current) return;
    const next = draft.trim();
    if (next && next !== title) writeTitle(room.doc, next, 'local');
    setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    e.stopPropagation(); // not a tldraw shortcut
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      cancelled.current = true;
      setDraft(null);
    }
  };
  return (
    <input
      className="rb-title-input"
      aria-label="Room title"
      autoFocus
      value={draft}
      maxLength={TITLE_MAX_LENGTH}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={commit}
      onFocus={(e) => e.currentTarget.select()}
    />
  );
}
