/**
 * Secret dot-vote ballots (SPEC F7, F8): kept in the room's database behind the BallotStore port,
 * never in the room doc.
 *
 * One ballot per (room, vote, ballot key); a ballot key is a random secret a browser keeps for the
 * person and sends only with its own ballots, so one person's budget holds across their tabs,
 * reconnects and server instances (a new ballot replaces the old one whole). Nobody can read a
 * ballot but its sender; the room doc learns only how many people voted until the facilitator
 * reveals the counts. Ballots of a vote that was closed, replaced or revealed are dropped. Because
 * the ballots are stored, they survive a restart, and every instance sharing the database counts
 * the same ones.
 *
 * The voter count each instance writes into the doc is the store's count after that cast, with the
 * store's rev (V1). Two instances writing the tally at once are concurrent Yjs writes to one map
 * key, which Yjs resolves by client id, not by rev; so an instance that sees an older tally win over
 * the newest one it wrote writes that one again, and every doc ends on the newest count (V7).
 */
import type * as Y from 'yjs';
import {
  observeFacilitation,
  readVote,
  readVoteResults,
  readVoteTally,
  writeVote,
  writeVoteResults,
  writeVoteTally,
  type ApiErrorCode,
  type Vote,
  type VoteTally,
} from '@riffboard/shared';
import type { BallotStore, Dots } from '../persistence/BallotStore.ts';

export type { Dots };

/** A refused ballot: its API error code and a sentence for the voter. */
export class BallotError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a ballot against the vote's targets and budget; returns it without zero entries. */
export function checkBallot(vote: Vote, dots: unknown): Dots {
  if (typeof dots !== 'object' || dots === null || Array.isArray(dots))
    throw new BallotError('bad_ballot', 'A ballot is an object of target id → dots.');
  const targets = new Set(vote.targets.map((t) => t.id));
  const out: Record<string, number> = {};
  let total = 0;
  for (const [id, n] of Object.entries(dots as Record<string, unknown>)) {
    if (!targets.has(id)) throw new BallotError('bad_ballot', 'That is not one of the options in this vote.');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new BallotError('bad_ballot', 'Dots are whole numbers, zero or more.');
    if (!vote.stack && n > 1) throw new BallotError('bad_ballot', 'This vote allows one dot per option.');
    if (n > 0) out[id] = n;
    total += n;
  }
  if (total > vote.budget) throw new BallotError('bad_ballot', `You have ${vote.budget} dots in this vote; that ballot uses ${total}.`);
  return out;
}

export class VoteBox {
  /** Per room doc: the newest tally this instance wrote, to restore it if an older one wins a conflict. */
  private readonly written = new WeakMap<Y.Doc, VoteTally>();
  private readonly watched = new WeakSet<Y.Doc>();

  constructor(private readonly store: BallotStore) {}

  private static openVote(doc: Y.Doc): Vote {
    const vote = readVote(doc);
    if (!vote) throw new BallotError('no_vote', 'There is no vote open in this room right now.');
    return vote;
  }

  /** Stores (replaces) a ballot and writes the voter count into the doc; returns the stored ballot. */
  async cast(roomId: string, doc: Y.Doc, voteId: string, ballotKey: string, dots: unknown): Promise<{ ballot: Dots; voters: number }> {
    const vote = VoteBox.openVote(doc);
    if (voteId !== vote.id) throw new BallotError('no_vote', 'That vote has ended; the facilitator has opened another one or closed it.');
    const ballot = checkBallot(vote, dots);
    const { voters, rev } = await this.store.castBallot(roomId, vote.id, ballotKey, ballot);
    this.writeTally(doc, { voteId: vote.id, voters, rev });
    return { ballot, voters };
  }

  /** The sender's own ballot in the open vote (empty if none). */
  async own(roomId: string, doc: Y.Doc, ballotKey: string): Promise<{ voteId: string; ballot: Dots }> {
    const vote = VoteBox.openVote(doc);
    return { voteId: vote.id, ballot: (await this.store.getBallot(roomId, vote.id, ballotKey)) ?? {} };
  }

  /** Writes the counts per target into the doc and drops the ballots. */
  async reveal(roomId: string, doc: Y.Doc): Promise<{ voteId: string; counts: Dots; voters: number }> {
    const vote = VoteBox.openVote(doc);
    const ballots = await this.store.takeBallots(roomId, vote.id);
    const counts: Record<string, number> = {};
    for (const t of vote.targets) counts[t.id] = 0;
    // Only the vote's own targets count: a stored ballot can't name others (checkBallot).
    for (const b of ballots) for (const [id, n] of Object.entries(b)) if (id in counts) counts[id]! += n;
    const voters = ballots.length;
    this.written.delete(doc);
    doc.transact(() => {
      writeVoteResults(doc, { voteId: vote.id, voters, counts }, 'server');
      writeVoteTally(doc, null, 'server');
    }, 'server');
    return { voteId: vote.id, counts, voters };
  }

  /** Closes the vote without revealing anything: the ballots are discarded. */
  async close(roomId: string, doc: Y.Doc): Promise<void> {
    await this.store.dropBallots(roomId);
    this.written.delete(doc);
    doc.transact(() => {
      writeVote(doc, null, 'server');
      writeVoteTally(doc, null, 'server');
      writeVoteResults(doc, null, 'server');
    }, 'server');
  }

  /**
   * Writes a tally unless the doc already shows a newer one (casts on this instance may resolve
   * out of order) or the vote it counts is no longer open or already revealed.
   */
  private writeTally(doc: Y.Doc, tally: VoteTally): void {
    if (readVote(doc)?.id !== tally.voteId || readVoteResults(doc)?.voteId === tally.voteId) return;
    const newest = this.written.get(doc);
    this.watch(doc);
    if (!newest || newest.rev < tally.rev) this.written.set(doc, tally);
    const shown = readVoteTally(doc);
    if (shown && shown.voteId === tally.voteId && shown.rev >= tally.rev) return;
    writeVoteTally(doc, tally, 'server');
  }

  private watch(doc: Y.Doc): void {
    if (this.watched.has(doc)) return;
    this.watched.add(doc);
    observeFacilitation(doc, () => {
      const newest = this.written.get(doc);
      const shown = readVoteTally(doc);
      // Only a tally of the same vote with a lower rev is stale; null (revealed, closed) is not.
      if (!newest || !shown || shown.voteId !== newest.voteId || shown.rev >= newest.rev) return;
      // Outside the observer, so the rewrite is a transaction of its own that everyone receives.
      queueMicrotask(() => this.writeTally(doc, newest));
    });
  }
}
