/**
 * The facilitator's "bring everyone here" and spotlight buttons in the top bar (F9), with their
 * keyboard shortcuts: Shift+B brings everyone once, Shift+S turns the spotlight on and off. Only
 * the facilitator sees this; the server refuses a spotlight written by anyone else (F5). A narrower
 * top bar has no room for it: there the Agenda panel shows the same buttons (the shortcuts stay).
 */
import { useEffect } from 'react';
import { useRole } from '../room/roomHooks.ts';
import { useFacilitationActions, useSpotlightState } from '../facilitation/facilitationHooks.ts';
import { SPOTLIGHT_IN_PANEL_QUERY, SpotlightButtons } from '../ui/SpotlightButtons.tsx';
import { useMediaQuery } from '../ui/useMediaQuery.ts';

/** A key typed into a field is text, not a shortcut. */
function typing(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

export function SpotlightControl() {
  const role = useRole();
  const actions = useFacilitationActions();
  const { on, followers } = useSpotlightState();
  const inPanel = useMediaQuery(SPOTLIGHT_IN_PANEL_QUERY);

  useEffect(() => {
    if (role !== 'facilitator') return;
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
  }, [role, actions, on]);

  if (role !== 'facilitator' || inPanel) return null;
  return (
    <SpotlightButtons
      on={on}
      followers={followers}
      onBring={() => actions.bringEveryone()}
      onToggle={() => (on ? actions.stopSpotlight() : actions.startSpotlight())}
    />
  );
}
