/**
 * Deleting a reference, with everything in the room doc that hangs off it.
 *
 * One transaction removes the reference, all its comments (replies and resolved ones included),
 * the reference cards that show it on the board (with the bindings attached to them), and stops
 * the room's shared playback when the room is listening to it together. Peers therefore never see
 * half of a deletion: no list entry without its comments, no "Stop for everyone" for a song that
 * is gone. Two things are deliberately left:
 *
 * - The asset file. The store is content-addressed (the id is the hash of the bytes), so the same
 *   file may back another reference, another room or a backlog take; it stays in the store.
 * - Backlog links to the reference: readers already drop links to missing references (B4).
 *
 * Concurrency: a comment or card someone adds at the very moment of the deletion can survive the
 * merge (it was not there to be removed). Such a comment is never shown (no reference lists it)
 * and such a card reads "This reference was removed" until someone deletes it like any shape.
 */
import type * as Y from 'yjs';
import type { TransactionOrigin } from '../doc/origins.ts';
import { referenceCardIds, removeBoardShapes } from '../board/boardDoc.ts';
import { getReferencePlayback, stopReference } from '../transport/referencePlayback.ts';
import { referenceComments, removeAllComments } from './commentsDoc.ts';
import { references } from './referencesDoc.ts';

/** What deleting a reference takes with it, for the confirmation ("… and its 4 comments?"). */
export interface ReferenceDeletion {
  /** Comments and replies on it, resolved or not. */
  readonly comments: number;
  /** Cards on the board that show it. */
  readonly cards: number;
  /** Whether the room is playing it for everyone right now. */
  readonly playingForEveryone: boolean;
}

function isPlayingForEveryone(doc: Y.Doc, referenceId: string): boolean {
  const p = getReferencePlayback(doc);
  return p !== undefined && p.playing && p.referenceId === referenceId;
}

export function referenceDeletion(doc: Y.Doc, referenceId: string): ReferenceDeletion {
  return {
    comments: referenceComments(doc, referenceId).list().length,
    cards: referenceCardIds(doc, referenceId).length,
    playingForEveryone: isPlayingForEveryone(doc, referenceId),
  };
}

/**
 * Deletes a reference with its comments and board cards, and stops the room's playback of it, in
 * one transaction. Also cleans up after a reference someone else already deleted (leftover
 * comments or cards from a concurrent edit). Returns whether the reference itself was there.
 */
export function deleteReference(doc: Y.Doc, referenceId: string, origin: TransactionOrigin): boolean {
  const refs = references(doc);
  const existed = refs.has(referenceId);
  doc.transact(() => {
    if (isPlayingForEveryone(doc, referenceId)) stopReference(doc, referenceId, 0, origin);
    removeBoardShapes(doc, referenceCardIds(doc, referenceId), origin);
    removeAllComments(doc, referenceId, origin);
    if (existed) refs.remove(referenceId, origin);
  }, origin);
  return existed;
}
