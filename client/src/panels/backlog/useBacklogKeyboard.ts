/**
 * The backlog's keyboard: N new idea, / search, Esc closes the open idea, Ctrl/⌘+Z undo,
 * Ctrl/⌘+Shift+Z or Ctrl+Y redo (on the board, outside text fields and the notes editor, which has
 * its own); on a focused card: Enter or Space open, V vote, ↑/↓ focus the card above/below,
 * Alt+←/→ move to the previous/next column, Alt+↑/↓ move up/down.
 *
 * A card moved by keyboard re-renders in another place or column; focus follows it there once,
 * after which it belongs to whatever the person clicks or types into next.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type * as Y from 'yjs';
import { IDEA_STATUSES, type Board, type IdeaCard, type IdeaStatus } from '@riffboard/shared';

export interface BacklogKeyboardOptions {
  readonly board: Board;
  readonly wide: boolean;
  readonly canEdit: boolean;
  readonly openId: string | null;
  readonly undoManager: Y.UndoManager;
  setOpenId(id: string | null): void;
  vote(id: string): void;
  move(id: string, status: IdeaStatus, index: number): void;
  /** Shows a column in the compact (one column) layout. */
  showColumn(status: IdeaStatus): void;
}

export interface BacklogKeyboard {
  /** On the board's root element (cards are looked up inside it to move focus). */
  readonly rootRef: RefObject<HTMLDivElement | null>;
  /** The new-idea field (N) and the filter field (/). */
  readonly newIdeaRef: RefObject<HTMLInputElement | null>;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  onBoardKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  onCardKeyDown(e: KeyboardEvent<HTMLElement>, card: IdeaCard): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function useBacklogKeyboard(o: BacklogKeyboardOptions): BacklogKeyboard {
  const { board, wide, canEdit, openId, undoManager } = o;
  const [focusId, setFocusId] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const newIdeaRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Keep keyboard focus on a card that moved (it re-renders in another place or column). Once only,
  // and only if focus went nowhere meanwhile: if the card shows up later (after a peer's update, say)
  // and the person has since clicked or typed elsewhere, focus stays where they put it.
  useEffect(() => {
    if (!focusId) return;
    const active = document.activeElement;
    if (active && active !== document.body && !active.matches(`[data-idea-id="${CSS.escape(focusId)}"]`)) {
      setFocusId(null);
      return;
    }
    const el = rootRef.current?.querySelector<HTMLElement>(`[data-idea-id="${CSS.escape(focusId)}"]`);
    if (!el) return;
    if (active !== el) el.focus();
    setFocusId(null);
  }, [focusId, board]);

  const onCardKeyDown = (e: KeyboardEvent<HTMLElement>, card: IdeaCard): void => {
    if (e.target !== e.currentTarget) return;
    const col = board[card.status];
    const at = col.findIndex((c) => c.id === card.id);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      o.setOpenId(card.id);
    } else if ((e.key === 'v' || e.key === 'V') && !e.metaKey && !e.ctrlKey && canEdit) {
      e.preventDefault();
      o.vote(card.id);
    } else if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && canEdit) {
      e.preventDefault();
      const to = IDEA_STATUSES[IDEA_STATUSES.indexOf(card.status) + (e.key === 'ArrowLeft' ? -1 : 1)];
      if (!to) return;
      o.move(card.id, to, Math.min(at, board[to].length));
      setFocusId(card.id);
      if (!wide) o.showColumn(to);
    } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && canEdit) {
      e.preventDefault();
      const to = at + (e.key === 'ArrowUp' ? -1 : 1);
      if (to < 0 || to >= col.length) return;
      o.move(card.id, card.status, to);
      setFocusId(card.id);
    } else if (!e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const next = (
        e.key === 'ArrowDown' ? e.currentTarget.parentElement?.nextElementSibling : e.currentTarget.parentElement?.previousElementSibling
      )?.querySelector<HTMLElement>('[data-idea-id]');
      next?.focus();
    }
  };

  const onBoardKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const mod = e.metaKey || e.ctrlKey;
    if (mod && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
      if (e.target instanceof HTMLElement && e.target.closest('.cm-editor')) return; // the notes editor handles its own
      if (isTyping(e.target)) return;
      e.preventDefault();
      if (!canEdit) return;
      if (e.key === 'y' || e.shiftKey) undoManager.redo();
      else undoManager.undo();
      return;
    }
    if (isTyping(e.target) || mod || e.altKey) return;
    if ((e.key === 'n' || e.key === 'N') && canEdit) {
      e.preventDefault();
      newIdeaRef.current?.focus();
    } else if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
    } else if (e.key === 'Escape' && openId) o.setOpenId(null);
  };

  return { rootRef, newIdeaRef, searchRef, onBoardKeyDown, onCardKeyDown };
}
