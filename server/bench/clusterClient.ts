/**
 * The scale-out bench's raw client: one `ws` socket and one Y.Doc, speaking either Riffboard's
 * (the stock y-websocket) protocol or Hocuspocus's, so both clusters get the same load from the
 * same code. Far cheaper than a provider (no awareness, reconnects or broadcast channel), which is
 * what lets one process on a shared 2-core machine hold 15,000 of them.
 *
 * Hocuspocus's protocol is y-websocket's with the document name in front of every message, and an
 * auth message (type 2, token subtype 0) first. "Synced" is the server's sync step 2 in both.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export type Dialect = 'y-websocket' | 'hocuspocus';

const SYNC = 0;
const AUTH = 2;
/** Hocuspocus: a sync message that must not trigger another step 1. */
const SYNC_REPLY = 4;

export class ClusterClient {
  readonly doc = new Y.Doc();
  private readonly ws: WebSocket;
  private readonly synced: Promise<void>;
  private readonly closed: Promise<void>;
  closeCode: number | undefined;

  constructor(
    url: string,
    private readonly dialect: Dialect,
    private readonly docName: string,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    let resolveSynced!: () => void;
    let rejectSynced!: (err: Error) => void;
    this.synced = new Promise((res, rej) => {
      resolveSynced = res;
      rejectSynced = rej;
    });
    this.synced.catch(() => undefined);
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code) => {
        this.closeCode = code;
        rejectSynced(new Error(`socket closed ${code}`));
        resolve();
      }),
    );
    this.ws.on('error', (err) => rejectSynced(err));
    this.ws.on('open', () => {
      if (dialect === 'hocuspocus') {
        const auth = this.encoder(AUTH);
        encoding.writeVarUint(auth, 0);
        encoding.writeVarString(auth, '');
        this.ws.send(encoding.toUint8Array(auth));
      }
      const step1 = this.encoder(SYNC);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.ws.send(encoding.toUint8Array(step1));
    });
    this.ws.on('message', (data: Buffer) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (dialect === 'hocuspocus') decoding.readVarString(decoder);
        const type = decoding.readVarUint(decoder);
        if (type !== SYNC && type !== SYNC_REPLY) return;
        const reply = this.encoder(SYNC);
        const before = encoding.length(reply);
        const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
        if (encoding.length(reply) > before) this.ws.send(encoding.toUint8Array(reply));
        if (syncType === syncProtocol.messageYjsSyncStep2) resolveSynced();
      } catch {
        this.ws.terminate();
      }
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      const enc = this.encoder(SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.ws.send(encoding.toUint8Array(enc));
    });
  }

  private encoder(type: number): encoding.Encoder {
    const enc = encoding.createEncoder();
    if (this.dialect === 'hocuspocus') encoding.writeVarString(enc, this.docName);
    encoding.writeVarUint(enc, type);
    return enc;
  }

  /** Resolves on the server's sync step 2; rejects if the socket closes or `ms` pass first. */
  async whenSynced(ms = 120_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.synced,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no sync step 2 within ${ms} ms`)), ms))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Whether this update came from the server (the client's own writes have another origin). */
  isRemote(origin: unknown): boolean {
    return origin === this;
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.terminate();
      await this.closed;
    }
    this.doc.destroy();
  }
}
