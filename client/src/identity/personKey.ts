/**
 * This browser's person key: a random secret that stands for the person in every room (server
 * SPEC H1). It goes with the room's WebSocket connection and every API call; the server keeps
 * only a one-way hash of it (the person id), so changes are attributed to whoever holds this
 * browser's key and to nobody else. It never enters the room document or presence.
 *
 * It is the secret that already keyed this browser's dot-vote ballots (same storage entry), so a
 * vote in progress is not lost; shared by the browser's tabs.
 */
const KEY = 'riffboard:ballot-key';
const SHAPE = /^[\w-]{16,64}$/;
let sessionKey: string | undefined;

export function personKey(): string {
  try {
    const stored = localStorage.getItem(KEY);
    if (stored && SHAPE.test(stored)) return stored;
    const fresh = crypto.randomUUID();
    localStorage.setItem(KEY, fresh);
    return fresh;
  } catch {
    // Storage disabled: a person for as long as this page lives.
    sessionKey ??= crypto.randomUUID();
    return sessionKey;
  }
}

/** The header that carries the key on API calls. */
export function personKeyHeader(): Record<string, string> {
  return { 'x-person-key': personKey() };
}
