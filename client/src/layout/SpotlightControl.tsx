/**
 * The facilitator's "bring everyone here" and spotlight buttons in the top bar (F9), with their
 * keyboard shortcuts: Shift+B brings everyone once, Shift+S turns the spotlight on and off. The
 * spotlight button counts who is following it right now (from presence). Only the facilitator
 * sees this; the server refuses a spotlight written by anyone else (F5).
 */
import { useEffect } from 'react';
import { isSpotlightOn } from '@riffboard/shared';
import { usePeers, useRoom } from '../room/roomHooks.ts';
import { useFacilitationActions, useFacilitationView } from '../facilitation/facilitationHooks.ts';

/** A key typed into a field is text, not a shortcut. */
function typing(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

export function SpotlightControl() {
  const room = useRoom();
  const actions = useFacilitationActions();
  const { spotlight } = useFacilitationView();
  const peers = usePeers(room);
  const self = room.provider.awareness.clientID;
  const on = isSpotlightOn(spotlight);
  const followers = peers.filter((p) => !p.isSelf && p.following === self).length;

  useEffect(() => {
    if (room.role !== 'facilitator') return;
    const onKey = (e: KeyboardEvent): void => {
      if (!e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.repeat || typing(e.target)) return;
      const key = e.key.toLowerCase();
      if (key !== 'b' && key !== 's') return;
      // tldraw matches its shortcuts' modifiers exactly (Shift+B is not its B), so it may see the key too.
      e.preventDefault();
      if (key === 'b') actions.bringEveryone();
      else if (on) actions.stopSpotlight();
      else actions.startSpotlight();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [room.role, actions, on]);

  if (room.role !== 'facilitator') return null;
  return (
    <div className="rb-spotlight" role="group" aria-label="Bring everyone to you">
      <button
        type="button"
        className="rb-spotlight-button"
        onClick={() => actions.bringEveryone()}
        aria-label="Bring everyone here (Shift+B)"
        title="Move everybody’s view and open panel to yours, once (Shift+B)"
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="8" r="2.2" fill="currentColor" />
          <path d="M8 1v3M8 12v3M1 8h3M12 8h3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <span className="rb-spotlight-label">Bring here</span>
      </button>
      <button
        type="button"
        className={`rb-spotlight-button${on ? ' rb-spotlight-on' : ''}`}
        aria-pressed={on}
        data-testid="spotlight-toggle"
        data-followers={followers}
        onClick={() => (on ? actions.stopSpotlight() : actions.startSpotlight())}
        aria-label={on ? `Stop the spotlight, ${followers} following (Shift+S)` : 'Spotlight: keep everyone on your view (Shift+S)'}
        title={
          on
            ? 'Let everybody go back to their own view (Shift+S)'
            : 'Keep everybody on your view and panel until they move on their own (Shift+S)'
        }
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M6 2h4l-1 5H7z" fill="currentColor" />
          <path d="M3 14l4-6h2l4 6z" fill="currentColor" opacity="0.55" />
        </svg>
        <span className="rb-spotlight-label">{on ? `Spotlight · ${followers} following` : 'Spotlight'}</span>
      </button>
    </div>
  );
}
