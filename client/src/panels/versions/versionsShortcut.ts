/**
 * Alt+Shift+S, anywhere in the room: open the Versions panel and put the cursor in the version's
 * name field. Alt+Shift keeps it clear of tldraw's single-key tools and of the browser's Ctrl+S.
 */
export const FOCUS_SAVE_EVENT = 'rb:focus-save-version';

export function isSaveVersionShortcut(e: KeyboardEvent): boolean {
  return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyS';
}

/** Opens the panel, then focuses the field once the panel has rendered. */
export function openSaveVersion(): void {
  window.dispatchEvent(new CustomEvent('rb:open-panel', { detail: 'versions' }));
  requestAnimationFrame(() => window.dispatchEvent(new Event(FOCUS_SAVE_EVENT)));
}
