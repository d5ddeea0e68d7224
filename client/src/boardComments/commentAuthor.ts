/**
 * Who a board comment is written by: the one place the client decides it, so that when the
 * server derives a person id from the connection (issue 13's attribution work) only this changes.
 * Today it is the browser's stable person id and the display name, as for reference comments.
 */
import { personId, readIdentity } from '../identity/identity.ts';

export interface CommentAuthor {
  readonly id: string;
  readonly name: string;
}

export function commentAuthor(): CommentAuthor {
  return { id: personId(), name: readIdentity()?.name ?? 'someone' };
}
