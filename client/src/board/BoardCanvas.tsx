/**
 * The moodboard: a tldraw editor over a store bound to the room doc. Nothing is shown until the
 * doc is ready (RoomConnection), so tldraw only creates its default page in a room that has none.
 */
import { useEffect, useRef, useState } from 'react';
import { Tldraw, createTLStore, defaultBindingUtils, defaultShapeUtils, type Editor, type TLComponents } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';
import { bindStoreToDoc, loadDocIntoStore } from './bindStoreToDoc.ts';
import { CanvasOverlay } from './CanvasOverlay.tsx';
import { CommentsControl } from './CommentsControl.tsx';
import { CommentContextMenu } from './CommentContextMenu.tsx';
import { broadcastCursor } from './cursorBroadcast.ts';
import { broadcastViewport } from './viewportBroadcast.ts';
import { useBoardLock, useCanEdit, useRoom, useRoomSnapshot } from '../room/roomHooks.ts';
import { boardShapeUtils, placeReferenceCard } from './ReferenceCardShape.tsx';
import { roomAssetStore } from '../assets/roomAssetStore.ts';
import { registerFileDrop } from './imageDrop.ts';
import { UploadOverlay } from '../ui/UploadOverlay.tsx';
import { addFileReference } from '../references/referenceActions.ts';
import { readIdentity } from '../identity/identity.ts';
import { focusCanvasOnlyWhenUsed } from './canvasFocus.ts';
import { exportBoard } from './boardExport.ts';
import { provideBoardImage } from '../room/boardImage.ts';

// Fonts, icons and translations come from our own origin: the default CDN may be unreachable.
const assetUrls = getAssetUrlsByImport();
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined;
// Module-level so tldraw sees the same object every render and doesn't remount its UI.
const components: TLComponents = { InFrontOfTheCanvas: CanvasOverlay, TopPanel: CommentsControl, ContextMenu: CommentContextMenu };
// Default shapes plus the reference card; the same list for the store and the editor.
const shapeUtils = [...defaultShapeUtils, ...boardShapeUtils];

type BindState = { readonly kind: 'waiting' } | { readonly kind: 'bound' } | { readonly kind: 'error'; readonly message: string };

export function BoardCanvas() {
  const room = useRoom();
  const canEdit = useCanEdit();
  const { ready } = useRoomSnapshot(room);
  // Images go to the room's asset store; the doc keeps only token-free addresses (roomAssetStore.ts).
  const [store] = useState(() =>
    createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils, assets: roomAssetStore(room.roomId, room.token) }),
  );
  const [bind, setBind] = useState<BindState>({ kind: 'waiting' });
  // Board records this tab can't show; the rest of the board stays live (readableRecords.ts).
  const [setAside, setSetAside] = useState(0);
  const [unreadable, setUnreadable] = useState(false);
  const [editor, setEditor] = useState<Editor | null>(null);
  // The lock (F6) can turn editing off and on while the board is open.
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canEdit });
  }, [editor, canEdit]);
  // Why a file dropped now would be refused: read at the drop, not when the canvas opened.
  const lock = useBoardLock();
  const editBlock = useRef<string | null>(null);
  useEffect(() => {
    editBlock.current =
      room.role === 'viewer'
        ? 'You are viewing this room: only editors can add images and references.'
        : !canEdit
          ? `${lock.by || 'The facilitator'} locked the board: images and references can be added again once it is unlocked.`
          : null;
  }, [room.role, canEdit, lock.by]);

  useEffect(() => {
    if (!ready) return;
    let ids: Set<string>;
    try {
      ids = new Set(loadDocIntoStore(store, room.doc).map((r) => r.id));
    } catch (err) {
      setBind({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    setSetAside(ids.size);
    const unbind = bindStoreToDoc(store, room.doc, () => setUnreadable(true), ids, setSetAside);
    setBind({ kind: 'bound' });
    return unbind;
  }, [ready, store, room]);

  if (bind.kind === 'error')
    return (
      <div className="rb-canvas-message" role="alert">
        {bind.message}
      </div>
    );
  if (bind.kind === 'waiting') {
    return (
      <div className="rb-canvas-message" role="status">
        <span className="rb-spinner" aria-hidden="true" />
        Loading the board…
      </div>
    );
  }
  const onMount = (editor: Editor): (() => void) => {
    // Viewers get tldraw's own read-only mode: only select, hand and laser, no edit shortcuts,
    // so nothing they do changes their local copy (the server would refuse it anyway, SPEC A2).
    // Instance state is session-scoped, so this never reaches the document.
    if (!canEdit) editor.updateInstanceState({ isReadonly: true });
    setEditor(editor);
    const stopCursor = broadcastCursor(editor, room.provider.awareness);
    const stopViewport = broadcastViewport(editor, room.provider.awareness);
    const stopFocus = focusCanvasOnlyWhenUsed(editor);
    const stopImage = provideBoardImage(room, (format) => exportBoard(editor, format));
    const stopDrop = registerFileDrop(editor, {
      roomId: room.roomId,
      token: room.token,
      editBlock: () => editBlock.current,
      addAudio: (file) => addFileReference(room, file, readIdentity()?.name ?? 'someone'),
      placeCard: placeReferenceCard,
    });
    return () => {
      setEditor(null);
      stopCursor();
      stopViewport();
      stopFocus();
      stopImage();
      stopDrop();
    };
  };
  return (
    <div className="rb-canvas" data-testid="board">
      {unreadable && (
        <div className="rb-canvas-notice" role="status">
          Some changes from someone on a newer version of Riffboard can’t be shown here. Reload the page to update.
        </div>
      )}
      {setAside > 0 && !unreadable && (
        <div className="rb-canvas-notice" role="status" data-testid="board-set-aside">
          {setAside === 1 ? 'One item on the board can’t be shown here' : `${setAside} items on the board can’t be shown here`}: saved
          damaged, or by a newer version of Riffboard. Everything else is live; reloading the page may help.
        </div>
      )}
      <UploadOverlay />
      <Tldraw
        store={store}
        shapeUtils={boardShapeUtils}
        assetUrls={assetUrls}
        {...(licenseKey ? { licenseKey } : {})}
        colorScheme="dark"
        components={components}
        onMount={onMount}
      />
    </div>
  );
}
