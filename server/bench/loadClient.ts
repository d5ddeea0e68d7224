/**
 * A lightweight sync client: one raw `ws` socket speaking the y-websocket protocol with the
 * y-protocols encoders, and its own Y.Doc. Much cheaper than a WebsocketProvider (no awareness,
 * no reconnect logic, no broadcast channel), so one process can drive thousands.
 *
 * Handshake as the stock provider does it: on open send sync step 1 (our state vector); answer
 * the server's step 1 with step 2; "synced" is receiving the server's step 2. Remote updates are
 * applied to the local doc with this client as the transaction origin; local doc changes made by
 * the caller (any other origin) are sent as sync updates.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const MESSAGE_SYNC = 0;

export class LoadClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** performance.now() when the socket was created. */
  readonly startedAt = performance.now();
  /** performance.now() when the message being handled (or the last one) arrived, before it was applied. */
  messageArrivedAt = Number.NaN;
  /** performance.now() when the server's sync step 2 was applied. */
  syncedAt = Number.NaN;
  /** Sync messages of type "update" received (remote or echoes of our own). */
  updatesReceived = 0;
  /** Set when the socket closes. */
  closeCode: number | undefined;
  closeReason = '';
  /** The first protocol or socket error seen. */
  error: Error | undefined;

  private readonly opened: Promise<void>;
  private readonly synced: Promise<void>;
  private readonly closed: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    let resolveSynced!: () => void;
    let rejectSynced!: (err: Error) => void;
    this.synced = new Promise<void>((res, rej) => {
      resolveSynced = res;
      rejectSynced = rej;
    });
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', (err) => reject(err));
      this.ws.once('close', (code) => reject(new Error(`closed before open: ${code}`)));
    });
    this.closed = new Promise<void>((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString('utf8');
        rejectSynced(new Error(`socket closed ${code} ${this.closeReason}`.trim()));
        resolve();
      });
    });
    // Nobody may be awaiting these yet; keep their rejections from being "unhandled".
    this.opened.catch(() => undefined);
    this.synced.catch(() => undefined);

    this.ws.on('error', (err) => {
      this.error ??= err;
    });
    this.ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.ws.send(encoding.toUint8Array(encoder));
    });
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      // ws delivers a Buffer for binary frames with the default binaryType ('nodebuffer').
      this.messageArrivedAt = performance.now();
      const buf = data as Buffer;
      const message = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      try {
        const decoder = decoding.createDecoder(message);
        const type = decoding.readVarUint(decoder);
        if (type !== MESSAGE_SYNC) return; // awareness and any custom types: not needed here
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
        if (syncType === syncProtocol.messageYjsSyncStep2 && Number.isNaN(this.syncedAt)) {
          this.syncedAt = performance.now();
          resolveSynced();
        } else if (syncType === syncProtocol.messageYjsUpdate) {
          this.updatesReceived++;
        }
      } catch (err) {
        this.error ??= err instanceof Error ? err : new Error(String(err));
        this.ws.terminate();
      }
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.ws.send(encoding.toUint8Array(encoder));
    });
  }

  whenOpen(): Promise<void> {
    return this.opened;
  }

  /** Resolves on the server's sync step 2; rejects if the socket closes first. */
  whenSynced(timeoutMs = 60_000): Promise<void> {
    return withTimeout(this.synced, timeoutMs, 'sync step 2');
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Bytes queued in the socket but not yet written (backpressure on the sending side). */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Closes cleanly (close handshake) and waits for the socket to be closed. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    try {
      await withTimeout(this.closed, timeoutMs, 'close');
    } catch {
      this.ws.terminate();
    }
    this.doc.destroy();
  }
}

/** Rejects with a clear message if `p` takes longer than `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Opens a client and waits for sync step 2. */
export async function connectSynced(url: string, timeoutMs = 60_000): Promise<LoadClient> {
  const client = new LoadClient(url);
  try {
    await client.whenSynced(timeoutMs);
  } catch (err) {
    client.ws.terminate();
    const detail = client.closeCode !== undefined ? ` (close ${client.closeCode} ${client.closeReason})` : '';
    throw new Error(`${url}: ${err instanceof Error ? err.message : String(err)}${detail}`);
  }
  return client;
}

/** Closes many clients with bounded concurrency. */
export async function closeAll(clients: readonly LoadClient[]): Promise<void> {
  const batch = 200;
  for (let i = 0; i < clients.length; i += batch) {
    await Promise.all(clients.slice(i, i + batch).map((c) => c.close()));
  }
}
