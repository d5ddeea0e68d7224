/**
 * The one check every entry point runs before touching a room (WebSocket and HTTP alike): the
 * room exists, and the token is present, signed by us, unexpired, for this room, and of the role's
 * current link generation. Each refusal maps to one close code and one HTTP error.
 */
import { CLOSE, type ApiErrorCode, type CloseCodeInfo, type Role, type RotatableRole } from '@riffboard/shared';
import type { DocStore } from '../persistence/DocStore.ts';
import type { LinkTokens } from './linkTokens.ts';

export type Access =
  | { readonly ok: true; readonly role: Role; readonly gen: number }
  | { readonly ok: false; readonly close: CloseCodeInfo; readonly code: ApiErrorCode };

const REFUSED = {
  invalid: { ok: false, close: CLOSE.tokenInvalid, code: 'invalid_token' },
  expired: { ok: false, close: CLOSE.tokenExpired, code: 'link_expired' },
  replaced: { ok: false, close: CLOSE.linkReplaced, code: 'link_replaced' },
  notFound: { ok: false, close: CLOSE.roomNotFound, code: 'room_not_found' },
} as const satisfies Record<string, Access>;

export async function checkRoomAccess(
  store: DocStore,
  tokens: LinkTokens,
  roomId: string,
  token: string | null | undefined,
): Promise<Access> {
  // Existence first: a wrong address should say "no such room", not "bad link". Ids are random
  // 126-bit values, so telling whether one exists reveals nothing that could be guessed.
  const room = await store.getRoom(roomId);
  if (!room) return REFUSED.notFound;
  if (!token) return REFUSED.invalid;
  const checked = await tokens.verify(token);
  if (!checked.ok) return REFUSED[checked.why];
  const { claims } = checked;
  if (claims.room !== roomId) return REFUSED.invalid;
  if (claims.role !== 'facilitator' && claims.gen !== room.linkGenerations[claims.role as RotatableRole]) return REFUSED.replaced;
  return { ok: true, role: claims.role, gen: claims.gen };
}
