/**
 * Who a version or a restore is attributed to (RV3, RV8): the one place the server decides it.
 *
 * Today that is the display name the person's tab sends with the request (as audio comments carry
 * the name the tab writes), so it is a claim, not a proof; `personId` is null. When the server
 * derives a person id from the per-browser secret the tab sends, it belongs here, and every
 * version and restore record carries it from then on.
 */
import type http from 'node:http';
import { VERSION_LIMITS, type VersionAuthor } from '@riffboard/shared';

export function versionAuthor(_req: http.IncomingMessage, claimedName: unknown): VersionAuthor {
  const name = typeof claimedName === 'string' ? claimedName.trim().replace(/\s+/g, ' ').slice(0, VERSION_LIMITS.authorNameLength) : '';
  return { name: name || 'Someone', personId: null };
}
