/**
 * The room lookup tells "no such room", "this link doesn't open it" and "the server can't be
 * reached" apart by the API's error code (the shared `API_ERRORS` table), and shows the server's
 * sentence, or the table's, never a raw status.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_ERRORS, type ApiErrorCode } from '@riffboard/shared';
import { lookUpRoom } from '../../src/room/roomApi.ts';

const ROOM = 'V1StGXR8_Z5jdHi6B-myT';

function answer(status: number, body: unknown): void {
  vi.stubGlobal('fetch', async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
}
const refusal = (code: ApiErrorCode, message?: string) => ({ error: { code, ...(message ? { message } : {}) } });

afterEach(() => vi.unstubAllGlobals());

describe('room lookup', () => {
  it('a found room comes with its title and the link’s role', async () => {
    answer(200, { roomId: ROOM, title: 'Night drive', createdAt: 1, role: 'editor' });
    expect(await lookUpRoom(ROOM, 't')).toEqual({
      kind: 'found',
      info: { roomId: ROOM, title: 'Night drive', createdAt: 1 },
      role: 'editor',
    });
  });

  it('room_not_found is "no such room"', async () => {
    answer(404, refusal('room_not_found', 'There is no room at this address.'));
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'notFound' });
  });

  it('invalid, expired and replaced links are refused with the server’s sentence, or the table’s', async () => {
    answer(403, refusal('link_replaced', 'This link was replaced by the facilitator.'));
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'refused', message: 'This link was replaced by the facilitator.' });
    answer(401, refusal('link_expired'));
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'refused', message: API_ERRORS.link_expired.message });
    answer(401, refusal('invalid_token'));
    expect(await lookUpRoom(ROOM, null)).toEqual({ kind: 'refused', message: API_ERRORS.invalid_token.message });
  });

  it('a room that can’t be opened, a 5xx or a body that is not the API’s is "unreachable"', async () => {
    answer(503, refusal('room_unavailable'));
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'unreachable' });
    answer(502, '<html>Bad gateway</html>');
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'unreachable' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'unreachable' });
  });

  it('without a code it knows, the status decides: 404 is no room, 401/403 a refused link', async () => {
    answer(404, '');
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'notFound' });
    answer(403, { error: { code: 'something_new', message: 'A newer server says no.' } });
    expect(await lookUpRoom(ROOM, 't')).toEqual({ kind: 'refused', message: 'A newer server says no.' });
  });
});
