/**
 * Writes wait for the server's schema (server SPEC S17), on the client's side.
 *
 * The server tells a client that announced its schema which one it is on, first thing on the
 * connection. Until this tab has read that announce with its own version, everything that would
 * write to the room — its sync step 2 (the answer to the server's step 1, carrying whatever this
 * tab holds that the server lacks) and its updates — is held back on the socket, in order. A
 * matching announce lets them out; another version, or a server that answers the sync without
 * announcing one (a release from before this rule, which also ignores the tab's own announce),
 * means the tab and the room are on different releases: nothing held is sent, and the tab is told
 * to reload. What was held stays in the document and IndexedDB, so nothing is lost.
 */
import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE, SCHEMA_VERSION, readSchemaAnnounce, readSyncUpdate, schemaVerdict } from '@riffboard/shared';

type Mismatch = 'clientOutdated' | 'serverOutdated';

/** The socket the provider opens: sync writes are held until {@link HeldSocket.release}. */
interface HeldSocket {
  readonly holding: boolean;
  release(): void;
}

type SocketData = Parameters<WebSocket['send']>[0];

function isSyncWrite(data: SocketData): boolean {
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  return bytes !== null && readSyncUpdate(bytes) !== null;
}

export class SchemaGate {
  /** The socket class for the provider (wrapping `Base`, e.g. the one that sends in parts). */
  readonly Socket: typeof WebSocket;

  /** @param onMismatch told when the server is on another schema than this tab, or did not say */
  constructor(
    Base: typeof WebSocket,
    private readonly onMismatch: (verdict: Mismatch) => void,
  ) {
    this.Socket = class HeldUntilSchema extends Base implements HeldSocket {
      #held: SocketData[] | null = [];

      get holding(): boolean {
        return this.#held !== null;
      }

      override send(data: SocketData): void {
        if (this.#held && isSyncWrite(data)) this.#held.push(data);
        else super.send(data);
      }

      release(): void {
        const held = this.#held ?? [];
        this.#held = null;
        for (const data of held) super.send(data);
      }
    };
  }

  /** Reads the server's announce on `provider`'s connections. */
  listen(provider: WebsocketProvider): void {
    const socket = (): HeldSocket | null => provider.ws as unknown as HeldSocket | null;
    provider.messageHandlers[MESSAGE.schema] = (_encoder, decoder) => {
      const verdict = schemaVerdict(readSchemaAnnounce(decoder), SCHEMA_VERSION);
      if (verdict === 'current') socket()?.release();
      else this.onMismatch(verdict);
    };
    // The server's step 2 came and no announce before it: a server from before announces.
    provider.on('sync', (synced: boolean) => {
      if (synced && socket()?.holding) this.onMismatch('serverOutdated');
    });
  }
}
