/**
 * Two kinds of test clients: the stock y-websocket provider (what browsers run), and a raw socket
 * that speaks the protocol by hand so tests can send exactly the bytes they mean, hostile ones too.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';
import { waitFor, type RoomRef } from './testServer.ts';

export interface ProviderClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  synced(): Promise<void>;
  destroy(): void;
}

/**
 * The stock provider over `ws`, or over another socket class (e.g. Riffboard's, which sends long
 * changes in parts).
 */
export function providerClient(wsUrl: string, room: RoomRef, doc = new Y.Doc(), Socket: typeof WebSocket = WebSocket): ProviderClient {
  // `ws` stands in for the browser WebSocket; its types differ only in Node-specific extras.
  const provider = new WebsocketProvider(wsUrl, room.id, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token: room.token },
  });
  return {
    doc,
    provider,
    synced: () => waitFor(() => provider.synced, 'provider sync'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A raw protocol client with its own Y.Doc, applying what the server sends. */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  readonly received: Uint8Array[] = [];
  closed: Closed | null = null;
  private readonly opened: Promise<void>;
  synced = false;

  /** @param params more query parameters (e.g. the person `key` and `name` a browser sends) */
  constructor(wsUrl: string, room: RoomRef | string, params: Readonly<Record<string, string>> = {}) {
    // A bare string is a raw path segment with no token (for tests of hostile addresses).
    const extra = Object.entries(params)
      .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
      .join('');
    this.ws = new WebSocket(
      typeof room === 'string' ? `${wsUrl}/${room}` : `${wsUrl}/${room.id}?token=${encodeURIComponent(room.token)}${extra}`,
    );
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('close', (code) => reject(new Error(`closed before open: ${code}`)));
    });
    this.opened.catch(() => {});
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'remote' && this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeUpdate(update));
    });
  }

  private onMessage(data: Uint8Array): void {
    this.received.push(data);
    // The server speaks the same protocol back, so the strict decoder reads it; messages only a
    // server sends (auth) are kept in `received` for the test to inspect.
    let msg: ReturnType<typeof decodeClientMessage>;
    try {
      msg = decodeClientMessage(data);
    } catch {
      return;
    }
    if (msg.type === 'syncStep1') this.ws.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, msg.stateVector)));
    else if (msg.type === 'syncStep2') {
      Y.applyUpdate(this.doc, msg.update, 'remote');
      this.synced = true;
    } else if (msg.type === 'update') Y.applyUpdate(this.doc, msg.update, 'remote');
  }

  /** Opens and performs the handshake (sends step 1, waits for the step 2 answer). */
  async connect(): Promise<this> {
    await this.opened;
    this.ws.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    await waitFor(() => this.synced || this.closed !== null, 'raw client sync');
    return this;
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  sendAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): void {
    this.ws.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients)));
  }

  /** Permission-denied reasons received (y-protocols auth message 2/0). */
  denials(): string[] {
    const out: string[] = [];
    for (const m of this.received) {
      const d = decoding.createDecoder(m);
      if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) out.push(decoding.readVarString(d));
    }
    return out;
  }

  async waitClosed(): Promise<Closed> {
    await waitFor(() => this.closed !== null, 'socket close');
    return this.closed as Closed;
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

/** Builds a message from raw parts: each number becomes a varint, each array is copied as is. */
export function bytes(...parts: Array<number | Uint8Array>): Uint8Array {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(e, p);
    else encoding.writeUint8Array(e, p);
  }
  return encoding.toUint8Array(e);
}

/** Permission-denied reasons a raw client received (y-protocols auth message 2/0). */
export function denials(c: RawClient): string[] {
  const out: string[] = [];
  for (const m of c.received) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) out.push(decoding.readVarString(d));
  }
  return out;
}
