/**
 * Which reference the panel shows, shared by the canvas (reference cards open it) and the panel.
 * Opening asks the side-panel area to show the References tab through a window event, so the
 * board never imports the layout.
 */
import { useSyncExternalStore } from 'react';

export const OPEN_PANEL_EVENT = 'rb:open-panel';
let selected: string | undefined;
const listeners = new Set<() => void>();

export function selectReference(id: string | undefined): void {
  selected = id;
  for (const l of listeners) l();
}

/** Shows the reference in the References panel (opening the panel). */
export function openReference(id: string): void {
  selectReference(id);
  window.dispatchEvent(new CustomEvent(OPEN_PANEL_EVENT, { detail: 'references' }));
}

export function useSelectedReference(): string | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => selected,
  );
}
