/** The dot-vote HTTP API of one server, as a person holding `room`'s link calls it. */
import type { RoomRef } from './testServer.ts';

export function ballotApi(serverUrl: string, room: RoomRef) {
  const base = `${serverUrl}/api/rooms/${room.id}/vote`;
  const headers = (key?: string): Record<string, string> => ({
    authorization: `Bearer ${room.token}`,
    'content-type': 'application/json',
    ...(key ? { 'x-ballot-key': key } : {}),
  });
  return {
    cast: (key: string, dots: Record<string, number>, voteId = 'v1') =>
      fetch(`${base}/ballot`, { method: 'PUT', headers: headers(key), body: JSON.stringify({ voteId, dots }) }),
    own: (key?: string) => fetch(`${base}/ballot`, { headers: headers(key) }),
    reveal: () => fetch(`${base}/reveal`, { method: 'POST', headers: headers() }),
    close: () => fetch(`${base}/close`, { method: 'POST', headers: headers() }),
  };
}
