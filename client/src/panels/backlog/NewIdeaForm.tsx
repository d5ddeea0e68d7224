/**
 * "Catch an idea…": a title typed and Enter creates an idea in one 'local' transaction. Wide, it
 * lands in Ideas; docked, in the column on show, which the placeholder names. Editors only.
 */
import { useState, type RefObject } from 'react';
import { IDEA_STATUS_LABEL, createIdea, type IdeaStatus } from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { usePerson } from './backlogHooks.ts';

export interface NewIdeaFormProps {
  /** The column new ideas go into. */
  readonly status: IdeaStatus;
  /** Name that column in the placeholder (docked, where only one column shows). */
  readonly showStatus: boolean;
  /** The title field, focused by the board's N key. */
  readonly inputRef: RefObject<HTMLInputElement | null>;
}

export function NewIdeaForm({ status, showStatus, inputRef }: NewIdeaFormProps) {
  const { doc } = useRoom();
  const canEdit = useCanEdit();
  const person = usePerson();
  const [draft, setDraft] = useState('');
  if (!canEdit) return null;
  return (
    <form
      className="rb-backlog-add"
      onSubmit={(e) => {
        e.preventDefault();
        const id = createIdea(doc, { title: draft, status }, person, 'local');
        if (id) setDraft('');
      }}
    >
      <input
        ref={inputRef}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        placeholder={`Catch an idea… (N)${showStatus ? ` → ${IDEA_STATUS_LABEL[status]}` : ''}`}
        aria-label="New idea"
        maxLength={200}
      />
      <button type="submit" className="rb-button rb-button-primary" disabled={!draft.trim()}>
        Add
      </button>
    </form>
  );
}
