/**
 * Changes too large for one WebSocket message (server SPEC S13), on the client's side.
 *
 * The provider's socket class is wrapped so every long step 2 or update goes out in parts the
 * server joins. The server acknowledges each part; a change over its limit is refused with a
 * sentence. A refused change is parked: it stays in this tab's document (and IndexedDB), and is
 * left out of everything sent from then on — with whatever builds on it — so the person's other
 * edits keep reaching the room. What is parked is remembered per room in localStorage, so a
 * reload does not offer the same change again. This tab's own client id moves on when it is
 * parked, so new edits start a fresh clock range the server can take.
 */
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE, noParkedChanges, park, readPartsBody, sendingInParts, withoutParked, type ParkedChanges } from '@riffboard/shared';

const storageKey = (roomId: string): string => `riffboard:parked:${roomId}`;

function load(roomId: string): ParkedChanges {
  const parked = noParkedChanges();
  try {
    const raw = localStorage.getItem(storageKey(roomId));
    if (!raw) return parked;
    const saved = JSON.parse(raw) as { ranges: Array<[number, number]>; deletes: Array<[number, Array<{ clock: number; len: number }>]> };
    for (const [client, from] of saved.ranges) parked.ranges.set(client, from);
    for (const [client, list] of saved.deletes) parked.deletes.set(client, list);
  } catch {
    // Unreadable: nothing parked. The server refuses the change again if it is still too large.
  }
  return parked;
}

function save(roomId: string, parked: ParkedChanges): void {
  try {
    localStorage.setItem(storageKey(roomId), JSON.stringify({ ranges: [...parked.ranges], deletes: [...parked.deletes] }));
  } catch {
    // Storage full or blocked: parked for this session only.
  }
}

export class BigChanges {
  /** The socket class for the provider. */
  readonly Socket: typeof WebSocket;
  private readonly parked: ParkedChanges;
  /** The update being sent in parts, until the server has all of it or refuses it. */
  private sending: Uint8Array | null = null;

  /**
   * @param onRefused told the server's sentence when a change is refused
   */
  constructor(
    private readonly roomId: string,
    private readonly doc: Y.Doc,
    private readonly onRefused: (sentence: string) => void,
  ) {
    this.parked = load(roomId);
    this.moveOnIfParked();
    this.Socket = sendingInParts(WebSocket, {
      filterUpdate: (update) => this.leaveParkedOut(update),
      sendingInParts: (update) => {
        this.sending = update;
      },
    });
  }

  /** Reads the server's receipts and refusals on `provider`'s connection. */
  listen(provider: WebsocketProvider): void {
    provider.messageHandlers[MESSAGE.parts] = (_encoder, decoder) => {
      const body = readPartsBody(decoder);
      if (body.sub === 'received') {
        if (this.sending && body.received >= this.sending.byteLength) this.sending = null;
      } else if (body.sub === 'refused') {
        if (this.sending) park(this.parked, this.sending);
        this.sending = null;
        this.moveOnIfParked();
        save(this.roomId, this.parked);
        this.onRefused(body.sentence);
      }
    };
  }

  private leaveParkedOut(update: Uint8Array): Uint8Array {
    const out = withoutParked(update, this.parked);
    if (out.changed) {
      this.moveOnIfParked();
      save(this.roomId, this.parked);
    }
    return out.update;
  }

  /** Gives this document a fresh client id when its own is parked; true if it did. */
  private moveOnIfParked(): boolean {
    if (!this.parked.ranges.has(this.doc.clientID)) return false;
    // Yjs itself takes a new random id this way when it meets its own id in a remote update.
    let id: number;
    do id = Math.floor(Math.random() * 0xffffffff);
    while (this.parked.ranges.has(id) || Y.getState(this.doc.store, id) > 0);
    this.doc.clientID = id;
    return true;
  }
}
