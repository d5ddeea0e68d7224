/**
 * Whether a CSS media query matches now, re-rendering when that changes (a phone rotated, a window
 * resized). For the few layout decisions CSS can't make alone, such as how many avatars fit.
 */
import { useCallback, useSyncExternalStore } from 'react';

/** Phones: the side panels become full-screen sheets. Keep in step with the `max-width: 699px` blocks in the CSS. */
export const PHONE_QUERY = '(max-width: 699px)';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
