/** Credits: who added what in this room (ideas, takes, references, comments, sections), for credits and splits. */
import { creditSummary, type Credit } from '@riffboard/shared';

export function CreditsList({ credits, you }: { credits: readonly Credit[]; you: string | null }) {
  return (
    <section className="rb-activity-section" aria-label="Credits" data-testid="credits">
      <h3 className="rb-activity-heading">Credits</h3>
      <ul className="rb-activity-credits">
        {credits.map((c) => (
          <li key={c.personId}>
            <span className="rb-activity-name">{c.personId === you ? `${c.name} (you)` : c.name}</span>
            <span className="rb-activity-credit">{creditSummary(c)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
