/**
 * What a revealed dot vote (F8) says about each option: its dots, and whether it is a winner —
 * the most dots, ties all winning, and nothing winning when nobody put a dot anywhere. The agenda's
 * vote card and the backlog's cards read the same outcome, so they never disagree.
 */
import type { Vote, VoteResults } from './facilitationDoc.ts';

export interface DotOutcome {
  readonly dots: number;
  readonly winner: boolean;
}

/** Outcome per target id of `vote`; empty while `results` are not this vote's (not revealed). */
export function voteOutcome(vote: Vote | null, results: VoteResults | null): ReadonlyMap<string, DotOutcome> {
  const out = new Map<string, DotOutcome>();
  if (!vote || !results || results.voteId !== vote.id) return out;
  const top = Math.max(0, ...vote.targets.map((t) => results.counts[t.id] ?? 0));
  for (const t of vote.targets) {
    const dots = results.counts[t.id] ?? 0;
    out.set(t.id, { dots, winner: top > 0 && dots === top });
  }
  return out;
}
