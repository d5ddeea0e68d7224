/**
 * What a person does to board comments, stamped with who and when in one place: start a thread
 * on a shape (or a point on it), reply, resolve or reopen, delete their own.
 */
import { boardComments, type PinPoint } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { commentAuthor } from './commentAuthor.ts';
import { readThreads } from './readThreads.ts';

/** Starts a thread and returns its id, or undefined when the text is blank. */
export function startThread(
  room: RoomConnection,
  target: { readonly shapeId: string; readonly shapeType?: string; readonly point?: PinPoint },
  text: string,
): string | undefined {
  const me = commentAuthor();
  const id = crypto.randomUUID();
  const ok = boardComments(room.doc).startThread(
    { id, ...target, author: me.id, personName: me.name, createdAt: Date.now(), text },
    'local',
  );
  return ok ? id : undefined;
}

export function replyTo(room: RoomConnection, threadId: string, text: string): boolean {
  const me = commentAuthor();
  return boardComments(room.doc).reply(
    { id: crypto.randomUUID(), threadId, author: me.id, personName: me.name, createdAt: Date.now(), text },
    'local',
  );
}

export function setThreadResolved(room: RoomConnection, threadId: string, resolved: boolean): void {
  boardComments(room.doc).setResolved(threadId, resolved, commentAuthor().name, Date.now(), 'local');
}

export function deleteThread(room: RoomConnection, threadId: string): void {
  boardComments(room.doc).removeThread(threadId, 'local');
}

export function deleteReply(room: RoomConnection, replyId: string): void {
  boardComments(room.doc).removeReply(replyId, 'local');
}

/** Marks every comment of the thread as read by this browser (SPEC N5). */
export function markThreadSeen(room: RoomConnection, threadId: string): void {
  const t = boardComments(room.doc).thread(threadId);
  if (t) readThreads(room).markRead(t);
}
