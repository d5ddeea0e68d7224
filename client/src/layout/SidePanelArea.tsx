/**
 * The room's side panels (tempo map, references, backlog): a tab per panel; clicking a tab opens
 * or closes it. All start closed: the canvas is the room's main surface and opening a panel
 * narrows it, so that is the person's choice, not the app's.
 *
 * On a phone there is no room beside the canvas: the tabs become a row above it and an open panel
 * covers the canvas as a full-screen sheet (theme.css). A "Canvas" tab, shown only there, is the
 * way back; the canvas stays mounted underneath so nothing reloads.
 *
 * Six panels share one 340 px row, so a tab is an icon over a short word (a long title keeps its
 * full name as the button's accessible name and tooltip), and Alt+1…Alt+n opens the nth panel.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useRoom } from '../room/roomHooks.ts';
import { setLocalPanel } from '../room/presence.ts';

export interface PanelDefinition {
  readonly id: string;
  /** The panel's name: the tab's accessible name and tooltip. */
  readonly title: string;
  /** The word under the icon when the title is too long for a sixth of the row. */
  readonly shortTitle?: string;
  readonly icon?: ReactNode;
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
  // Alt+digit toggles the nth panel. `code` rather than `key`: on a Mac, Option+1 types "¡".
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !/^Digit[1-9]$/.test(e.code)) return;
      const target = e.target as HTMLElement | null;
      if (target?.isContentEditable || target?.closest('input, textarea, select')) return;
      const panel = panels[Number(e.code.slice(5)) - 1];
      if (!panel) return;
      e.preventDefault();
      setOpenId((current) => (current === panel.id ? null : panel.id));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
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
        {panels.map((p, i) => {
          const shortcut = i < 9 ? `Alt+${i + 1}` : undefined;
          return (
            <button
              key={p.id}
              type="button"
              className="rb-sidepanel-tab"
              aria-label={p.title}
              aria-keyshortcuts={shortcut}
              title={shortcut ? `${p.title} (${shortcut})` : p.title}
              aria-pressed={p.id === openId}
              onClick={() => setOpenId(p.id === openId ? null : p.id)}
            >
              {p.icon}
              <span className="rb-sidepanel-tab-word">{p.shortTitle ?? p.title}</span>
            </button>
          );
        })}
      </nav>
      {open && <section className="rb-sidepanel-body">{open.render()}</section>}
    </aside>
  );
}
