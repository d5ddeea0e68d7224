/**
 * Changing your name and colour after the first visit. Stored under the same localStorage entry
 * as `identity.ts` (which owns the first-visit choice), so every room and tab picks it up.
 */
import type { PresenceUser } from '../room/presence.ts';

/** Must match the key in identity.ts. */
const KEY = 'riffboard:identity';

export function saveProfile(name: string, color: string): PresenceUser {
  const user = { name: name.trim().slice(0, 40), color };
  try {
    localStorage.setItem(KEY, JSON.stringify(user));
  } catch {
    // Not persisted (storage disabled): it still applies to this tab.
  }
  return user;
}
