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
 * instead of the server buffering for it without bound. A change too large for one message arrives
 * in parts, which are joined here into the one sync message they stand for (SPEC S13).
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
import { encodeClockPong, encodePartsReceived, encodePartsRefused } from '@riffboard/shared';
import { ProtocolError, decodeClientMessage, encodeSyncStep2, type ClientMessage } from './messages.ts';
import { MessageRate } from './messageRate.ts';
import { UpdateAssembly } from './updateAssembly.ts';
import { serverNow } from './serverClock.ts';

export interface ConnectionDeps {
  readonly registry: RoomRegistry;
  readonly store: DocStore;
  readonly tokens: LinkTokens;
  readonly log: Logger;
  readonly sendBufferLimitBytes: number;
  readonly maxMessageBytes: number;
  readonly maxUpdateBytes: number;
  readonly maxConnectionsPerRoom: number;
  readonly messagesPerSecond: number;
}

const MB = 1024 * 1024;

/** What the sender of a change too large for any room is told (SPEC S13). */
function refusalSentence(total: number, max: number): string {
  return `This change is ${(total / MB).toFixed(1)} MB, more than the ${(max / MB).toFixed(0)} MB a room accepts at once, so it was not saved to the room. It is still in this browser.`;
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
    const data = encodeSyncStep2(offer.snapshot);
    offer.sending(new Promise<void>((resolve) => ws.send(data, { binary: true }, () => resolve())));
    checkBacklog(data.byteLength);
  };
  const rate = new MessageRate(deps.messagesPerSecond);
  const assembly = new UpdateAssembly(deps.maxUpdateBytes);
  // Held while the room loads: ordinary messages, plus at most one change joined from parts.
  const heldLimit = deps.maxMessageBytes + deps.maxUpdateBytes;

  /**
   * S8: a client is too slow when what waits to be sent, besides the message just queued, passes
   * the limit — one message may itself be larger (a whole room, a change joined from parts).
   */
  const checkBacklog = (justQueued: number): void => {
    if (ws.bufferedAmount - justQueued > deps.sendBufferLimitBytes) close(CLOSE.slowConsumer, `${ws.bufferedAmount} bytes unsent`);
  };

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

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const receivedAt = serverNow();
    if (closing) return;
    if (!isBinary) return close(CLOSE.textFrame);
    const bytes = toBytes(data);
    let msg: ClientMessage;
    let size = bytes.byteLength;
    try {
      msg = decodeClientMessage(bytes);
      // A change in parts counts as one message: its size is bounded by MAX_UPDATE_BYTES instead.
      const continuesChange = msg.type === 'updatePart' && msg.part.offset > 0;
      if (!continuesChange && !rate.take()) return close(CLOSE.rateLimited, `over ${deps.messagesPerSecond} messages per second`);
      if (msg.type === 'updatePart') {
        const step = assembly.add(msg.part);
        if (ws.readyState === ws.OPEN) {
          if (step.kind === 'refused') {
            log.info({ event: 'conn.change_refused', bytes: step.total, limit: deps.maxUpdateBytes }, 'change over the size limit refused');
            ws.send(encodePartsRefused(step.total, refusalSentence(step.total, deps.maxUpdateBytes)), { binary: true });
          }
          ws.send(encodePartsReceived(msg.part.offset + msg.part.chunk.byteLength), { binary: true });
        }
        if (step.kind !== 'complete') return;
        msg = step.message;
        size = msg.update.byteLength;
      } else if (assembly.isOpen) {
        throw new ProtocolError('malformedMessage', 'a message arrived between the parts of a change');
      }
    } catch (err) {
      if (err instanceof ProtocolError) return close(CLOSE[err.close], err.message);
      throw err;
    }
    if (msg.type === 'clockPing') {
      // Answered at once, even while the room loads: any wait would read as network delay.
      if (ws.readyState === ws.OPEN) ws.send(encodeClockPong({ t0: msg.t0, t1: receivedAt, t2: serverNow() }), { binary: true });
      return;
    }
    if (held) {
      heldBytes += size;
      if (heldBytes > heldLimit) return close(CLOSE.messageTooLarge, 'too much data before the room finished loading');
      held.push(msg);
      if (stored) answerFromStored();
      return;
    }
    process(msg);
  });

  ws.on('close', (code: number) => {
    closing = true;
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
        checkBacklog(data.byteLength);
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
