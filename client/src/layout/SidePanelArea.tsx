/**
 * The room's side panels (tempo map, references, backlog): a tab per panel; clicking a tab opens
 * or closes it. All start closed: the canvas is the room's main surface and opening a panel
 * narrows it, so that is the person's choice, not the app's.
 *
 * On a phone there is no room beside the canvas: the tabs become a row above it and an open panel
 * covers the canvas as a full-screen sheet (theme.css). A "Canvas" tab, shown only there, is the
 * way back; the canvas stays mounted underneath so nothing reloads.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useRoom } from '../room/roomHooks.ts';
import { setLocalPanel } from '../room/presence.ts';

export interface PanelDefinition {
  readonly id: string;
  readonly title: string;
  readonly render: () => ReactNode;
}

export function SidePanelArea({ panels }: { panels: readonly PanelDefinition[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const { awareness } = useRoom().provider;
  // Others see which panel you have open ("who is here"); closing it clears the field.
  const openPanel = panels.some((p) => p.id === openId) ? openId : null;
  useEffect(() => {
    setLocalPanel(awareness, openPanel);
    return () => setLocalPanel(awareness, null);
  }, [awareness, openPanel]);
  // Other parts of the room (e.g. a reference card on the canvas) ask for a panel with this event;
  // null asks for the canvas alone (the facilitator's spotlight when they close their panel).
  useEffect(() => {
    const onOpen = (e: Event): void => {
      const id = (e as CustomEvent<unknown>).detail;
      if (typeof id === 'string' && panels.some((p) => p.id === id)) setOpenId(id);
      else if (id === null) setOpenId(null);
    };
    window.addEventListener('rb:open-panel', onOpen);
    return () => window.removeEventListener('rb:open-panel', onOpen);
  }, [panels]);
  if (panels.length === 0) return null;
  const open = panels.find((p) => p.id === openId);
  return (
    <aside className={`rb-sidepanel${open ? '' : ' rb-sidepanel-collapsed'}`}>
      <nav className="rb-sidepanel-tabs" aria-label="Panels">
        <button type="button" className="rb-sidepanel-canvas-tab" aria-pressed={!open} onClick={() => setOpenId(null)}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M10 3L5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Canvas
        </button>
        {panels.map((p) => (
          <button key={p.id} type="button" aria-pressed={p.id === openId} onClick={() => setOpenId(p.id === openId ? null : p.id)}>
            {p.title}
          </button>
        ))}
      </nav>
      {open && <section className="rb-sidepanel-body">{open.render()}</section>}
    </aside>
  );
}
