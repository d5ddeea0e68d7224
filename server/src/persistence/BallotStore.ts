/**
 * The ballot storage port: where the secret ballots of a room's open dot vote live until the
 * facilitator reveals or closes it (F7, F8; V1–V6 in the server's SPEC).
 *
 * Ballots are kept in the room's database, never in the room doc, so they survive a restart and
 * every instance sharing the database counts the same ones. Semantics every adapter honours
 * (checked by test/persistence/ballotStoreContract.ts):
 * - One ballot per (room, vote, ballot key). `castBallot` replaces it whole; an empty ballot
 *   removes it. A cast for a vote drops the room's ballots of every other vote (a new vote id
 *   discards the old vote's ballots).
 * - Every write (`castBallot`, `takeBallots`, `dropBallots`) bumps the room's ballot `rev`, which
 *   only grows. Writes to one room are serialised: the `voters` a cast returns is counted after
 *   its own write and includes every write with a lower rev, so of two tallies the one with the
 *   higher rev is the newer count.
 * - `takeBallots` returns the given vote's ballots and deletes all of the room's ballots, in one
 *   step (a reveal); `dropBallots` deletes them all (closing a vote without reveal).
 * Adapters check nothing about votes (targets, budgets): VoteBox does, against the room doc.
 */

/** Dots per target id, only positive whole numbers. */
export type Dots = Readonly<Record<string, number>>;

export interface CastResult {
  /** Ballots now stored for this vote (people who voted). */
  readonly voters: number;
  /** The room's ballot revision after this cast. */
  readonly rev: number;
}

export interface BallotStore {
  castBallot(roomId: string, voteId: string, ballotKey: string, dots: Dots): Promise<CastResult>;
  /** The stored ballot of this key in this vote, or undefined. */
  getBallot(roomId: string, voteId: string, ballotKey: string): Promise<Dots | undefined>;
  takeBallots(roomId: string, voteId: string): Promise<Dots[]>;
  dropBallots(roomId: string): Promise<void>;
}

/** Ballots are stored as JSON text; anything unreadable counts as no dots rather than failing a reveal. */
export function parseDots(text: string): Dots {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[k] = v;
    return out;
  } catch {
    return {};
  }
}
