/**
 * Secret dot-vote ballots (SPEC F7, F8): kept here, in server memory, never in the room doc.
 *
 * One ballot per (room, vote, ballot key); a ballot key is a random secret a browser keeps for the
 * person and sends only with its own ballots, so one person's budget holds across their tabs and
 * reconnects (a new ballot replaces the old one whole). Nobody can read a ballot but its sender;
 * the room doc learns only how many people voted until the facilitator reveals the counts.
 * Ballots of a vote that was closed, replaced or revealed are dropped. A server restart drops
 * open ballots (voters see their dots gone and can vote again); the revealed results are in the doc.
 */
import type * as Y from 'yjs';
import { readVote, writeVote, writeVoteResults, writeVoteTally, type ApiErrorCode, type Vote } from '@riffboard/shared';

export type Dots = Readonly<Record<string, number>>;

/** A refused ballot: its API error code and a sentence for the voter. */
export class BallotError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface OpenVote {
  readonly voteId: string;
  readonly ballots: Map<string, Dots>;
  rev: number;
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
  private readonly rooms = new Map<string, OpenVote>();

  private open(roomId: string, doc: Y.Doc): { vote: Vote; box: OpenVote } {
    const vote = readVote(doc);
    if (!vote) throw new BallotError('no_vote', 'There is no vote open in this room right now.');
    let box = this.rooms.get(roomId);
    if (!box || box.voteId !== vote.id) {
      box = { voteId: vote.id, ballots: new Map(), rev: 0 };
      this.rooms.set(roomId, box);
    }
    return { vote, box };
  }

  /** Stores (replaces) a ballot and writes the voter count into the doc; returns the stored ballot. */
  cast(roomId: string, doc: Y.Doc, voteId: string, ballotKey: string, dots: unknown): { ballot: Dots; voters: number } {
    const { vote, box } = this.open(roomId, doc);
    if (voteId !== vote.id) throw new BallotError('no_vote', 'That vote has ended; the facilitator has opened another one or closed it.');
    const ballot = checkBallot(vote, dots);
    if (Object.keys(ballot).length === 0) box.ballots.delete(ballotKey);
    else box.ballots.set(ballotKey, ballot);
    writeVoteTally(doc, { voteId: vote.id, voters: box.ballots.size, rev: ++box.rev }, 'server');
    return { ballot, voters: box.ballots.size };
  }

  /** The sender's own ballot in the open vote (empty if none). */
  own(roomId: string, doc: Y.Doc, ballotKey: string): { voteId: string; ballot: Dots } {
    const { vote, box } = this.open(roomId, doc);
    return { voteId: vote.id, ballot: box.ballots.get(ballotKey) ?? {} };
  }

  /** Writes the counts per target into the doc and drops the ballots. */
  reveal(roomId: string, doc: Y.Doc): { voteId: string; counts: Dots; voters: number } {
    const { vote, box } = this.open(roomId, doc);
    const counts: Record<string, number> = {};
    for (const t of vote.targets) counts[t.id] = 0;
    for (const b of box.ballots.values()) for (const [id, n] of Object.entries(b)) counts[id] = (counts[id] ?? 0) + n;
    const voters = box.ballots.size;
    this.rooms.delete(roomId);
    doc.transact(() => {
      writeVoteResults(doc, { voteId: vote.id, voters, counts }, 'server');
      writeVoteTally(doc, null, 'server');
    }, 'server');
    return { voteId: vote.id, counts, voters };
  }

  /** Closes the vote without revealing anything: the ballots are discarded. */
  close(roomId: string, doc: Y.Doc): void {
    this.rooms.delete(roomId);
    doc.transact(() => {
      writeVote(doc, null, 'server');
      writeVoteTally(doc, null, 'server');
      writeVoteResults(doc, null, 'server');
    }, 'server');
  }
}
