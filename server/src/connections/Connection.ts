/**
 * One client's WebSocket, from upgrade to close: the server's socket edge.
 *
 * Every socket gets an error listener first, so nothing a client sends can throw out of `ws`.
 * Then, in order: the room id must be well formed, the link token valid for this room (its role
 * decides what the connection may do), the room must have space. Messages that arrive meanwhile,
 * and while the room loads, are held (bounded) and handled in order once it is in; no reply is
 * sent before that, except the clock pong and the early answer of SPEC S12 (`rooms/earlyAnswer.ts`).
 * A message that breaks the protocol closes only this socket, with the close code from the shared
 * table. A client that stops reading is cut off once its unsent data passes the limit, instead of
 * the server buffering for it without bound. A change too large for one message arrives in parts,
 * which are joined here into the one sync message they stand for (SPEC S13).
 */
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE,
  SCHEMA_VERSION,
  encodeSchemaAnnounce,
  encodeClockPong,
  encodePartsReceived,
  encodePartsRefused,
  isRoomId,
  type CloseCodeInfo,
  type UpdatePart,
} from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import type { LinkTokens } from '../auth/linkTokens.ts';
import { checkRoomAccess, type Access } from '../auth/roomAccess.ts';
import type { Peer, Room } from '../rooms/Room.ts';
import { RoomNotFoundError, RoomUnavailableError, StorageError, type RoomRegistry } from '../rooms/RoomRegistry.ts';
import { HeldMessages } from '../rooms/earlyAnswer.ts';
import { ProtocolError, decodeClientMessage, type ClientMessage } from '../sync/messages.ts';
import { UpdateAssembly } from '../sync/updateAssembly.ts';
import { ReadPacer, type RateLimits } from './ReadPacer.ts';
import { serverNow } from '../sync/serverClock.ts';
import { anonymousPersonId, cleanName, personIdOfKey } from '../activity/personKey.ts';

/** What the client said about who is connecting: its person key and display name (query parameters). */
export interface ConnectingPerson {
  readonly key: string | null;
  readonly name: string | null;
}

export interface ConnectionDeps {
  readonly registry: RoomRegistry;
  readonly store: DocStore;
  readonly tokens: LinkTokens;
  readonly log: Logger;
  readonly sendBufferLimitBytes: number;
  readonly maxMessageBytes: number;
  readonly maxUpdateBytes: number;
  readonly maxConnectionsPerRoom: number;
  readonly rate: RateLimits;
  /** Hears every close: the code, and the reason ("client" when the client closed). */
  readonly onClose?: (code: number, reason: string) => void;
}

/** After a close frame is queued, how long a silent peer gets before its socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

let nextPeerId = 1;

const MB = 1024 * 1024;

/** What the sender of a change too large for any room is told (SPEC S13). */
function refusalSentence(total: number, max: number): string {
  return `This change is ${(total / MB).toFixed(1)} MB, more than the ${(max / MB).toFixed(0)} MB a room accepts at once, so it was not saved to the room. It is still in this browser.`;
}

/**
 * Serves one upgraded socket for the room `roomId` until it closes.
 *
 * @param schema the document schema version the client announced (Riffboard's client does; stock
 *   providers don't, and are served as before). A client built for another schema is closed before
 *   anything it sends is read (S14): it could not read the room, or the room could not take its
 *   writes.
 */
export function handleConnection(
  ws: WebSocket,
  roomId: string,
  token: string | null,
  deps: ConnectionDeps,
  schema: string | null = null,
  person: ConnectingPerson = { key: null, name: null },
): void {
  const c = new Connection(ws, roomId, deps, person);
  const version = schema === null ? null : Number(schema);
  if (version !== null && version !== SCHEMA_VERSION)
    return c.refuse(version < SCHEMA_VERSION ? CLOSE.clientOutdated : CLOSE.serverOutdated, schema ?? '');
  c.start(token, version !== null);
}

type Granted = Extract<Access, { ok: true }>;

class Connection {
  private readonly peerId = nextPeerId++;
  private readonly log: Logger;
  private readonly pacer: ReadPacer;
  private readonly assembly: UpdateAssembly;
  /** Messages received before the room is in; null once they were handed to it. */
  private held: HeldMessages | null;
  private joined: { readonly room: Room; readonly peer: Peer } | null = null;
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly roomId: string,
    private readonly deps: ConnectionDeps,
    private readonly person: ConnectingPerson = { key: null, name: null },
  ) {
    this.log = deps.log.child({ room: roomId, peer: this.peerId });
    this.pacer = new ReadPacer(deps.rate, deps.maxMessageBytes, ws, this.handleBytes, (detail) => this.close(CLOSE.rateLimited, detail));
    this.assembly = new UpdateAssembly(deps.maxUpdateBytes);
    // While the room loads: ordinary messages, plus at most one change joined from parts.
    this.held = new HeldMessages(deps.maxMessageBytes + deps.maxUpdateBytes, this.sendFlushed);
  }

  /** @param announce the client announced its schema: tell it ours before anything else (S17) */
  start(token: string | null, announce = false): void {
    if (announce) this.ws.send(encodeSchemaAnnounce(SCHEMA_VERSION), { binary: true });
    this.ws.on('error', (err) => this.log.warn({ event: 'conn.socket_error', err: err.message }, 'socket error'));
    this.ws.on('message', (data: RawData, isBinary: boolean) => this.receive(data, isBinary));
    this.ws.on('close', (code: number) => this.closed(code));
    if (!isRoomId(this.roomId)) return this.close(CLOSE.badRoomId);
    this.open(token).catch((err: unknown) => {
      this.log.error({ event: 'conn.open_failed', err }, 'could not open room');
      this.close(CLOSE.internalError);
    });
  }

  /** Closes at once, reading nothing the client sends. */
  refuse(info: CloseCodeInfo, detail: string): void {
    this.ws.on('error', (err) => this.log.warn({ event: 'conn.socket_error', err: err.message }, 'socket error'));
    this.close(info, `client schema ${detail}`);
  }

  /** Queues a close frame (once) and destroys the socket if the peer does not answer it. */
  private readonly close = (info: CloseCodeInfo, detail?: string): void => {
    if (this.closing) return;
    this.closing = true;
    this.log.info({ event: 'conn.closed_by_server', code: info.code, reason: info.reason, detail }, 'closing connection');
    this.deps.onClose?.(info.code, info.reason);
    this.ws.close(info.code, info.reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  };

  private receive(data: RawData, isBinary: boolean): void {
    const receivedAt = serverNow();
    if (this.closing) return;
    if (!isBinary) return this.close(CLOSE.textFrame);
    this.pacer.receive(toBytes(data), receivedAt);
  }

  /** Handles one message the rate budget has let through (SPEC B4). */
  private readonly handleBytes = (bytes: Uint8Array, receivedAt: number): void => {
    if (this.closing) return;
    let msg: ClientMessage | null;
    let size = bytes.byteLength;
    try {
      msg = decodeClientMessage(bytes);
      if (msg.type === 'updatePart') {
        msg = this.takePart(msg.part);
        if (!msg) return;
        size = msg.update.byteLength;
      } else if (this.assembly.isOpen) {
        throw new ProtocolError('malformedMessage', 'a message arrived between the parts of a change');
      }
    } catch (err) {
      if (err instanceof ProtocolError) return this.close(CLOSE[err.close], err.message);
      throw err;
    }
    if (msg.type === 'clockPing') return this.answerClock(msg.t0, receivedAt);
    if (!this.held) return this.handle(msg);
    if (!this.held.hold(msg, size)) this.close(CLOSE.messageTooLarge, 'too much data before the room finished loading');
  };

  /**
   * Adds a part to the change being received (S13), acknowledging it; the joined step 2 or update
   * once complete, else null. A change over the limit is refused, with a sentence, on its first part.
   */
  private takePart(part: UpdatePart): Extract<ClientMessage, { type: 'syncStep2' | 'update' }> | null {
    const step = this.assembly.add(part);
    if (this.ws.readyState === this.ws.OPEN) {
      if (step.kind === 'refused') {
        const max = this.deps.maxUpdateBytes;
        this.log.info({ event: 'conn.change_refused', bytes: step.total, limit: max }, 'change over the size limit refused');
        this.ws.send(encodePartsRefused(step.total, refusalSentence(step.total, max)), { binary: true });
      }
      this.ws.send(encodePartsReceived(part.offset + part.chunk.byteLength), { binary: true });
    }
    return step.kind === 'complete' ? step.message : null;
  }

  /**
   * Answered at once, even while the room loads: any wait would read as network delay. (A ping
   * held back by the rate budget is stamped with its arrival, which keeps the estimate honest.)
   */
  private answerClock(t0: number, receivedAt: number): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeClockPong({ t0, t1: receivedAt, t2: serverNow() }), { binary: true });
  }

  private handle(msg: ClientMessage): void {
    if (this.closing || !this.joined) return;
    try {
      this.joined.room.handle(this.joined.peer, msg);
    } catch (err) {
      if (err instanceof ProtocolError) this.close(CLOSE[err.close], err.message);
      else {
        this.log.error({ event: 'conn.handler_failed', err }, 'message handler failed');
        this.close(CLOSE.internalError);
      }
    }
  }

  private async open(token: string | null): Promise<void> {
    let access: Awaited<ReturnType<typeof checkRoomAccess>>;
    try {
      access = await checkRoomAccess(this.deps.store, this.deps.tokens, this.roomId, token);
    } catch (err) {
      // Only the store can fail here (tokens are checked in memory).
      this.log.warn({ event: 'conn.storage_unavailable', err: (err as Error).message }, 'store unreachable');
      return this.close(CLOSE.storageUnavailable);
    }
    if (this.closing) return;
    if (!access.ok) return this.close(access.close);
    const room = await this.acquire();
    if (!room) return;
    if (this.closing) return this.deps.registry.release(this.roomId);
    if (room.peerCount >= this.deps.maxConnectionsPerRoom) {
      this.deps.registry.release(this.roomId);
      return this.close(CLOSE.roomFull, `${room.peerCount} connections`);
    }
    this.join(room, access);
  }

  /** The room, held until this connection closes; null (and closed) if it can't be opened. */
  private async acquire(): Promise<Room | null> {
    try {
      return await this.deps.registry.acquire(this.roomId, this.held ?? undefined);
    } catch (err) {
      if (err instanceof RoomNotFoundError) this.close(CLOSE.roomNotFound);
      else if (err instanceof RoomUnavailableError) this.close(CLOSE.roomUnavailable);
      else if (err instanceof StorageError) {
        this.log.warn({ event: 'conn.storage_unavailable', err: (err.cause as Error | undefined)?.message }, 'store unreachable');
        this.close(CLOSE.storageUnavailable);
      } else throw err;
      return null;
    }
  }

  private join(room: Room, access: Granted): void {
    const peer: Peer = {
      id: this.peerId,
      role: access.role,
      linkGen: access.gen,
      send: (data) => this.send(data),
      close: this.close,
      person: { id: personIdOfKey(this.person.key) ?? anonymousPersonId(), name: cleanName(this.person.name) },
    };
    this.joined = { room, peer };
    this.log.debug({ event: 'conn.joined', role: access.role }, 'joined');
    room.addPeer(peer);
    const pending = this.held?.release() ?? [];
    this.held = null;
    for (const msg of pending) this.handle(msg);
  }

  private send(data: Uint8Array): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(data, { binary: true });
    this.checkBuffer(data.byteLength);
  }

  /** Like {@link send}, resolving once the data is flushed to the socket (the early answer). */
  private readonly sendFlushed = (data: Uint8Array): Promise<void> | null => {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return null;
    const flushed = new Promise<void>((resolve) => this.ws.send(data, { binary: true }, () => resolve()));
    this.checkBuffer(data.byteLength);
    return flushed;
  };

  /**
   * S8: a client is too slow when what waits to be sent, besides the message just queued, passes
   * the limit — one message may itself be larger (a whole room, a change joined from parts).
   */
  private checkBuffer(justQueued: number): void {
    const unsent = this.ws.bufferedAmount;
    if (unsent - justQueued > this.deps.sendBufferLimitBytes) this.close(CLOSE.slowConsumer, `${unsent} bytes unsent`);
  }

  private closed(code: number): void {
    if (!this.closing) this.deps.onClose?.(code, 'client');
    this.closing = true;
    this.pacer.stop();
    this.log.debug({ event: 'conn.closed', code }, 'connection closed');
    // A room still loading is released by open() once its acquire returns.
    if (!this.joined) return;
    this.joined.room.removePeer(this.joined.peer);
    this.deps.registry.release(this.roomId);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
