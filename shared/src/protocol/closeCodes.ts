/**
 * Why the server closed a connection: the one table of close codes, shared by server and client.
 *
 * The server closes with `code` and `reason`; the client looks the code up to show `message` (a
 * sentence a musician understands) and to decide whether reconnecting can help (`retry`). Codes
 * 1000–1015 are the WebSocket standard's; 4000–4999 are Riffboard's own.
 */
export interface CloseCodeInfo {
  readonly code: number;
  /** Short, stable, machine-readable reason sent in the close frame (≤ 123 bytes). */
  readonly reason: string;
  /** What the person sees. */
  readonly message: string;
  /** Whether the client should reconnect on its own. */
  readonly retry: boolean;
}

export const CLOSE = {
  /** The server is shutting down or restarting; the tab reconnects to the same address until it answers. */
  goingAway: { code: 1001, reason: 'server shutting down', message: 'The server is restarting — reconnecting…', retry: true },
  /** Frame-level WebSocket protocol violation (detected by `ws`). */
  protocolError: {
    code: 1002,
    reason: 'websocket protocol error',
    message: 'The connection broke a protocol rule and was closed.',
    retry: true,
  },
  /** A text frame: the sync protocol is binary only. */
  textFrame: { code: 1003, reason: 'binary messages only', message: 'The connection sent data the server does not accept.', retry: true },
  /** A frame over the configured size limit, refused from its header before it is buffered. */
  messageTooLarge: { code: 1009, reason: 'message too large', message: 'That change is too large to send in one go.', retry: true },
  /** The server could not handle the connection for a reason of its own. */
  internalError: { code: 1011, reason: 'internal error', message: 'Something went wrong on the server — reconnecting…', retry: true },
  /** Not a well-formed sync/awareness message (bad varint, length past the end, trailing bytes). */
  malformedMessage: {
    code: 4400,
    reason: 'malformed message',
    message: 'The connection sent a damaged message and was closed.',
    retry: true,
  },
  /** The room id in the address has characters or a length rooms can't have. */
  badRoomId: { code: 4401, reason: 'invalid room id', message: 'This room address is not valid.', retry: false },
  /** A message type the server does not know. */
  unknownMessageType: {
    code: 4402,
    reason: 'unknown message type',
    message: 'The connection sent a message the server does not understand.',
    retry: true,
  },
  /** No room with that id exists. */
  roomNotFound: {
    code: 4404,
    reason: 'no such room',
    message: 'There is no room at this address. Check the link, or create a new room.',
    retry: false,
  },
  /** The client stopped reading and its send buffer passed the limit. */
  slowConsumer: {
    code: 4408,
    reason: 'send buffer limit exceeded',
    message: 'The connection fell too far behind and was reset — reconnecting…',
    retry: true,
  },
  /** A Yjs update that can't be decoded or applied; nothing of it was kept. */
  badUpdate: {
    code: 4422,
    reason: 'invalid document update',
    message: 'A change from this tab could not be read and was rejected.',
    retry: true,
  },
  /**
   * A board record that is not a valid tldraw record (server SPEC B1); the whole update was refused.
   * Not retried: the tab would send the same record again.
   */
  invalidBoardRecord: {
    code: 4424,
    reason: 'invalid board record',
    message: 'A change to the board from this tab was damaged, so it was not saved. Reload the page to continue.',
    retry: false,
  },
  /** A malformed tempo point or meter change (server SPEC B6); the whole update was refused. */
  invalidTempoMap: {
    code: 4428,
    reason: 'invalid tempo map entry',
    message: 'A change to the tempo map from this tab was damaged, so it was not saved. Reload the page to continue.',
    retry: false,
  },
  /** A write outside the room's known areas (server SPEC B2); the whole update was refused. */
  unknownRoot: {
    code: 4425,
    reason: 'write outside the room document',
    message: 'This tab tried to save something a room cannot hold, so it was not saved. Reload the page to continue.',
    retry: false,
  },
  /**
   * A board comment that is not a well-formed thread or reply (server SPEC B5); the whole update
   * was refused. Not retried: the tab would send the same comment again.
   */
  invalidBoardComment: {
    code: 4434,
    reason: 'invalid board comment',
    message: 'A comment from this tab was damaged, so it was not saved. Reload the page to continue.',
    retry: false,
  },
  /** The room reached `MAX_ROOM_BYTES` (server SPEC B3); the update that would pass it was refused. */
  roomTooLarge: {
    code: 4431,
    reason: 'room size limit reached',
    message: 'This room is full: it has reached its size limit, so your latest change was not saved. Delete something large, then reload.',
    retry: false,
  },
  /** Awareness over its limits, or an attempt to change someone else's presence. */
  awarenessViolation: {
    code: 4423,
    reason: 'awareness limit or spoofing',
    message: 'Presence data from this tab was rejected.',
    retry: true,
  },
  /** No token, a forged or malformed one, or one for another room. */
  tokenInvalid: {
    code: 4411,
    reason: 'invalid link token',
    message: 'This link is not valid for this room. Ask the person who shared it for a new one.',
    retry: false,
  },
  /** The token's expiry has passed. */
  tokenExpired: { code: 4412, reason: 'link expired', message: 'This link has expired — ask the facilitator for a new one.', retry: false },
  /** The facilitator rotated this role's link; tokens of the old link no longer open the room. */
  linkReplaced: {
    code: 4413,
    reason: 'link replaced',
    message: 'This link was replaced — ask the facilitator for a new one.',
    retry: false,
  },
  /**
   * The connection kept sending far past its rate even while the server stopped reading from it
   * (server SPEC B4): honest tabs are slowed down, never closed, so this is a misbehaving client.
   */
  rateLimited: { code: 4429, reason: 'too many messages', message: 'This tab sent changes too fast and was reconnected.', retry: true },
  /**
   * The tab runs an older Riffboard than the server (a deploy happened while it was open): it could
   * not read what the room now holds, so it must reload before it may sync or write.
   */
  clientOutdated: {
    code: 4426,
    reason: 'client outdated',
    message: 'Riffboard was updated while this tab was open. Reload to keep working; your changes are kept in this browser.',
    retry: false,
  },
  /** The tab runs a newer Riffboard than the server (it is being updated): the room can't take its changes yet. */
  serverOutdated: {
    code: 4427,
    reason: 'server outdated',
    message: 'This room’s server is being updated. Reload in a minute; your changes are kept in this browser.',
    retry: false,
  },
  /** The room has as many connections as it allows. */
  roomFull: { code: 4430, reason: 'room is full', message: 'This room is full right now. Try again when someone leaves.', retry: false },
  /**
   * The database can't be reached: this tab's latest changes were not saved, and nothing unsaved
   * was shown to anybody. The tab keeps them and sends them again when it reconnects.
   */
  storageUnavailable: {
    code: 4503,
    reason: 'storage unavailable',
    message: 'The server can’t save right now. Your changes stay in this tab and are saved when it’s back — reconnecting…',
    retry: true,
  },
  /** The stored room could not be read; it is kept untouched for an operator to inspect. */
  roomUnavailable: {
    code: 4500,
    reason: 'room could not be loaded',
    message: 'This room could not be opened right now. Its data is safe; try again later.',
    retry: false,
  },
} as const satisfies Record<string, CloseCodeInfo>;

export type CloseName = keyof typeof CLOSE;

const BY_CODE: ReadonlyMap<number, CloseCodeInfo> = new Map(Object.values(CLOSE).map((c) => [c.code, c]));

/** The table entry for a close code, if it is one of ours or a standard one we name. */
export function closeInfo(code: number): CloseCodeInfo | undefined {
  return BY_CODE.get(code);
}
