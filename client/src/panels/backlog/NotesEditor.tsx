/**
 * An idea's notes, edited by everyone at once: CodeMirror 6 bound to the idea's Y.Text with
 * y-codemirror.next.
 *
 * Why this binding: it is maintained by the Yjs authors, maps CodeMirror transactions to Y.Text
 * deltas in both directions (no diffing of whole strings, so two people typing at once merge
 * character by character and the caret stays put on remote edits), and takes our Y.UndoManager,
 * so Ctrl+Z in the notes walks the same per-person stack as the board (it adds its own origin to
 * the manager's tracked origins). A plain textarea would need a hand-written diff binding that
 * loses caret position on remote edits. Awareness is not passed (see backlogHooks.ts: its remote
 * carets would overwrite the canvas cursor field); who is editing is shown on the card instead.
 */
import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type * as Y from 'yjs';

export function NotesEditor({
  text,
  undoManager,
  readOnly,
  label,
}: {
  text: Y.Text;
  undoManager: Y.UndoManager;
  readOnly: boolean;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          yCollab(text, null, { undoManager }),
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          placeholderExt(readOnly ? 'No notes yet.' : 'What to try, what you heard, what to change next time…'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', 'data-testid': 'idea-notes' }),
        ],
      }),
    });
    return () => view.destroy();
  }, [text, undoManager, readOnly, label]);
  return <div className="rb-notes" ref={host} />;
}
