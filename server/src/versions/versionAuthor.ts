/**
 * Who a version or a restore is attributed to (RV3, RV8): the one place the server decides it.
 *
 * The person id is the server's, derived from the browser's person key (`x-person-key`, server
 * SPEC H1), so a version can only be recorded under the id of a browser that holds that key; the
 * display name is the one the tab sends, a claim like every name in Riffboard. A request without a
 * well-formed key is recorded with no person id.
 */
import type http from 'node:http';
import { VERSION_LIMITS, type VersionAuthor } from '@riffboard/shared';
import { personIdOfKey } from '../activity/personKey.ts';

export function versionAuthor(req: http.IncomingMessage, claimedName: unknown): VersionAuthor {
  const name = typeof claimedName === 'string' ? claimedName.trim().replace(/\s+/g, ' ').slice(0, VERSION_LIMITS.authorNameLength) : '';
  return { name: name || 'Someone', personId: personIdOfKey(personKeyHeader(req)) ?? null };
}

function personKeyHeader(req: http.IncomingMessage): string | undefined {
  const key = req.headers['x-person-key'];
  return typeof key === 'string' ? key : undefined;
}
