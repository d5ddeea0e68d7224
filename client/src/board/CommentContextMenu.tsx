/**
 * tldraw's context menu with "Comment here" on top for people who may comment (SPEC N7): a right
 * click on a spot of a shape pins a new thread to that spot, as C and a click do.
 */
import { useState } from 'react';
import {
  DefaultContextMenu,
  DefaultContextMenuContent,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  useEditor,
  type TLUiContextMenuProps,
} from 'tldraw';
import { useCanEdit, useRoom } from '../room/roomHooks.ts';
import { commentUi } from './commentUi.ts';
import { pinTargetAt } from './pinTarget.ts';

export function CommentContextMenu(props: TLUiContextMenuProps) {
  return (
    <DefaultContextMenu {...props}>
      <CommentHereItem />
      <DefaultContextMenuContent />
    </DefaultContextMenu>
  );
}

function CommentHereItem() {
  const editor = useEditor();
  const room = useRoom();
  const canComment = useCanEdit();
  // The menu's content mounts when it opens: this is where the right click was.
  const [target] = useState(() => pinTargetAt(editor, editor.inputs.getCurrentPagePoint()));
  if (!canComment || !target) return null;
  return (
    <TldrawUiMenuGroup id="riffboard-comment">
      <TldrawUiMenuItem
        id="riffboard-comment-here"
        label="Comment here"
        kbd="c"
        onSelect={() => commentUi(room).set({ mode: { kind: 'composing', target }, listOpen: false })}
      />
    </TldrawUiMenuGroup>
  );
}
