/**
 * One board comment thread, as a card over the canvas: what it is pinned to (or that the shape is
 * gone, SPEC N6), the opening comment and the replies, and — for people who may comment (N7) — a
 * reply box, resolve or reopen, and deleting their own. Opening it marks it read in this browser
 * (N5), and so does every reply that arrives while it is open.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import type { BoardThread } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { CommentBody } from '../ui/CommentBody.tsx';
import { deleteReply, deleteThread, markThreadSeen, replyTo, setThreadResolved } from '../boardComments/boardCommentActions.ts';
import { shapeNoun } from './commentUi.ts';

/** Stops tldraw from taking pointer input meant for the card (selecting, panning the canvas). */
export const keepFromCanvas = {
  onPointerDown: (e: { stopPropagation(): void }) => e.stopPropagation(),
  onPointerUp: (e: { stopPropagation(): void }) => e.stopPropagation(),
  onWheel: (e: { stopPropagation(): void }) => e.stopPropagation(),
};

export function CommentThreadCard({
  room,
  thread,
  shapeGone,
  canComment,
  me,
  style,
  readOnlyNote,
  onClose,
}: {
  readonly room: RoomConnection;
  readonly thread: BoardThread;
  readonly shapeGone: boolean;
  readonly canComment: boolean;
  readonly me: string;
  readonly style?: CSSProperties;
  /** Why there is no reply box, for people who may not comment. */
  readonly readOnlyNote: string;
  readonly onClose: () => void;
}) {
  const [reply, setReply] = useState('');
  const seenCount = thread.replies.length;
  useEffect(() => markThreadSeen(room, thread.id), [room, thread.id, seenCount]);
  const send = (): void => {
    if (replyTo(room, thread.id, reply)) setReply('');
  };
  const { root } = thread;
  return (
    <section
      className={`rb-board-thread${thread.resolved ? ' is-resolved' : ''}`}
      role="dialog"
      aria-label={`Comments on ${shapeNoun(thread.shapeType)}`}
      data-testid="board-thread"
      data-thread-id={thread.id}
      style={style}
      {...keepFromCanvas}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="rb-board-thread-head">
        <span>
          On {shapeNoun(thread.shapeType)}
          {thread.resolved && (
            <span className="rb-board-thread-resolved" data-testid="thread-resolved">
              {' '}
              · Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy}` : ''}
            </span>
          )}
        </span>
        <button type="button" className="rb-board-thread-close" onClick={onClose} aria-label="Close comments">
          ×
        </button>
      </header>
      {shapeGone && (
        <p className="rb-board-thread-gone" role="status" data-testid="thread-shape-gone">
          The shape this was pinned to was deleted.
        </p>
      )}
      <CommentBody
        personName={root.personName}
        createdAt={root.createdAt}
        text={root.text}
        actions={
          canComment && (
            <>
              <button type="button" onClick={() => setThreadResolved(room, thread.id, !thread.resolved)}>
                {thread.resolved ? 'Reopen' : 'Resolve'}
              </button>
              {root.author === me && (
                <button
                  type="button"
                  className="rb-danger"
                  onClick={() => {
                    deleteThread(room, thread.id);
                    onClose();
                  }}
                >
                  Delete thread
                </button>
              )}
            </>
          )
        }
      />
      {thread.replies.length > 0 && (
        <ol className="rb-replies" aria-label="Replies">
          {thread.replies.map((r) => (
            <li key={r.id} data-testid="thread-reply">
              <CommentBody
                personName={r.personName}
                createdAt={r.createdAt}
                text={r.text}
                actions={
                  canComment &&
                  r.author === me && (
                    <button type="button" className="rb-danger" onClick={() => deleteReply(room, r.id)}>
                      Delete
                    </button>
                  )
                }
              />
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <form
          className="rb-reply"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <input value={reply} onChange={(e) => setReply(e.target.value)} placeholder="Reply…" aria-label="Reply" maxLength={4000} />
          {reply.trim() && <button type="submit">Reply</button>}
        </form>
      ) : (
        <p className="rb-muted rb-board-thread-note">{readOnlyNote}</p>
      )}
    </section>
  );
}

export function CommentComposer({
  noun,
  style,
  onSubmit,
  onCancel,
}: {
  readonly noun: string;
  readonly style?: CSSProperties;
  readonly onSubmit: (text: string) => void;
  readonly onCancel: () => void;
}) {
  const [text, setText] = useState('');
  return (
    <form
      className="rb-board-thread rb-board-composer"
      data-testid="comment-composer"
      style={style}
      {...keepFromCanvas}
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) onSubmit(text);
      }}
    >
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            if (text.trim()) onSubmit(text);
          } else if (e.key === 'Escape') onCancel();
        }}
        placeholder={`Comment on ${noun}…`}
        aria-label="Comment"
        maxLength={4000}
        rows={3}
        autoFocus
      />
      <div className="rb-board-composer-actions">
        <span className="rb-muted">Enter to post · Shift+Enter for a new line</span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="rb-board-composer-post" disabled={!text.trim()}>
          Comment
        </button>
      </div>
    </form>
  );
}
