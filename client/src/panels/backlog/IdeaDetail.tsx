/**
 * An idea opened: title, status, owner, tags, links, votes, notes edited together live, and its
 * takes. Every control writes through the shared backlog operations with origin 'local'; for a
 * viewer every control is disabled (the server would drop the write anyway).
 */
import { useEffect, useState } from 'react';
import {
  IDEA_STATUSES,
  IDEA_STATUS_LABEL,
  addTag,
  deleteIdea,
  ideaNotes,
  moveIdea,
  readColumn,
  readSongOrder,
  references,
  removeTag,
  renameIdea,
  setLink,
  setOwner,
  tempoSections,
  toggleVote,
  type IdeaCard,
  type IdeaStatus,
} from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { useObserved } from '../../room/useObserved.ts';
import { usePerson, useRoomPeople, useUndo } from './backlogHooks.ts';
import { NotesEditor } from './NotesEditor.tsx';
import { TakesSection } from './TakesSection.tsx';

export function IdeaDetail({ card, onClose, wide }: { card: IdeaCard; onClose(): void; wide: boolean }) {
  const { doc } = useRoom();
  const canEdit = useCanEdit();
  const person = usePerson();
  const people = useRoomPeople();
  const { undoManager } = useUndo();
  const [title, setTitle] = useState(card.title);
  const [tagDraft, setTagDraft] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A viewer never creates a missing notes text (that would be a write).
  const notes = ideaNotes(doc, card.id, canEdit);
  const sections = useObserved(tempoSections(doc).observe, () => readSongOrder(doc).map((s) => ({ id: s.id, name: s.name })), [doc]);
  const refs = useObserved(
    references(doc).observe,
    () =>
      references(doc)
        .list()
        .map((r) => ({ id: r.id, name: r.title })),
    [doc],
  );

  // Someone else renamed it while the field isn't being edited: show the new title.
  useEffect(() => setTitle(card.title), [card.title]);

  const voted = card.voters.includes(person.id);
  const linkedSections = new Set(card.sections.map((s) => s.id));
  const linkedRefs = new Set(card.references.map((r) => r.id));
  const ownerChoices = new Map(people.map((p) => [p.id, p.name]));
  if (card.ownerId && card.ownerName) ownerChoices.set(card.ownerId, card.ownerName);
  ownerChoices.set(person.id, person.name);

  const setStatus = (s: IdeaStatus): void => {
    moveIdea(doc, card.id, s, readColumn(doc, s).length, 'local');
  };

  return (
    <div className={`rb-detail${wide ? ' rb-detail-wide' : ''}`} role="dialog" aria-label={`Idea: ${card.title}`} data-testid="idea-detail">
      <header className="rb-detail-head">
        <input
          className="rb-detail-title"
          value={title}
          aria-label="Idea title"
          disabled={!canEdit}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={() => (renameIdea(doc, card.id, title, 'local') ? undefined : setTitle(card.title))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') {
              setTitle(card.title);
              e.stopPropagation();
            }
          }}
        />
        <button type="button" className="rb-icon-button" onClick={onClose} aria-label="Close idea" title="Close (Esc)">
          ×
        </button>
      </header>

      <div className="rb-detail-body">
        <div className="rb-detail-row">
          <label className="rb-field">
            <span>Status</span>
            <select value={card.status} disabled={!canEdit} onChange={(e) => setStatus(e.target.value as IdeaStatus)} aria-label="Status">
              {IDEA_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {IDEA_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="rb-field">
            <span>Owner</span>
            <select
              value={card.ownerId ?? ''}
              disabled={!canEdit}
              aria-label="Owner"
              onChange={(e) => {
                const id = e.target.value;
                setOwner(doc, card.id, id ? { id, name: ownerChoices.get(id) ?? 'Someone' } : null, 'local');
              }}
            >
              <option value="">Nobody yet</option>
              {[...ownerChoices].map(([id, name]) => (
                <option key={id} value={id}>
                  {id === person.id ? `${name} (me)` : name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={`rb-vote rb-vote-big${voted ? ' rb-vote-on' : ''}`}
            aria-pressed={voted}
            disabled={!canEdit}
            onClick={() => toggleVote(doc, card.id, person.id, 'local')}
            data-testid="detail-vote"
          >
            ▲ {card.voters.length} {voted ? 'Voted' : 'Vote'}
          </button>
        </div>

        <div className="rb-field">
          <span>Tags</span>
          <div className="rb-tags">
            {card.tags.map((t) => (
              <span key={t} className="rb-chip">
                #{t}
                {canEdit && (
                  <button type="button" aria-label={`Remove tag ${t}`} onClick={() => removeTag(doc, card.id, t, 'local')}>
                    ×
                  </button>
                )}
              </span>
            ))}
            {canEdit && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (addTag(doc, card.id, tagDraft, 'local')) setTagDraft('');
                }}
              >
                <input
                  value={tagDraft}
                  onChange={(e) => setTagDraft(e.target.value)}
                  placeholder="+ tag"
                  aria-label="Add a tag"
                  maxLength={32}
                />
              </form>
            )}
          </div>
        </div>

        <div className="rb-field">
          <span>Sections</span>
          {sections.length === 0 ? (
            <p className="rb-muted rb-small">No sections in the tempo map yet.</p>
          ) : (
            <div className="rb-link-chips">
              {sections.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className={`rb-chip rb-chip-toggle${linkedSections.has(s.id) ? ' rb-chip-on' : ''}`}
                  aria-pressed={linkedSections.has(s.id)}
                  disabled={!canEdit}
                  onClick={() => setLink(doc, card.id, 'sections', s.id, !linkedSections.has(s.id), 'local')}
                >
                  § {s.name}
                </button>
              ))}
            </div>
          )}
        </div>
        {refs.length > 0 && (
          <div className="rb-field">
            <span>References</span>
            <div className="rb-link-chips">
              {refs.map((r) => (
                <button
                  key={r.id}
                  type="button"
                  className={`rb-chip rb-chip-toggle${linkedRefs.has(r.id) ? ' rb-chip-on' : ''}`}
                  aria-pressed={linkedRefs.has(r.id)}
                  disabled={!canEdit}
                  onClick={() => setLink(doc, card.id, 'references', r.id, !linkedRefs.has(r.id), 'local')}
                >
                  ♫ {r.name}
                </button>
              ))}
            </div>
          </div>
        )}

        <div className="rb-field">
          <span>Notes</span>
          {notes ? (
            <NotesEditor text={notes} undoManager={undoManager} readOnly={!canEdit} label={`Notes for ${card.title}`} />
          ) : (
            <p className="rb-muted rb-small">No notes yet.</p>
          )}
        </div>

        <TakesSection card={card} />

        <p className="rb-detail-foot rb-muted rb-small">
          Caught by {card.createdBy}
          {card.createdAt ? ` · ${new Date(card.createdAt).toLocaleString()}` : ''}
        </p>
        {canEdit &&
          (confirmDelete ? (
            <div className="rb-confirm" role="alert">
              Delete “{card.title}” and its {card.takeCount} {card.takeCount === 1 ? 'take' : 'takes'} for everyone?
              <button type="button" className="rb-button rb-button-danger" onClick={() => deleteIdea(doc, card.id, 'local')}>
                Delete
              </button>
              <button type="button" className="rb-button" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </div>
          ) : (
            <button type="button" className="rb-link-button rb-danger-link" onClick={() => setConfirmDelete(true)}>
              Delete idea…
            </button>
          ))}
      </div>
    </div>
  );
}
