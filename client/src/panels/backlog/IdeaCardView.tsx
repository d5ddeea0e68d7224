/**
 * One card on the board: what the idea is, who owns it, its votes, takes and linked sections, and
 * after the facilitator reveals a dot vote (F8) its dots, the winners ringed and marked "top".
 */
import { memo, type DragEvent, type KeyboardEvent } from 'react';
import type { DotOutcome, IdeaCard } from '@riffboard/shared';
import { initials } from '../../identity/identity.ts';
import type { CardEditor } from './backlogHooks.ts';
import { ChangedDot } from '../../ui/ChangedDot.tsx';

export interface CardActions {
  open(id: string): void;
  vote(id: string): void;
  keyDown(e: KeyboardEvent<HTMLElement>, card: IdeaCard): void;
  dragStart(e: DragEvent<HTMLElement>, card: IdeaCard): void;
  dragEnd(): void;
}

function dotsLabel(d: DotOutcome): string {
  return `${d.dots} ${d.dots === 1 ? 'dot' : 'dots'} in the vote${d.winner ? ', a winner' : ''}`;
}

export const IdeaCardView = memo(function IdeaCardView({
  card,
  myPersonId,
  editors,
  dots,
  canEdit,
  dropBefore,
  dragging,
  actions,
}: {
  card: IdeaCard;
  myPersonId: string;
  editors: readonly CardEditor[] | undefined;
  dots: DotOutcome | undefined;
  canEdit: boolean;
  dropBefore: boolean;
  dragging: boolean;
  actions: CardActions;
}) {
  const voted = card.voters.includes(myPersonId);
  const votes = card.voters.length;
  const others = editors?.filter((e) => !e.isSelf) ?? [];
  return (
    <article
      className={`rb-idea${dropBefore ? ' rb-idea-drop-before' : ''}${dragging ? ' rb-idea-dragging' : ''}${others.length ? ' rb-idea-busy' : ''}${dots?.winner ? ' rb-idea-winner' : ''}`}
      style={others[0] ? { borderColor: others[0].color } : undefined}
      data-testid="idea-card"
      data-idea-id={card.id}
      data-status={card.status}
      tabIndex={0}
      aria-label={`${card.title}, ${votes} ${votes === 1 ? 'vote' : 'votes'}${dots ? `, ${dotsLabel(dots)}` : ''}`}
      draggable={canEdit}
      onDragStart={(e) => actions.dragStart(e, card)}
      onDragEnd={actions.dragEnd}
      onKeyDown={(e) => actions.keyDown(e, card)}
      onClick={() => actions.open(card.id)}
    >
      <div className="rb-idea-top">
        <h4 className="rb-idea-title">{card.title}</h4>
        <ChangedDot area="backlog" id={card.id} />
        {dots && (
          <span
            className={`rb-idea-dots${dots.winner ? ' rb-idea-dots-winner' : ''}`}
            data-testid="idea-dots"
            data-dots={dots.dots}
            data-winner={dots.winner}
            title={`Dot vote: ${dotsLabel(dots)}`}
          >
            <span aria-hidden="true">●</span> {dots.dots}
            {dots.winner && <b> top</b>}
          </span>
        )}
        {others.length > 0 && (
          <ul className="rb-idea-editors" aria-label={`Editing now: ${others.map((o) => o.name).join(', ')}`} data-testid="card-editors">
            {others.slice(0, 3).map((o) => (
              <li key={o.clientId} style={{ background: o.color }} title={`${o.name} is editing`}>
                {initials(o.name)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {(card.tags.length > 0 || card.sections.length > 0) && (
        <div className="rb-idea-chips">
          {card.sections.map((s) => (
            <span key={s.id} className="rb-chip rb-chip-section" title="Linked section">
              § {s.name}
            </span>
          ))}
          {card.tags.map((t) => (
            <span key={t} className="rb-chip">
              #{t}
            </span>
          ))}
        </div>
      )}
      <div className="rb-idea-meta">
        <button
          type="button"
          className={`rb-vote${voted ? ' rb-vote-on' : ''}`}
          aria-pressed={voted}
          aria-label={voted ? `Remove your vote (${votes})` : `Vote (${votes})`}
          title={canEdit ? (voted ? 'Remove your vote (V)' : 'Vote for this idea (V)') : 'Votes'}
          disabled={!canEdit}
          data-testid="vote-button"
          onClick={(e) => {
            e.stopPropagation();
            actions.vote(card.id);
          }}
        >
          <span aria-hidden="true">▲</span> <span data-testid="vote-count">{votes}</span>
        </button>
        <span
          className="rb-idea-takes"
          title={`${card.takeCount} ${card.takeCount === 1 ? 'take' : 'takes'}${card.hasBestTake ? ', best one marked' : ''}`}
        >
          <span aria-hidden="true">●</span> {card.takeCount} {card.takeCount === 1 ? 'take' : 'takes'}
          {card.hasBestTake && (
            <span className="rb-best-star" aria-label="best take marked">
              ★
            </span>
          )}
        </span>
        {card.references.length > 0 && (
          <span className="rb-idea-refs" title={card.references.map((r) => r.name).join(', ')}>
            ♫ {card.references.length}
          </span>
        )}
        {card.ownerName && (
          <span className="rb-idea-owner" title={`Owner: ${card.ownerName}`}>
            <span className="rb-mini-avatar" aria-hidden="true">
              {initials(card.ownerName)}
            </span>
            {card.ownerName}
          </span>
        )}
      </div>
    </article>
  );
});
