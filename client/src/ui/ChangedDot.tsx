/** The "changed since your last visit" marker next to an item in a panel, until it is seen. */
import type { ActivityArea } from '@riffboard/shared';
import { useChangedSinceVisit } from '../activity/activityHooks.ts';

export function ChangedDot({ area, id }: { area: ActivityArea; id: string }) {
  if (!useChangedSinceVisit(area, id)) return null;
  return (
    <span
      className="rb-changed-dot"
      role="img"
      aria-label="changed since your last visit"
      title="Changed since your last visit"
      data-changed-item={id}
    />
  );
}
