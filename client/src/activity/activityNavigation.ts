/**
 * Going to what an activity line is about: the canvas zooms to a shape (the board listens for
 * ZOOM_TO_SHAPE_EVENT), other items open their side panel (`rb:open-panel`) on the item
 * (FOCUS_ITEM_EVENT, which panels that can show one item listen for). Window events keep the
 * panels and the board from importing each other.
 */
import { BOARD_COMMENT_KIND, BOARD_REPLY_KIND, type FeedTarget } from '@riffboard/shared';
import { openReference, OPEN_PANEL_EVENT } from '../references/referenceSelection.ts';

export const ZOOM_TO_SHAPE_EVENT = 'rb:zoom-to-shape';
export const FOCUS_ITEM_EVENT = 'rb:focus-item';
/** Asks the board to bring a comment thread's pin into view and open the thread (detail: thread id). */
export const OPEN_THREAD_EVENT = 'rb:open-comment-thread';

export interface FocusItem {
  readonly panel: string;
  readonly itemId: string;
}

/** A focus asked for before its panel was open to hear it (the panel mounts after the request). */
let pendingFocus: FocusItem | null = null;

/** The item a just-opened `panel` should show, once. */
export function takeFocus(panel: string): string | undefined {
  if (pendingFocus?.panel !== panel) return undefined;
  const { itemId } = pendingFocus;
  pendingFocus = null;
  return itemId;
}

const PANEL_OF: Readonly<Partial<Record<FeedTarget['area'], string>>> = {
  tempo: 'tempo',
  backlog: 'backlog',
  takes: 'backlog',
  votes: 'backlog',
  references: 'references',
  comments: 'references',
};

/** Takes the person to `target`. */
export function goToActivity(target: FeedTarget): void {
  if (target.area === 'board') {
    window.dispatchEvent(new CustomEvent<string>(ZOOM_TO_SHAPE_EVENT, { detail: target.itemId }));
    return;
  }
  if (target.area === 'references') return openReference(target.itemId);
  if (target.area === 'comments' && (target.kind === BOARD_COMMENT_KIND || target.kind === BOARD_REPLY_KIND)) {
    // A reply's parent is its thread.
    const threadId = target.kind === BOARD_REPLY_KIND && target.parentId ? target.parentId : target.itemId;
    window.dispatchEvent(new CustomEvent<string>(OPEN_THREAD_EVENT, { detail: threadId }));
    return;
  }
  if (target.area === 'comments' && target.parentId) return openReference(target.parentId);
  if (target.area === 'settings') {
    if (target.kind === 'agenda' || target.kind === 'timer' || target.kind === 'dot vote' || target.kind === 'lock')
      window.dispatchEvent(new CustomEvent(OPEN_PANEL_EVENT, { detail: 'agenda' }));
    return;
  }
  const panel = PANEL_OF[target.area];
  if (!panel) return;
  window.dispatchEvent(new CustomEvent(OPEN_PANEL_EVENT, { detail: panel }));
  // Ideas, takes and votes are shown on their idea; sections on themselves, tempo and meter changes on their section.
  const itemId = (target.area === 'takes' || target.area === 'tempo') && target.parentId ? target.parentId : target.itemId;
  pendingFocus = { panel, itemId };
  window.dispatchEvent(new CustomEvent<FocusItem>(FOCUS_ITEM_EVENT, { detail: pendingFocus }));
}
