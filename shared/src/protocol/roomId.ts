/**
 * Room ids: URL-safe, 21 characters when the server makes them (nanoid's alphabet and length:
 * ~126 bits, unguessable). Anything else in an address is refused before any lookup.
 */
export const ROOM_ID_LENGTH = 21;
const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{21}$/;

export function isRoomId(v: unknown): v is string {
  return typeof v === 'string' && ROOM_ID_PATTERN.test(v);
}
