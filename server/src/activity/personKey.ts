/**
 * Person identity under the per-browser-secret model (server SPEC H1): a browser keeps a random
 * secret (its person key) and sends it with its WebSocket connection and HTTP calls; the server
 * derives the person id from it with a one-way hash. The key itself is never stored, logged or
 * shown, so nobody who sees a person id (every feed reader does) can act as that person.
 */
import crypto from 'node:crypto';

/** What a person key looks like (the browser makes a random UUID). */
export const PERSON_KEY = /^[\w-]{16,64}$/;

/** The person id for `key`: stable, not reversible, the same on every instance. */
export function personIdOf(key: string): string {
  return `p_${crypto.createHash('sha256').update('riffboard person\u0000').update(key).digest('base64url').slice(0, 22)}`;
}

/** The person id of a well-formed key, else undefined. */
export function personIdOfKey(key: string | null | undefined): string | undefined {
  return typeof key === 'string' && PERSON_KEY.test(key) ? personIdOf(key) : undefined;
}

/**
 * A person for a connection that brought no key (a stock y-websocket client): its own person for
 * as long as it is connected, never anybody else.
 */
export function anonymousPersonId(): string {
  return `anon_${crypto.randomBytes(12).toString('base64url')}`;
}

const MAX_NAME = 60;

/** A display name as announced (presence or connection parameter): one line, bounded; '' if none. */
export function cleanName(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '';
}
