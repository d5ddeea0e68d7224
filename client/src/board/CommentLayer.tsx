/**
 * Board comments on the canvas: a pin for every thread whose shape is on this page, drawn at its
 * point on the shape through the shape's current box and page transform, so it follows moves,
 * resizes, rotation, pan and zoom (SPEC N4); an unread pin is marked (N5). Pressing C (or the
 * Comment button) and then clicking a shape pins a new thread to that point of it, as "Comment
 * here" in the context menu does (CommentContextMenu.tsx); with one shape selected, C pins to that
 * shape. The open thread's card sits beside its pin, or under the comments control when its shape
 * is gone (N6).
 * Rendered in front of the canvas, inside tldraw (it needs the editor).
 */
import { useEffect, type CSSProperties } from 'react';
import { useEditor, useValue, type Editor, type TLShapeId } from 'tldraw';
import { localPinPosition, type BoardThread } from '@riffboard/shared';
import { useBoardLock, useCanEdit, useRoom } from '../room/roomHooks.ts';
import { useBoardThreads, useUnread } from '../boardComments/boardCommentsHooks.ts';
import { startThread } from '../boardComments/boardCommentActions.ts';
import { commentAuthor } from '../boardComments/commentAuthor.ts';
import { initials } from '../identity/identity.ts';
import { CommentComposer, CommentThreadCard, keepFromCanvas } from './CommentThreadCard.tsx';
import '../styles/boardComments.css';
import { shapeNoun, useCommentUi, type PinTarget } from './commentUi.ts';
import { pinTargetAt, targetOf } from './pinTarget.ts';

const CARD_W = 300;
/** From a pin's tip to the card beside it: the bubble's width and a gap. */
const PIN_GAP = 42;
/** A thread whose shape is gone opens under the comments control at the top of the canvas. */
const DOCK_TOP = 52;

interface Pin {
  readonly x: number;
  readonly y: number;
}

/** Where a pin on `shape` at `point` is in the viewport, or null when the shape is not on this page. */
function pinAt(editor: Editor, shapeId: string, point: PinTarget['point']): Pin | null {
  const shape = editor.getShape(shapeId as TLShapeId);
  if (!shape || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) return null;
  const local = localPinPosition(editor.getShapeGeometry(shape).bounds, point);
  const page = editor.getShapePageTransform(shape).applyToPoint(local);
  const at = editor.pageToViewport(page);
  return { x: at.x, y: at.y };
}

/**
 * A card's place beside a pin (whose bubble spans 30 px right of and above its tip), kept inside
 * the canvas: to its right, else its left, else (a narrow screen) below it, or above it when the
 * pin is in the lower half.
 */
function besidePin(pin: Pin, size: { w: number; h: number }): CSSProperties {
  if (pin.x + PIN_GAP + CARD_W <= size.w - 8 || pin.x - 12 - CARD_W >= 8) {
    const right = pin.x + PIN_GAP + CARD_W <= size.w - 8;
    return {
      left: right ? pin.x + PIN_GAP : pin.x - 12 - CARD_W,
      top: Math.min(Math.max(8, pin.y - 40), Math.max(8, size.h - 320)),
    };
  }
  const left = Math.min(Math.max(8, pin.x - CARD_W / 2), Math.max(8, size.w - CARD_W - 8));
  return pin.y > size.h / 2 ? { left, bottom: size.h - pin.y + 38 } : { left, top: pin.y + 8 };
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function CommentLayer() {
  const editor = useEditor();
  const room = useRoom();
  const canComment = useCanEdit();
  const lock = useBoardLock();
  const readOnlyNote =
    room.role === 'viewer'
      ? 'You can read comments here; an editor link lets you reply.'
      : `${lock.by || 'The facilitator'} locked the board: you can reply again once it is unlocked.`;
  const threads = useBoardThreads(room);
  const me = commentAuthor().id;
  const unread = useUnread(room, threads, me);
  const [{ mode }, ui] = useCommentUi(room);

  const size = useValue('comment layer size', () => ({ w: editor.getViewportScreenBounds().w, h: editor.getViewportScreenBounds().h }), [
    editor,
  ]);
  const pins = useValue(
    'comment pins',
    () => {
      const out = new Map<string, Pin>();
      for (const t of threads) {
        const p = pinAt(editor, t.shapeId, t.point);
        if (p) out.set(t.id, p);
      }
      return out;
    },
    [editor, threads],
  );
  const composingAt = useValue(
    'composer pin',
    () => (mode.kind === 'composing' ? pinAt(editor, mode.target.shapeId, mode.target.point) : null),
    [editor, mode],
  );

  // C starts a comment; Esc leaves placing or writing one.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e.target)) return;
      if (e.key === 'Escape' && ui.get().mode.kind !== 'idle') {
        ui.set({ mode: { kind: 'idle' } });
        return;
      }
      if (e.key.toLowerCase() !== 'c' || e.metaKey || e.ctrlKey || e.altKey || e.shiftKey || !canComment) return;
      // Like tldraw's own shortcuts: only while the person works on the canvas (canvasFocus.ts).
      if (!editor.getIsFocused() || editor.getEditingShapeId() !== null) return;
      e.preventDefault();
      const selected = editor.getSelectedShapes();
      const only = selected.length === 1 ? selected[0] : undefined;
      ui.set({ mode: only ? { kind: 'composing', target: targetOf(only) } : { kind: 'placing' }, listOpen: false });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor, ui, canComment]);

  // The lock or a role change can take commenting away mid-way.
  useEffect(() => {
    if (!canComment && (mode.kind === 'placing' || mode.kind === 'composing')) ui.set({ mode: { kind: 'idle' } });
  }, [canComment, mode.kind, ui]);

  const open = mode.kind === 'open' ? threads.find((t) => t.id === mode.threadId) : undefined;
  const openPin = open ? pins.get(open.id) : undefined;
  const openShapeId = open?.shapeId;
  const openShapeGone = useValue('open thread shape gone', () => openShapeId !== undefined && !editor.getShape(openShapeId as TLShapeId), [
    editor,
    openShapeId,
  ]);
  // The shape being commented on was deleted mid-sentence: nothing left to pin to.
  const composingLost = mode.kind === 'composing' && composingAt === null;
  useEffect(() => {
    if (composingLost) ui.set({ mode: { kind: 'idle' } });
  }, [composingLost, ui]);

  const place = (clientX: number, clientY: number): void => {
    const target = pinTargetAt(editor, editor.screenToPage({ x: clientX, y: clientY }));
    if (target) ui.set({ mode: { kind: 'composing', target } });
  };

  return (
    <div className="rb-comment-layer">
      {threads.map((t) => {
        const p = pins.get(t.id);
        return p ? (
          <PinButton
            key={t.id}
            thread={t}
            at={p}
            unread={unread.get(t.id) ?? 0}
            active={open?.id === t.id}
            onOpen={() => ui.set({ mode: { kind: 'open', threadId: t.id }, listOpen: false })}
          />
        ) : null;
      })}
      {mode.kind === 'placing' && (
        <div
          className="rb-comment-placing"
          data-testid="comment-placing"
          {...keepFromCanvas}
          onPointerDown={(e) => {
            e.stopPropagation();
            place(e.clientX, e.clientY);
          }}
        >
          <div className="rb-comment-placing-hint" role="status">
            Click a shape or a spot on an image to pin a comment · Esc to cancel
          </div>
        </div>
      )}
      {mode.kind === 'composing' && composingAt && (
        <>
          <span
            className="rb-comment-pin is-new"
            style={{ transform: `translate(${composingAt.x}px, ${composingAt.y}px)` }}
            aria-hidden="true"
          >
            <span className="rb-comment-pin-face">+</span>
          </span>
          <CommentComposer
            key={`${mode.target.shapeId}:${mode.target.point?.x}:${mode.target.point?.y}`}
            noun={shapeNoun(mode.target.shapeType)}
            style={besidePin(composingAt, size)}
            onCancel={() => ui.set({ mode: { kind: 'idle' } })}
            onSubmit={(text) => {
              const id = startThread(room, mode.target, text);
              ui.set({ mode: id ? { kind: 'open', threadId: id } : { kind: 'idle' } });
            }}
          />
        </>
      )}
      {open && (
        <CommentThreadCard
          key={open.id}
          room={room}
          thread={open}
          shapeGone={openShapeGone}
          canComment={canComment}
          me={me}
          style={openPin ? besidePin(openPin, size) : { left: Math.max(8, size.w / 2 - CARD_W / 2), top: DOCK_TOP }}
          readOnlyNote={readOnlyNote}
          onClose={() => ui.set({ mode: { kind: 'idle' } })}
        />
      )}
    </div>
  );
}

function PinButton({
  thread,
  at,
  unread,
  active,
  onOpen,
}: {
  readonly thread: BoardThread;
  readonly at: Pin;
  readonly unread: number;
  readonly active: boolean;
  readonly onOpen: () => void;
}) {
  const count = 1 + thread.replies.length;
  const label = `Comment by ${thread.root.personName}: ${thread.root.text.slice(0, 60)}${thread.resolved ? ' (resolved)' : ''}${unread > 0 ? ` — ${unread} unread` : ''}`;
  return (
    <button
      type="button"
      className={`rb-comment-pin${unread > 0 ? ' is-unread' : ''}${thread.resolved ? ' is-resolved' : ''}${active ? ' is-active' : ''}`}
      style={{ transform: `translate(${at.x}px, ${at.y}px)` }}
      data-testid="comment-pin"
      data-thread-id={thread.id}
      data-unread={unread > 0 ? 'true' : 'false'}
      aria-label={label}
      title={label}
      {...keepFromCanvas}
      onClick={onOpen}
    >
      <span className="rb-comment-pin-face">{thread.resolved ? '✓' : initials(thread.root.personName)}</span>
      {count > 1 && !thread.resolved && <span className="rb-comment-pin-count">{count}</span>}
      {unread > 0 && <span className="rb-comment-pin-dot" data-testid="comment-unread" />}
    </button>
  );
}
