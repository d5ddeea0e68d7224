/**
 * The board's comments control, at the top of the canvas: how many threads are open and how many
 * have something this browser has not read (SPEC N5), a Comment button (C) for people who may
 * comment, and the list of the board's threads — open ones first — so a reviewer can go through
 * them: picking one brings its pin into view and opens it, or opens it here when its shape is gone
 * (N6). A click on a board comment in the activity feed (OPEN_THREAD_EVENT) does the same.
 */
import { useEffect, useState } from 'react';
import { useEditor, useValue, type Editor, type TLShapeId } from 'tldraw';
import type { BoardThread } from '@riffboard/shared';
import { useCanEdit, useRoom } from '../room/roomHooks.ts';
import { useBoardThreads, useUnread } from '../boardComments/boardCommentsHooks.ts';
import { commentAuthor } from '../boardComments/commentAuthor.ts';
import { formatCommentTime } from '../ui/CommentBody.tsx';
import { keepFromCanvas } from './CommentThreadCard.tsx';
import { shapeNoun, useCommentUi, type CommentUi } from './commentUi.ts';
import { OPEN_THREAD_EVENT } from '../activity/activityNavigation.ts';

/** Brings the thread's pin into view (on its page) and opens it; opens it alone when its shape is gone. */
function showThread(editor: Editor, ui: CommentUi, t: BoardThread): void {
  const bounds = editor.getShapePageBounds(t.shapeId as TLShapeId);
  if (bounds) {
    const shape = editor.getShape(t.shapeId as TLShapeId);
    if (shape && editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) editor.setCurrentPage(editor.getAncestorPageId(shape)!);
    editor.centerOnPoint(bounds.center, { animation: { duration: 200 } });
  }
  ui.set({ mode: { kind: 'open', threadId: t.id }, listOpen: false });
}

export function CommentsControl() {
  const editor = useEditor();
  const room = useRoom();
  const canComment = useCanEdit();
  const threads = useBoardThreads(room);
  const unread = useUnread(room, threads, commentAuthor().id);
  const [{ mode, listOpen }, ui] = useCommentUi(room);
  const [showResolved, setShowResolved] = useState(false);
  const openThreads = threads.filter((t) => !t.resolved);
  const listed = showResolved ? [...openThreads, ...threads.filter((t) => t.resolved)] : openThreads;
  const unreadThreads = [...unread.keys()].length;
  // Threads whose shape is gone, kept current while the list is open (someone may delete it now).
  const gone = useValue(
    'threads without their shape',
    () => new Set(threads.filter((t) => !editor.getShape(t.shapeId as TLShapeId)).map((t) => t.id)),
    [editor, threads],
  );

  const go = (t: BoardThread): void => showThread(editor, ui, t);
  useEffect(() => {
    const onOpen = (e: Event): void => {
      const id = (e as CustomEvent<unknown>).detail;
      const t = threads.find((x) => x.id === id);
      if (t) showThread(editor, ui, t);
    };
    window.addEventListener(OPEN_THREAD_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_THREAD_EVENT, onOpen);
  }, [editor, ui, threads]);

  return (
    <div className="rb-comments-control" {...keepFromCanvas}>
      <button
        type="button"
        className="rb-comments-toggle"
        aria-expanded={listOpen}
        data-testid="comments-toggle"
        onClick={() => ui.set({ listOpen: !listOpen })}
        title="Comments on the board"
      >
        <CommentIcon />
        <span>Comments</span>
        <span className="rb-comments-count" data-testid="comments-open-count">
          {openThreads.length}
        </span>
        {unreadThreads > 0 && (
          <span className="rb-comments-unread" data-testid="comments-unread-count" aria-label={`${unreadThreads} unread`}>
            {unreadThreads} new
          </span>
        )}
      </button>
      {canComment && (
        <button
          type="button"
          className={`rb-comments-add${mode.kind === 'placing' ? ' is-active' : ''}`}
          data-testid="comment-tool"
          aria-pressed={mode.kind === 'placing'}
          onClick={() => ui.set({ mode: mode.kind === 'placing' ? { kind: 'idle' } : { kind: 'placing' }, listOpen: false })}
          title="Pin a comment to a shape or a spot on an image (C)"
        >
          + Comment <kbd>C</kbd>
        </button>
      )}
      {listOpen && (
        <div className="rb-comments-list" role="region" aria-label="Comments on the board" data-testid="comments-list">
          <div className="rb-comments-list-head">
            <span>
              {openThreads.length} open · {threads.length - openThreads.length} resolved
            </span>
            <label>
              <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved
            </label>
          </div>
          {listed.length === 0 ? (
            <p className="rb-muted rb-comments-empty">
              {threads.length === 0
                ? canComment
                  ? 'No comments yet. Press C, then click a shape or a spot on an image to pin one.'
                  : 'No comments on the board yet.'
                : 'Every thread is resolved.'}
            </p>
          ) : (
            <ol>
              {listed.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    className={`rb-comments-row${t.resolved ? ' is-resolved' : ''}`}
                    data-testid="comments-row"
                    data-thread-id={t.id}
                    onClick={() => go(t)}
                  >
                    <span className="rb-comments-row-head">
                      {unread.has(t.id) && <span className="rb-comment-pin-dot is-inline" aria-label="unread" />}
                      <strong>{t.root.personName}</strong>
                      <span className="rb-muted">
                        on {shapeNoun(t.shapeType)} · {formatCommentTime(t.root.createdAt)}
                      </span>
                    </span>
                    <span className="rb-comments-row-text">{t.root.text}</span>
                    <span className="rb-muted rb-comments-row-foot">
                      {t.replies.length === 1 ? '1 reply' : `${t.replies.length} replies`}
                      {t.resolved ? ' · resolved' : ''}
                      {gone.has(t.id) ? ' · The shape this was pinned to was deleted' : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

function CommentIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <path
        d="M3 3.5h10a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H8l-3 2.5v-2.5H3a1 1 0 0 1-1-1v-6a1 1 0 0 1 1-1z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}
