/**
 * A Node peer on a room's doc over the real sync endpoint: the stock y-websocket provider, as
 * another program (or an older Riffboard) would connect. Used to write what a browser can't.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface DocClient {
  readonly doc: Y.Doc;
  /** The peer's presence, as another tab's (set fields to appear in everyone's people list). */
  readonly awareness: WebsocketProvider['awareness'];
  close(): void;
}

/** Connects with `link` (a link path carrying the token, e.g. a CreatedRoom's editor link). */
export async function connectDoc(baseUrl: string, roomId: string, link: string): Promise<DocClient> {
  const doc = new Y.Doc();
  const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/sync`, roomId, doc, {
    params: { token },
    // Node 20 has no global WebSocket; `ws` implements the same interface.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync with room ${roomId} within 10 s`)), 10_000);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    doc,
    awareness: provider.awareness,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
