/**
 * One comment as every comment thread in the room shows it (on a reference, on the board): who
 * wrote it, when, the text, and whatever actions the caller allows. Threads differ in where they
 * point and what their actions do, so those come in as props.
 */
import type { ReactNode } from 'react';
import '../styles/comments.css';

export function formatCommentTime(ms: number): string {
  return new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function CommentBody({
  personName,
  createdAt,
  edited = false,
  text,
  lead,
  actions,
  editor,
}: {
  readonly personName: string;
  readonly createdAt: number;
  readonly edited?: boolean;
  readonly text: string;
  /** Shown before the author (a time chip, an unread dot). */
  readonly lead?: ReactNode;
  readonly actions?: ReactNode;
  /** Replaces the text while the comment is being edited. */
  readonly editor?: ReactNode;
}) {
  return (
    <div className="rb-comment">
      <div className="rb-comment-head">
        {lead}
        <span className="rb-comment-author">{personName}</span>
        <time className="rb-comment-when" dateTime={new Date(createdAt).toISOString()}>
          {formatCommentTime(createdAt)}
          {edited ? ' · edited' : ''}
        </time>
      </div>
      {editor ?? (
        <p className="rb-comment-text" data-testid="comment-text">
          {text}
        </p>
      )}
      {actions && <div className="rb-comment-actions">{actions}</div>}
    </div>
  );
}
