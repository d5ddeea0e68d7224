/**
 * One client's WebSocket, from upgrade to close.
 *
 * Every socket gets an error listener first, so nothing a client sends can throw out of `ws`.
 * Messages that arrive while the room is loading are held (bounded) and handled in order once it is
 * in; no reply is sent before that. A message that breaks the protocol closes only this socket, with
 * the close code from the shared table. A client that stops reading is cut off once its unsent data
 * passes the limit, instead of the server buffering for it without bound.
 */
import type { RawData, WebSocket } from 'ws';
import { CLOSE, isRoomId, type CloseCodeInfo } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { Peer, Room } from '../rooms/Room.ts';
import { RoomNotFoundError, RoomUnavailableError, type RoomRegistry } from '../rooms/RoomRegistry.ts';
import { ProtocolError, decodeClientMessage } from './messages.ts';

export interface ConnectionDeps {
  readonly registry: RoomRegistry;
  readonly log: Logger;
  readonly sendBufferLimitBytes: number;
  readonly maxMessageBytes: number;
}

/** After a close frame is queued, how long a silent peer gets before its socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

let nextPeerId = 1;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function handleConnection(ws: WebSocket, roomId: string, deps: ConnectionDeps): void {
  const log = deps.log.child({ room: roomId, peer: nextPeerId });
  ws.on('error', (err) => log.warn({ event: 'conn.socket_error', err: err.message }, 'socket error'));

  let closing = false;
  let room: Room | null = null;
  let held: Uint8Array[] | null = [];
  let heldBytes = 0;

  const peer: Peer = {
    id: nextPeerId++,
    send(data) {
      if (closing || ws.readyState !== ws.OPEN) return;
      ws.send(data, { binary: true });
      if (ws.bufferedAmount > deps.sendBufferLimitBytes) {
        peer.close(CLOSE.slowConsumer, `${ws.bufferedAmount} bytes unsent`);
      }
    },
    close(info: CloseCodeInfo, detail?: string) {
      if (closing) return;
      closing = true;
      log.info({ event: 'conn.closed_by_server', code: info.code, reason: info.reason, detail }, 'closing connection');
      ws.close(info.code, info.reason);
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    },
  };

  const process = (data: Uint8Array): void => {
    if (closing || !room) return;
    try {
      room.handle(peer, decodeClientMessage(data));
    } catch (err) {
      if (err instanceof ProtocolError) peer.close(CLOSE[err.close], err.message);
      else {
        log.error({ event: 'conn.handler_failed', err }, 'message handler failed');
        peer.close(CLOSE.internalError);
      }
    }
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    if (!isBinary) return peer.close(CLOSE.textFrame);
    const bytes = toBytes(data);
    if (held) {
      heldBytes += bytes.byteLength;
      if (heldBytes > deps.maxMessageBytes) return peer.close(CLOSE.messageTooLarge, 'too much data before the room finished loading');
      held.push(bytes);
      return;
    }
    process(bytes);
  });

  ws.on('close', (code: number) => {
    closing = true;
    log.debug({ event: 'conn.closed', code }, 'connection closed');
    // A room still loading is released by the acquire callback below.
    if (room) {
      room.removePeer(peer);
      deps.registry.release(roomId);
    }
  });

  if (!isRoomId(roomId)) return peer.close(CLOSE.badRoomId);

  deps.registry.acquire(roomId).then(
    (r) => {
      if (closing) return deps.registry.release(roomId);
      room = r;
      r.addPeer(peer);
      const pending = held ?? [];
      held = null;
      for (const m of pending) process(m);
    },
    (err: unknown) => {
      if (err instanceof RoomNotFoundError) peer.close(CLOSE.roomNotFound);
      else if (err instanceof RoomUnavailableError) peer.close(CLOSE.roomUnavailable);
      else {
        log.error({ event: 'conn.acquire_failed', err }, 'could not open room');
        peer.close(CLOSE.internalError);
      }
    },
  );
}
