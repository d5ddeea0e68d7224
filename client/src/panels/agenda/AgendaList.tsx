/** The agenda's timeboxes in order; the facilitator edits, reorders, deletes and picks the current one. */
import { AGENDA_PANELS, type AgendaItem, type AgendaPanel } from '@riffboard/shared';
import { useFacilitationActions, useFacilitationView } from '../../facilitation/facilitationHooks.ts';

const PANEL_LABEL: Record<AgendaPanel, string> = { tempo: 'Tempo map', backlog: 'Backlog', references: 'References', agenda: 'Agenda' };

export function AgendaList({ isFacilitator }: { isFacilitator: boolean }) {
  const { agenda } = useFacilitationView();
  return (
    <ol className="rb-agenda-list" data-testid="agenda-list">
      {agenda.items.map((item, i) => (
        <AgendaRow
          key={item.id}
          item={item}
          index={i}
          last={i === agenda.items.length - 1}
          current={item.id === agenda.currentId}
          isFacilitator={isFacilitator}
        />
      ))}
    </ol>
  );
}

function AgendaRow({
  item,
  index,
  last,
  current,
  isFacilitator,
}: {
  item: AgendaItem;
  index: number;
  last: boolean;
  current: boolean;
  isFacilitator: boolean;
}) {
  const act = useFacilitationActions();
  return (
    <li
      className={`rb-agenda-item${current ? ' rb-agenda-current' : ''}`}
      data-testid="agenda-item"
      data-current={current}
      aria-current={current ? 'step' : undefined}
    >
      <div className="rb-agenda-row">
        <span className="rb-agenda-index">{index + 1}</span>
        {isFacilitator ? (
          <>
            <input
              className="rb-agenda-title-input"
              aria-label="Item title"
              defaultValue={item.title}
              onBlur={(e) => e.target.value !== item.title && act.editItem(item.id, { title: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            />
            <input
              className="rb-agenda-minutes-input"
              aria-label="Minutes"
              type="number"
              min={0.25}
              step={0.25}
              max={480}
              defaultValue={item.minutes}
              onBlur={(e) => {
                const n = Math.round(Number(e.target.value) * 4) / 4;
                if (Number.isFinite(n) && n >= 0.25 && n !== item.minutes) act.editItem(item.id, { minutes: n });
              }}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            />
            <span className="rb-agenda-unit">min</span>
          </>
        ) : (
          <>
            <span className="rb-agenda-title">{item.title}</span>
            <span className="rb-agenda-minutes">{item.minutes} min</span>
          </>
        )}
      </div>
      {isFacilitator ? (
        <div className="rb-agenda-tools">
          {!current && (
            <button
              type="button"
              className="rb-agenda-tool"
              title="Make this the current item"
              aria-label={`Make ${item.title} current`}
              onClick={() => act.goTo(item.id)}
            >
              Go
            </button>
          )}
          <select
            aria-label="Where to look"
            value={item.panel ?? ''}
            onChange={(e) => act.editItem(item.id, { panel: (e.target.value || null) as AgendaPanel | null })}
          >
            <option value="">Look at: the board</option>
            {AGENDA_PANELS.map((p) => (
              <option key={p} value={p}>
                Look at: {PANEL_LABEL[p]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="rb-agenda-tool"
            aria-label="Move up"
            disabled={index === 0}
            onClick={() => act.moveItem(item.id, -1)}
          >
            ↑
          </button>
          <button type="button" className="rb-agenda-tool" aria-label="Move down" disabled={last} onClick={() => act.moveItem(item.id, 1)}>
            ↓
          </button>
          <button
            type="button"
            className="rb-agenda-tool rb-agenda-delete"
            aria-label={`Delete ${item.title}`}
            onClick={() => act.deleteItem(item.id)}
          >
            ✕
          </button>
        </div>
      ) : (
        item.panel && <div className="rb-agenda-look">Look at: {PANEL_LABEL[item.panel]}</div>
      )}
    </li>
  );
}
