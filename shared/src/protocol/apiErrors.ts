/**
 * Why the HTTP API refused a request: the one table of API error codes, shared by server and client
 * (the HTTP twin of `closeCodes.ts`).
 *
 * Errors travel as `{ "error": { "code", "message" } }` with the code's `status`. `message` here is
 * the sentence the UI shows for the code; the server may send a more precise one (naming the file,
 * the limit, the seconds to wait), and the client shows the server's sentence when there is one.
 */
import { CLOSE } from './closeCodes.ts';
import { ACCEPTED_TYPES_SENTENCE } from '../assets/assetTypes.ts';

export interface ApiErrorInfo {
  /** The HTTP status the error is sent with. */
  readonly status: number;
  /** What the person sees when the server gave no sentence of its own. */
  readonly message: string;
}

export const API_ERRORS = {
  /** The body of a request is not what the endpoint takes. */
  bad_request: { status: 400, message: 'The server did not understand that request.' },
  /** The body is not JSON. */
  bad_json: { status: 400, message: 'The server did not understand that request.' },
  /** The room id in the address has characters or a length rooms can't have. */
  bad_room_id: { status: 400, message: CLOSE.badRoomId.message },
  /** Only the editor and viewer links can be replaced (the facilitator's is the room's key). */
  bad_role: { status: 400, message: 'Only the editor and viewer links can be replaced.' },
  /** The asset id in the address is not a SHA-256. */
  bad_asset_id: { status: 400, message: 'That is not a file of this room.' },
  /** An upload with no bytes. */
  empty_file: { status: 400, message: 'That file is empty.' },
  /** A waveform upload with no bytes. */
  empty: { status: 400, message: 'The waveform was empty.' },
  /** No token, a token not signed by this server, or one for another room. */
  invalid_token: { status: 401, message: 'This link is not valid for this room.' },
  /** The token's validity ended (`LINK_TTL_DAYS`). */
  link_expired: { status: 401, message: CLOSE.tokenExpired.message },
  /** The link's role was given a new link; the old one opens nothing any more. */
  link_replaced: { status: 403, message: CLOSE.linkReplaced.message },
  /** The link's role may not do this (a viewer uploading, an editor replacing links). */
  forbidden: { status: 403, message: 'Your link does not allow that.' },
  /** No room with that id exists. */
  room_not_found: { status: 404, message: 'There is no room at this address.' },
  /** No file with that id was uploaded to this room. */
  asset_not_found: { status: 404, message: 'There is no such file in this room.' },
  /** The uploader has not stored the file's waveform (yet). */
  no_peaks: { status: 404, message: 'No waveform has been computed for this file yet.' },
  /** No version with that id in this room (never saved, or pruned as an old automatic one). */
  version_not_found: { status: 404, message: 'There is no such version in this room.' },
  /** A version saved by a newer release (a later document schema) can't be restored by this one (RV6). */
  version_too_new: { status: 409, message: 'This version was saved by a newer Riffboard; it can be restored once this server is updated.' },
  /** A room keeps at most so many named versions (RV4). */
  too_many_versions: { status: 409, message: 'This room keeps as many saved versions as it can.' },
  /** No API endpoint at this path. */
  not_found: { status: 404, message: 'No such API endpoint.' },
  /** The server runs without a built client (development set-ups). */
  client_not_built: { status: 404, message: 'The client is not built; run the start command from the README.' },
  /** The endpoint exists but takes another method (see the `allow` header). */
  method_not_allowed: { status: 405, message: 'The server does not take that request here.' },
  /** A request body over its endpoint's limit. */
  body_too_large: { status: 413, message: 'That request is too large.' },
  /** A file over its kind's size limit, refused from its length or cut off while streaming. */
  too_large: { status: 413, message: 'That file is too large.' },
  /** A file whose bytes are none of the accepted types. */
  unsupported_type: { status: 415, message: `That file type isn't supported. Use ${ACCEPTED_TYPES_SENTENCE}.` },
  /** A file whose name claims another type than its bytes. */
  type_mismatch: { status: 415, message: 'That file is named like another kind of file than it contains.' },
  /** An audio file the server converts on upload (AIFF, Apple Lossless) that doesn't decode, or is too long to. */
  undecodable_audio: { status: 422, message: 'That audio file couldn’t be decoded: it may be truncated or damaged.' },
  /** A file of the other kind than the place it was dropped takes (audio on the canvas…). */
  wrong_kind: { status: 415, message: 'That kind of file can’t be added here.' },
  /** A dot-vote ballot that doesn't fit the open vote (unknown option, over budget, stacking). */
  bad_ballot: { status: 400, message: 'That ballot doesn’t fit this vote.' },
  /** A ballot request without a usable ballot key (the per-person secret, F7). */
  bad_ballot_key: { status: 400, message: 'Your vote could not be sent; reload the page and try again.' },
  /** A request that needs to know who is asking (since-last-visit) came without a usable `x-person-key`. */
  bad_person_key: { status: 400, message: 'This browser’s person key is missing or unreadable; reload the page and try again.' },
  /** No vote is open, or the ballot was for a vote that has ended. */
  no_vote: { status: 409, message: 'There is no vote open in this room right now.' },
  /** An import that is not a room archive, or holds an entry one can't (a path, a duplicate, a link). */
  bad_archive: { status: 400, message: 'That file is not a Riffboard room archive.' },
  /** An import written by a newer Riffboard (archive format or room schema). */
  archive_version: { status: 422, message: 'That archive was written by a newer Riffboard than this server.' },
  /** An import whose entries don't match its manifest (a checksum, a size, a missing file). */
  archive_damaged: { status: 422, message: 'That archive is damaged: its contents don’t match its manifest.' },
  /** An import that ended before its last entry (a cut-off upload). */
  archive_incomplete: { status: 400, message: 'That archive ended early; the upload may have been cut off. Try again.' },
  /** An import over `IMPORT_MAX_BYTES` or `IMPORT_MAX_ENTRIES`, or a file in it over its kind's limit. */
  archive_too_large: { status: 413, message: 'That archive is larger than this server takes.' },
  /** An import whose room document breaks the room rules (server SPEC B1, B2) or can't be decoded. */
  bad_document: { status: 422, message: 'The room in that archive holds content Riffboard doesn’t accept.' },
  /** Too many new rooms from one address (`ROOM_CREATIONS_PER_IP_PER_MINUTE`); see `retry-after`. */
  rate_limited: { status: 429, message: 'Too many new rooms from your address; try again in a minute.' },
  /** The server failed for a reason of its own. */
  internal: { status: 500, message: 'Something went wrong on the server.' },
  /** The room's stored bytes can't be decoded; an operator has to look at it. */
  room_unavailable: { status: 503, message: CLOSE.roomUnavailable.message },
} as const satisfies Record<string, ApiErrorInfo>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function isApiErrorCode(v: unknown): v is ApiErrorCode {
  return typeof v === 'string' && Object.hasOwn(API_ERRORS, v);
}

/** The body of every API error. */
export interface ApiErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string };
}

/**
 * The error in an API response body: its code (null when the body names none this client knows)
 * and the sentence to show — the server's, else the table's for the code, else `fallback`.
 */
export function readApiError(body: unknown, fallback: string): { readonly code: ApiErrorCode | null; readonly message: string } {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  const code = isApiErrorCode(err?.code) ? err.code : null;
  const message = typeof err?.message === 'string' && err.message !== '' ? err.message : code ? API_ERRORS[code].message : fallback;
  return { code, message };
}
