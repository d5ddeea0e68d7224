/**
 * One client's WebSocket, from upgrade to close.
 *
 * Every socket gets an error listener first, so nothing a client sends can throw out of `ws`.
 * Then, in order: the room id must be well formed, the link token valid for this room (its role
 * decides what the connection may do), the room must have space. Messages that arrive meanwhile,
 * and while the room loads, are held (bounded) and handled in order once it is in; no reply is sent
 * before that, with one exception (SPEC S12): if the stored room is a single intact snapshot, a
 * fresh client's first sync request (an empty state vector) is answered with those stored bytes
 * while the room is still being built. A message that breaks the protocol closes only this socket, with the close code from
 * the shared table. A client that stops reading is cut off once its unsent data passes the limit,
 * instead of the server buffering for it without bound.
 */
import type { RawData, WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, isRoomId, type CloseCodeInfo } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { DocStore } from '../persistence/DocStore.ts';
import type { LinkTokens } from '../auth/linkTokens.ts';
import { checkRoomAccess } from '../auth/roomAccess.ts';
import type { Peer, Room } from '../rooms/Room.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry, type StoredSnapshotOffer } from '../rooms/RoomRegistry.ts';
import { encodeClockPong } from '@riffboard/shared';
import { ProtocolError, decodeClientMessage, encodeSyncStep2, type ClientMessage } from './messages.ts';
import { TokenBucket } from './tokenBucket.ts';
import { serverNow } from './serverClock.ts';

export interface ConnectionDeps {
  readonly registry: RoomRegistry;
  readonly store: DocStore;
  readonly tokens: LinkTokens;
  readonly log: Logger;
  readonly sendBufferLimitBytes: number;
  readonly maxMessageBytes: number;
  readonly maxConnectionsPerRoom: number;
  readonly rate: RateLimits;
}

/** Per-connection token buckets (SPEC B4). */
export interface RateLimits {
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
}

/** After a close frame is queued, how long a silent peer gets before its socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

let nextPeerId = 1;

/** Whether `msg` is a sync request from a client that has nothing yet. */
function isFreshStep1(msg: ClientMessage | undefined): boolean {
  if (msg?.type !== 'syncStep1') return false;
  try {
    return Y.decodeStateVector(msg.stateVector).size === 0;
  } catch {
    return false; // left to the room, which closes the connection for it
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function handleConnection(ws: WebSocket, roomId: string, token: string | null, deps: ConnectionDeps): void {
  const peerId = nextPeerId++;
  const log = deps.log.child({ room: roomId, peer: peerId });
  ws.on('error', (err) => log.warn({ event: 'conn.socket_error', err: err.message }, 'socket error'));

  let closing = false;
  let peer: Peer | null = null;
  let room: Room | null = null;
  let held: ClientMessage[] | null = [];
  let heldBytes = 0;
  /** The room's stored snapshot, offered while the room is being built (S12). */
  let stored: StoredSnapshotOffer | null = null;

  /** Answers a fresh client's first sync request from the stored snapshot, if it is the first thing held. */
  const answerFromStored = (): void => {
    if (closing || !stored || !held || !isFreshStep1(held[0]) || ws.readyState !== ws.OPEN) return;
    held.shift();
    const offer = stored;
    stored = null;
    offer.sending(new Promise<void>((resolve) => ws.send(encodeSyncStep2(offer.snapshot), { binary: true }, () => resolve())));
    if (ws.bufferedAmount > deps.sendBufferLimitBytes) close(CLOSE.slowConsumer, `${ws.bufferedAmount} bytes unsent`);
  };
  const messageBudget = new TokenBucket(deps.rate.messagesPerSecond, deps.rate.messageBurst);
  const byteBudget = new TokenBucket(deps.rate.bytesPerSecond, deps.rate.byteBurst);
  /** Set while the connection is over budget and its socket is not being read (SPEC B4). */
  let resumeTimer: NodeJS.Timeout | null = null;
  /** Messages `ws` had already read when reading stopped; handled, in order, as the budget allows. */
  const waiting: Array<{ bytes: Uint8Array; receivedAt: number }> = [];
  let waitingBytes = 0;
  /**
   * What `ws` can have read past the pause: the rest of one socket read, which may complete one
   * largest message. A connection that gets more than this in is not being held back by TCP.
   */
  const waitingLimit = deps.maxMessageBytes + 1024 * 1024;

  const close = (info: CloseCodeInfo, detail?: string): void => {
    if (closing) return;
    closing = true;
    log.info({ event: 'conn.closed_by_server', code: info.code, reason: info.reason, detail }, 'closing connection');
    ws.close(info.code, info.reason);
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  };

  const process = (msg: ClientMessage): void => {
    if (closing || !room || !peer) return;
    try {
      room.handle(peer, msg);
    } catch (err) {
      if (err instanceof ProtocolError) close(CLOSE[err.close], err.message);
      else {
        log.error({ event: 'conn.handler_failed', err }, 'message handler failed');
        close(CLOSE.internalError);
      }
    }
  };

  /** Handles one message the budget has admitted. */
  const handle = (bytes: Uint8Array, receivedAt: number): void => {
    let msg: ClientMessage;
    try {
      msg = decodeClientMessage(bytes);
    } catch (err) {
      if (err instanceof ProtocolError) return close(CLOSE[err.close], err.message);
      throw err;
    }
    if (msg.type === 'clockPing') {
      // Answered without waiting for the room: any wait would read as network delay. (One held
      // back by the rate budget is stamped with its arrival, which keeps the estimate honest.)
      if (ws.readyState === ws.OPEN) ws.send(encodeClockPong({ t0: msg.t0, t1: receivedAt, t2: serverNow() }), { binary: true });
      return;
    }
    if (held) {
      heldBytes += bytes.byteLength;
      if (heldBytes > deps.maxMessageBytes) return close(CLOSE.messageTooLarge, 'too much data before the room finished loading');
      held.push(msg);
      if (stored) answerFromStored();
      return;
    }
    process(msg);
  };

  /**
   * Charges a message to the connection's budgets and handles it (SPEC B4). A message that takes a
   * budget below zero is still handled (it is here), and then the socket is not read until the
   * budget is back at zero: the sender's TCP window closes and its own buffer holds the rest, so
   * an honest burst arrives later but whole, and a flood gets no more than its budget.
   */
  const admit = (bytes: Uint8Array, receivedAt: number): void => {
    const wait = Math.max(messageBudget.take(1), byteBudget.take(bytes.byteLength));
    handle(bytes, receivedAt);
    if (wait > 0 && !closing) {
      ws.pause();
      resumeTimer = setTimeout(resumeReading, Math.ceil(wait));
    }
  };

  const resumeReading = (): void => {
    resumeTimer = null;
    while (!closing && resumeTimer === null) {
      const next = waiting.shift();
      if (!next) break;
      waitingBytes -= next.bytes.byteLength;
      admit(next.bytes, next.receivedAt);
    }
    if (!closing && resumeTimer === null) ws.resume();
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const receivedAt = serverNow();
    if (closing) return;
    if (!isBinary) return close(CLOSE.textFrame);
    const bytes = toBytes(data);
    if (resumeTimer === null) return admit(bytes, receivedAt);
    waiting.push({ bytes, receivedAt });
    waitingBytes += bytes.byteLength;
    if (waitingBytes > waitingLimit) close(CLOSE.rateLimited, `${waitingBytes} bytes arrived while reading was paused`);
  });

  ws.on('close', (code: number) => {
    closing = true;
    if (resumeTimer) clearTimeout(resumeTimer);
    log.debug({ event: 'conn.closed', code }, 'connection closed');
    // A room still loading is released by the acquire callback below.
    if (room && peer) {
      room.removePeer(peer);
      deps.registry.release(roomId);
    }
  });

  if (!isRoomId(roomId)) return close(CLOSE.badRoomId);

  const open = async (): Promise<void> => {
    const access = await checkRoomAccess(deps.store, deps.tokens, roomId, token);
    if (closing) return;
    if (!access.ok) return close(access.close);
    let r: Room;
    try {
      r = await deps.registry.acquire(roomId, (offer) => {
        stored = offer;
        answerFromStored();
      });
    } catch (err) {
      if (err instanceof RoomNotFoundError) return close(CLOSE.roomNotFound);
      if (err instanceof RoomUnavailableError) return close(CLOSE.roomUnavailable);
      throw err;
    }
    if (closing) return deps.registry.release(roomId);
    if (r.peerCount >= deps.maxConnectionsPerRoom) {
      deps.registry.release(roomId);
      return close(CLOSE.roomFull, `${r.peerCount} connections`);
    }
    peer = {
      id: peerId,
      role: access.role,
      linkGen: access.gen,
      send(data) {
        if (closing || ws.readyState !== ws.OPEN) return;
        ws.send(data, { binary: true });
        if (ws.bufferedAmount > deps.sendBufferLimitBytes) close(CLOSE.slowConsumer, `${ws.bufferedAmount} bytes unsent`);
      },
      close,
    };
    room = r;
    stored = null;
    log.debug({ event: 'conn.joined', role: access.role }, 'joined');
    r.addPeer(peer);
    const pending = held ?? [];
    held = null;
    for (const m of pending) process(m);
  };
  open().catch((err: unknown) => {
    log.error({ event: 'conn.open_failed', err }, 'could not open room');
    close(CLOSE.internalError);
  });
}
