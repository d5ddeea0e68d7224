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

export interface LoadClientOptions {
  /**
   * The state vector to announce in sync step 1 instead of the doc's own: a client that already
   * holds the room (a tab reconnecting after a restart) without the generator keeping a copy of
   * every room in memory. The doc then holds only what this client wrote.
   */
  readonly knownState?: Uint8Array;
  /** Apply the server's sync step 2 and updates to the doc (default true). */
  readonly apply?: boolean;
  /** The doc to sync (a reconnecting client keeps its doc across sockets); a fresh one if absent. */
  readonly doc?: Y.Doc;
}

export class LoadClient {
  readonly doc: Y.Doc;
  readonly ws: WebSocket;
  /** Bytes of document content (sync step 2 and update payloads) received. */
  bytesReceived = 0;
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
  /** Callers of {@link roundTrip} waiting for the next sync step 2. */
  private step2Waiters: Array<() => void> = [];
  private readonly ownsDoc: boolean;
  private readonly knownState: Uint8Array | undefined;

  constructor(url: string, opts: LoadClientOptions = {}) {
    this.doc = opts.doc ?? new Y.Doc();
    this.ownsDoc = opts.doc === undefined;
    this.knownState = opts.knownState;
    const apply = opts.apply ?? true;
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
      this.sendStep1();
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
        let syncType: number;
        if (apply) {
          syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        } else {
          // Count the content without applying it (the doc lacks the room it would build on).
          syncType = decoding.readVarUint(decoder);
          if (syncType === syncProtocol.messageYjsSyncStep1) syncProtocol.readSyncStep1(decoder, encoder, this.doc);
          else this.bytesReceived += decoding.readVarUint8Array(decoder).byteLength;
        }
        if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
        if (syncType === syncProtocol.messageYjsSyncStep2) {
          if (Number.isNaN(this.syncedAt)) {
            this.syncedAt = performance.now();
            resolveSynced();
          }
          const waiters = this.step2Waiters;
          this.step2Waiters = [];
          for (const wake of waiters) wake();
        } else if (syncType === syncProtocol.messageYjsUpdate) {
          this.updatesReceived++;
        }
      } catch (err) {
        this.error ??= err instanceof Error ? err : new Error(String(err));
        this.ws.terminate();
      }
    });
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.ws.send(encoding.toUint8Array(encoder));
    };
    this.doc.on('update', onUpdate);
    // A doc kept across sockets must not go on sending through this one.
    this.ws.once('close', () => this.doc.off('update', onUpdate));
  }

  whenOpen(): Promise<void> {
    return this.opened;
  }

  /** Resolves on the server's sync step 2; rejects if the socket closes first. */
  whenSynced(timeoutMs = 60_000): Promise<void> {
    return withTimeout(this.synced, timeoutMs, 'sync step 2');
  }

  /**
   * Sends a sync step 1 and resolves on the server's next sync step 2. Messages on one socket are
   * handled in order, so everything sent before has reached the server's doc by then — and, on
   * Riffboard, its storage too (the reply waits for the commits before it, SPEC S2).
   */
  roundTrip(timeoutMs = 60_000): Promise<void> {
    const reply = new Promise<void>((resolve) => this.step2Waiters.push(resolve));
    this.sendStep1();
    return withTimeout(reply, timeoutMs, 'sync step 2 of a round trip');
  }

  /** Sync step 1 with what the client holds: its doc, or the room it knew plus its own writes. */
  private sendStep1(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    if (this.knownState === undefined) syncProtocol.writeSyncStep1(encoder, this.doc);
    else {
      const sv = Y.decodeStateVector(this.knownState);
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc)))
        sv.set(client, Math.max(clock, sv.get(client) ?? 0));
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(sv));
    }
    this.ws.send(encoding.toUint8Array(encoder));
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
    if (this.ownsDoc) this.doc.destroy();
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
export async function connectSynced(url: string, timeoutMs = 60_000, opts: LoadClientOptions = {}): Promise<LoadClient> {
  const client = new LoadClient(url, opts);
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
