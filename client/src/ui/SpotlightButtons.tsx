/**
 * The facilitator's "Bring here" and "Spotlight" buttons (F9), drawn the same wherever they sit:
 * the top bar on a wide screen, the Agenda panel where the top bar has no room (tablets, phones:
 * the room's title comes first). Data and actions come in as props.
 */

/** Screens whose top bar has no room for the buttons: the Agenda panel shows them instead. */
export const SPOTLIGHT_IN_PANEL_QUERY = '(max-width: 1199px)';
export function SpotlightButtons({
  on,
  followers,
  onBring,
  onToggle,
}: {
  /** Whether the spotlight is keeping people on the facilitator's view. */
  on: boolean;
  /** How many people follow it right now. */
  followers: number;
  onBring: () => void;
  onToggle: () => void;
}) {
  return (
    <div className="rb-spotlight" role="group" aria-label="Bring everyone to you">
      <button
        type="button"
        className="rb-spotlight-button"
        onClick={onBring}
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
        onClick={onToggle}
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
