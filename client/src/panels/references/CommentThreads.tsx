/** The comment threads of one reference: time chip (click seeks), author, text, replies, resolve, edit/delete own. */
import { useState } from 'react';
import { canModify, referenceComments, type CommentAnchor, type CommentThread, type ReferenceComment } from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { formatTime } from '../../references/referencesHooks.ts';
import { CommentBody } from '../../ui/CommentBody.tsx';

export function anchorLabel(a: CommentAnchor): string {
  return a.kind === 'at' ? formatTime(a.at) : `${formatTime(a.start)}–${formatTime(a.end)}`;
}

interface Props {
  readonly room: RoomConnection;
  readonly referenceId: string;
  readonly threads: readonly CommentThread[];
  readonly me: { readonly id: string; readonly name: string };
  readonly canEdit: boolean;
  readonly activeId: string | undefined;
  readonly onSeekTo: (c: ReferenceComment) => void;
}

export function CommentThreads({ room, referenceId, threads, me, canEdit, activeId, onSeekTo }: Props) {
  const [showResolved, setShowResolved] = useState(true);
  const visible = showResolved ? threads : threads.filter((t) => !t.root.resolved);
  const open = threads.filter((t) => !t.root.resolved).length;
  return (
    <section className="rb-threads" aria-label="Comments">
      <header className="rb-threads-head">
        <span>
          {open} open · {threads.length - open} resolved
        </span>
        <label className="rb-threads-toggle">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved
        </label>
      </header>
      {visible.length === 0 && (
        <p className="rb-muted rb-threads-empty">
          No comments yet. {canEdit ? 'Press M to comment at the playhead, or drag across the waveform to comment on a region.' : ''}
        </p>
      )}
      <ol className="rb-thread-list">
        {visible.map((t) => (
          <Thread
            key={t.root.id}
            room={room}
            referenceId={referenceId}
            thread={t}
            me={me}
            canEdit={canEdit}
            active={t.root.id === activeId}
            onSeekTo={onSeekTo}
          />
        ))}
      </ol>
    </section>
  );
}

function Thread({
  room,
  referenceId,
  thread,
  me,
  canEdit,
  active,
  onSeekTo,
}: Omit<Props, 'threads' | 'activeId'> & { thread: CommentThread; active: boolean }) {
  const [reply, setReply] = useState('');
  const comments = referenceComments(room.doc, referenceId);
  const { root } = thread;
  const sendReply = (): void => {
    const text = reply.trim();
    if (!text) return;
    comments.add(
      { id: crypto.randomUUID(), author: me.id, personName: me.name, createdAt: Date.now(), text, anchor: root.anchor, parentId: root.id },
      'local',
    );
    setReply('');
  };
  return (
    <li
      className={`rb-thread${root.resolved ? ' is-resolved' : ''}${active ? ' is-active' : ''}`}
      data-testid="comment-thread"
      data-comment-id={root.id}
    >
      <Comment c={root} room={room} referenceId={referenceId} me={me} canEdit={canEdit} onSeekTo={onSeekTo} isRoot />
      {thread.replies.length > 0 && (
        <ol className="rb-replies">
          {thread.replies.map((r) => (
            <li key={r.id}>
              <Comment c={r} room={room} referenceId={referenceId} me={me} canEdit={canEdit} onSeekTo={onSeekTo} isRoot={false} />
            </li>
          ))}
        </ol>
      )}
      {canEdit && (
        <form
          className="rb-reply"
          onSubmit={(e) => {
            e.preventDefault();
            sendReply();
          }}
        >
          <input value={reply} onChange={(e) => setReply(e.target.value)} placeholder="Reply…" aria-label="Reply" maxLength={4000} />
          {reply.trim() && <button type="submit">Reply</button>}
        </form>
      )}
    </li>
  );
}

function Comment({
  c,
  room,
  referenceId,
  me,
  canEdit,
  onSeekTo,
  isRoot,
}: {
  c: ReferenceComment;
  room: RoomConnection;
  referenceId: string;
  me: Props['me'];
  canEdit: boolean;
  onSeekTo: Props['onSeekTo'];
  isRoot: boolean;
}) {
  const [editing, setEditing] = useState<string | undefined>();
  const comments = referenceComments(room.doc, referenceId);
  const mine = canEdit && canModify(c, me.id);
  return (
    <CommentBody
      personName={c.personName}
      createdAt={c.createdAt}
      edited={c.editedAt !== undefined}
      text={c.text}
      lead={
        isRoot && (
          <button type="button" className="rb-time-chip" onClick={() => onSeekTo(c)} title="Play from here" data-testid="comment-time">
            {anchorLabel(c.anchor)}
          </button>
        )
      }
      editor={
        editing === undefined ? undefined : (
          <form
            className="rb-comment-edit"
            onSubmit={(e) => {
              e.preventDefault();
              if (editing.trim()) comments.editText(c.id, editing.trim(), Date.now(), 'local');
              setEditing(undefined);
            }}
          >
            <textarea value={editing} onChange={(e) => setEditing(e.target.value)} aria-label="Edit comment" maxLength={4000} autoFocus />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </form>
        )
      }
      actions={
        <>
          {isRoot && canEdit && (
            <button type="button" onClick={() => comments.setResolved(c.id, !c.resolved, 'local')}>
              {c.resolved ? 'Reopen' : 'Resolve'}
            </button>
          )}
          {mine && editing === undefined && (
            <button type="button" onClick={() => setEditing(c.text)}>
              Edit
            </button>
          )}
          {mine && (
            <button type="button" className="rb-danger" onClick={() => comments.remove(c.id, 'local')}>
              Delete
            </button>
          )}
        </>
      }
    />
  );
}
