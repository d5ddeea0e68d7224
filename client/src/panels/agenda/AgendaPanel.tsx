/**
 * The Agenda side panel: the countdown with the facilitator's controls, the agenda of timeboxes,
 * and (for the facilitator) the lock, and where the top bar has no room for them (tablets,
 * phones), the "bring here" and spotlight buttons (F9). Everybody sees it live; only the facilitator gets
 * controls (the server refuses anyone else's writes anyway, F5).
 */
import { useRole } from '../../room/roomHooks.ts';
import { useFacilitationActions, useFacilitationView, useSpotlightState } from '../../facilitation/facilitationHooks.ts';
import { SPOTLIGHT_IN_PANEL_QUERY, SpotlightButtons } from '../../ui/SpotlightButtons.tsx';
import { useMediaQuery } from '../../ui/useMediaQuery.ts';
import { CountdownCard } from './CountdownCard.tsx';
import { AgendaList } from './AgendaList.tsx';
import { NewItemForm } from './NewItemForm.tsx';
import { VoteCard } from './VoteCard.tsx';
import '../../styles/agenda.css';

export function AgendaPanel() {
  const role = useRole();
  const view = useFacilitationView();
  const isFacilitator = role === 'facilitator';
  const spotlightHere = useMediaQuery(SPOTLIGHT_IN_PANEL_QUERY);
  return (
    <div className="rb-agenda-panel" data-testid="agenda-panel">
      <CountdownCard isFacilitator={isFacilitator} />
      <section className="rb-agenda-section" aria-label="Agenda">
        <h3 className="rb-agenda-heading">Agenda</h3>
        {view.agenda.items.length === 0 ? (
          <p className="rb-agenda-empty">
            {isFacilitator
              ? 'No agenda yet. Add the first timebox below: a title and how many minutes it gets.'
              : 'The facilitator hasn’t set an agenda yet. When they do, it appears here, with the countdown in the top bar.'}
          </p>
        ) : (
          <AgendaList isFacilitator={isFacilitator} />
        )}
        {isFacilitator && <NewItemForm />}
      </section>
      <VoteCard />
      {isFacilitator && spotlightHere && <PanelSpotlight />}
    </div>
  );
}

function PanelSpotlight() {
  const actions = useFacilitationActions();
  const { on, followers } = useSpotlightState();
  return (
    <section className="rb-agenda-section" aria-label="Bring everyone to you">
      <h3 className="rb-agenda-heading">Bring everyone to you</h3>
      <SpotlightButtons
        on={on}
        followers={followers}
        onBring={() => actions.bringEveryone()}
        onToggle={() => (on ? actions.stopSpotlight() : actions.startSpotlight())}
      />
    </section>
  );
}
