/** React's view of the room's activity: the feed while it is shown, and "since you were last here". */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ActivityArea } from '@riffboard/shared';
import { useRoom } from '../room/roomHooks.ts';
import { activityFeedOf, type ActivityFeed, type FeedState } from './activityFeed.ts';
import { FOCUS_ITEM_EVENT, takeFocus, type FocusItem } from './activityNavigation.ts';
import { sinceVisitOf, type SinceState, type SinceVisitStore } from './sinceVisit.ts';

/** The feed, polled while the calling component is mounted. */
export function useActivityFeed(): { state: FeedState; feed: ActivityFeed } {
  const feed = activityFeedOf(useRoom());
  return { state: useSyncExternalStore(feed.subscribe, feed.getSnapshot), feed };
}

export function useSinceVisit(): { state: SinceState; store: SinceVisitStore } {
  const store = sinceVisitOf(useRoom());
  return { state: useSyncExternalStore(store.subscribe, store.getSnapshot), store };
}

/** Whether an item changed since the person's last visit and is not seen yet (its marker shows). */
export function useChangedSinceVisit(area: ActivityArea, itemId: string): boolean {
  const store = sinceVisitOf(useRoom());
  return useSyncExternalStore(store.subscribe, () => store.isChanged(area, itemId));
}

/**
 * Calls `onFocus` with an item an activity line asks `panel` to show: at once when the request
 * came while the panel was closed (it opens for it), else when the request comes.
 */
export function useFocusRequest(panel: string, onFocus: (itemId: string) => void): void {
  const latest = useRef(onFocus);
  latest.current = onFocus;
  useEffect(() => {
    const pending = takeFocus(panel);
    if (pending) latest.current(pending);
    const onRequest = (e: Event): void => {
      const detail = (e as CustomEvent<FocusItem | undefined>).detail;
      if (detail?.panel !== panel) return;
      takeFocus(panel);
      latest.current(detail.itemId);
    };
    window.addEventListener(FOCUS_ITEM_EVENT, onRequest);
    return () => window.removeEventListener(FOCUS_ITEM_EVENT, onRequest);
  }, [panel]);
}

/** The ids of `area` that changed since the person's last visit and are not seen yet. */
export function useChangedItems(area: ActivityArea): ReadonlySet<string> {
  const { state } = useSinceVisit();
  return useMemo(() => {
    if (state.dismissed) return new Set<string>();
    return new Set((state.summary?.changed[area] ?? []).filter((id) => !state.seen.has(id)));
  }, [state, area]);
}
