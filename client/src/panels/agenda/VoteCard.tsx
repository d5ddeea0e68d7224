/**
 * A dot vote on the backlog's ideas: the facilitator opens it (budget, stacking), everybody with an
 * editor link places dots (sent to the server only, F7: nobody sees them until the reveal), all see
 * how many people voted; the reveal shows dots per idea, winners first.
 */
import { useEffect, useState } from 'react';
import { readColumn, IDEA_STATUSES } from '@riffboard/shared';
import { useRoom, useRole } from '../../room/roomHooks.ts';
import { useFacilitationActions, useFacilitationView, useVoteOutcome } from '../../facilitation/facilitationHooks.ts';
import { voteApi, type Dots } from '../../facilitation/voteApi.ts';

export function VoteCard() {
  const room = useRoom();
  const role = useRole();
  const act = useFacilitationActions();
  const { vote, tally, results } = useFacilitationView();
  const outcome = useVoteOutcome();
  const [budget, setBudget] = useState('3');
  const [stack, setStack] = useState(false);
  const [mine, setMine] = useState<Dots>({});
  const [error, setError] = useState<string | null>(null);
  const voteId = vote?.id ?? null;
  const revealed = results !== null && results.voteId === voteId;
  // Another tab of this person's may have changed their ballot: re-read it when any ballot lands.
  const rev = tally?.voteId === voteId ? tally.rev : 0;

  useEffect(() => {
    setMine({});
    setError(null);
  }, [voteId]);
  useEffect(() => {
    if (!voteId || role === 'viewer') return;
    let live = true;
    void voteApi.own(room).then((r) => {
      if (live && r.ok && r.value.voteId === voteId) setMine(r.value.ballot);
    });
    return () => {
      live = false;
    };
  }, [room, role, voteId, rev]);

  if (!vote) {
    if (role !== 'facilitator') return null;
    const ideas = IDEA_STATUSES.flatMap((s) => readColumn(room.doc, s));
    return (
      <section className="rb-vote" aria-label="Dot vote">
        <h3 className="rb-agenda-heading">Dot vote</h3>
        {ideas.length === 0 ? (
          <p className="rb-agenda-empty">Add ideas to the backlog to vote on them.</p>
        ) : (
          <form
            className="rb-vote-start"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Math.round(Number(budget));
              if (n >= 1 && n <= 20)
                act.startVote(
                  'Which ideas next?',
                  ideas.slice(0, 100).map((i) => ({ id: i.id, label: i.title || 'Untitled idea' })),
                  n,
                  stack,
                );
            }}
          >
            <label>
              Dots each{' '}
              <input aria-label="Dots each" type="number" min={1} max={20} value={budget} onChange={(e) => setBudget(e.target.value)} />
            </label>
            <label>
              <input type="checkbox" checked={stack} onChange={(e) => setStack(e.target.checked)} /> several on one idea
            </label>
            <button type="submit" className="rb-button rb-button-primary">
              Vote on {ideas.length} backlog {ideas.length === 1 ? 'idea' : 'ideas'}
            </button>
          </form>
        )}
      </section>
    );
  }

  const used = Object.values(mine).reduce((a, b) => a + b, 0);
  const canVote = role !== 'viewer' && !revealed;
  const place = (id: string, delta: 1 | -1): void => {
    const next = { ...mine, [id]: Math.max(0, (mine[id] ?? 0) + delta) };
    void voteApi.cast(room, vote.id, next).then((r) => {
      if (r.ok) {
        setMine(r.value.ballot);
        setError(null);
      } else setError(r.message);
    });
  };
  const counts = revealed ? results.counts : null;
  const targets = counts ? [...vote.targets].sort((a, b) => (counts[b.id] ?? 0) - (counts[a.id] ?? 0)) : vote.targets;
  return (
    <section className="rb-vote" aria-label="Dot vote" data-testid="vote" data-state={revealed ? 'revealed' : 'open'}>
      <h3 className="rb-agenda-heading">{vote.title}</h3>
      <p className="rb-vote-status" data-testid="vote-status">
        {revealed
          ? `Revealed: ${results.voters} ${results.voters === 1 ? 'person' : 'people'} voted.`
          : `${tally?.voteId === vote.id ? tally.voters : 0} voted so far · ${vote.budget} dots each${vote.stack ? '' : ', one per idea'} · secret until the reveal`}
      </p>
      {role === 'viewer' && !revealed && <p className="rb-agenda-empty">Voting needs an editor link; you can follow the count.</p>}
      {canVote && (
        <p className="rb-vote-left" data-testid="dots-left">
          {vote.budget - used} of {vote.budget} dots left
        </p>
      )}
      <ul className="rb-vote-list">
        {targets.map((t) => {
          const n = counts ? (counts[t.id] ?? 0) : (mine[t.id] ?? 0);
          const winner = outcome.get(t.id)?.winner === true;
          return (
            <li
              key={t.id}
              className={`rb-vote-row${winner ? ' rb-vote-winner' : ''}`}
              data-testid="vote-option"
              data-dots={n}
              data-winner={winner}
            >
              <span className="rb-vote-label">{t.label}</span>
              <span className="rb-vote-dots" aria-label={`${n} dots`}>
                {'●'.repeat(Math.min(n, 20))}
                {counts && <b> {n}</b>}
              </span>
              {winner && <span className="rb-vote-badge">top</span>}
              {canVote && (
                <span className="rb-vote-buttons">
                  <button
                    type="button"
                    className="rb-agenda-tool"
                    aria-label={`Remove a dot from ${t.label}`}
                    disabled={!mine[t.id]}
                    onClick={() => place(t.id, -1)}
                  >
                    −
                  </button>
                  <button
                    type="button"
                    className="rb-agenda-tool"
                    aria-label={`Add a dot to ${t.label}`}
                    disabled={used >= vote.budget || (!vote.stack && (mine[t.id] ?? 0) >= 1)}
                    onClick={() => place(t.id, 1)}
                  >
                    +
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="rb-vote-error" role="alert">
          {error}
        </p>
      )}
      {role === 'facilitator' && (
        <div className="rb-countdown-controls">
          {!revealed && (
            <button
              type="button"
              className="rb-button rb-button-primary"
              onClick={() => void voteApi.reveal(room).then((r) => !r.ok && setError(r.message))}
            >
              Reveal
            </button>
          )}
          <button type="button" className="rb-button" onClick={() => void voteApi.close(room).then((r) => !r.ok && setError(r.message))}>
            {revealed ? 'Clear the results' : 'Close without revealing'}
          </button>
        </div>
      )}
    </section>
  );
}
