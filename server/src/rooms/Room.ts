/**
 * One loaded room: its Y.Doc, its presence, the peers connected to it, and its write-ahead queue.
 *
 * Message flow: a client's update is checked (decodable, dependencies present) before it touches
 * the doc, applied with origin `remote`, queued for commit, and broadcast to the other peers —
 * but every outgoing document message waits in the outbox until the commit it depends on is done,
 * so no client ever receives state the database does not hold. Presence is not persisted and is
 * relayed at once.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE, type CloseCodeInfo } from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { RoomPersistence } from '../persistence/RoomPersistence.ts';
import {
  ProtocolError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type ClientMessage,
} from '../sync/messages.ts';
import { checkUpdate } from '../sync/updateCheck.ts';
import { checkAwareness, encodeAwarenessEntries, parseAwarenessUpdate, type AwarenessLimits } from '../sync/awarenessGuard.ts';

/** A connection as a room sees it. */
export interface Peer {
  readonly id: number;
  /** Sends a binary message; the peer closes itself if it can't keep up. */
  send(data: Uint8Array): void;
  close(info: CloseCodeInfo, detail?: string): void;
}

interface OutboxEntry {
  readonly gen: number;
  readonly peer: Peer;
  readonly data: Uint8Array;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly peers = new Map<Peer, Set<number>>();
  private readonly owners = new Map<number, Peer>();
  private readonly awarenessSeen = new WeakSet<Peer>();
  private outbox: OutboxEntry[] = [];
  /** The peer whose update is being applied, so it is not echoed back to it. */
  private sender: Peer | null = null;
  private persistence: RoomPersistence | null = null;
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly awarenessLimits: AwarenessLimits,
    private readonly log: Logger,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Starts persisting and releasing messages; called once the stored state is applied. */
  attachPersistence(p: RoomPersistence): void {
    this.persistence = p;
    p.onCommitted = (gen) => this.drainOutbox(gen);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === 'persistence' || this.destroyed) return;
    const p = this.persistence;
    if (!p) throw new Error(`room ${this.id} changed before persistence was attached`);
    p.enqueue(update);
    const msg = encodeUpdate(update);
    for (const peer of this.peers.keys()) if (peer !== this.sender) this.sendDoc(peer, msg);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const msg = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(msg);
  };

  /** Sends a message that reflects document state, after the commit it depends on. */
  private sendDoc(peer: Peer, data: Uint8Array): void {
    const gen = this.persistence?.pendingGen() ?? 0;
    if (gen === 0 && this.outbox.length === 0) peer.send(data);
    else this.outbox.push({ gen: gen === 0 ? Number.MAX_SAFE_INTEGER : gen, peer, data });
  }

  private drainOutbox(committedGen: number): void {
    const p = this.persistence;
    const allDone = p?.pendingGen() === 0;
    let i = 0;
    for (; i < this.outbox.length; i++) {
      const e = this.outbox[i]!;
      if (!allDone && e.gen > committedGen) break;
      if (this.peers.has(e.peer)) e.peer.send(e.data);
    }
    this.outbox = this.outbox.slice(i);
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, new Set());
    this.sendDoc(peer, encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
  }

  removePeer(peer: Peer): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    this.peers.delete(peer);
    for (const id of owned) this.owners.delete(id);
    this.outbox = this.outbox.filter((e) => e.peer !== peer);
    if (owned.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], peer);
  }

  /** Handles one decoded message; throws ProtocolError to have the peer closed. */
  handle(peer: Peer, msg: ClientMessage): void {
    switch (msg.type) {
      case 'syncStep1': {
        try {
          Y.decodeStateVector(msg.stateVector);
        } catch {
          throw new ProtocolError('malformedMessage', 'undecodable state vector');
        }
        this.sendDoc(peer, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, msg.stateVector)));
        return;
      }
      case 'syncStep2':
      case 'update':
        this.applyClientUpdate(peer, msg.update);
        return;
      case 'awareness': {
        const owned = this.peers.get(peer);
        if (!owned) return;
        const verdict = checkAwareness(parseAwarenessUpdate(msg.update), {
          owned,
          ownedByOther: (id) => {
            const o = this.owners.get(id);
            return o !== undefined && o !== peer;
          },
          knownInRoom: (id) => this.awareness.meta.has(id),
          first: !this.awarenessSeen.has(peer),
          limits: this.awarenessLimits,
        });
        this.awarenessSeen.add(peer);
        for (const id of verdict.claims) {
          owned.add(id);
          this.owners.set(id, peer);
        }
        if (verdict.accept.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(verdict.accept), peer);
        // A reconnecting tab announces its old clock, which the room's record of its departure
        // (a removal at clock+1) outranks. Telling it about that removal makes y-protocols
        // re-announce the state with a newer clock, which then reaches everybody.
        if (verdict.reclaims.length > 0) peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, verdict.reclaims)));
        return;
      }
      case 'queryAwareness': {
        const states = [...this.awareness.getStates().keys()];
        peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
        return;
      }
    }
  }

  private applyClientUpdate(peer: Peer, update: Uint8Array): void {
    const verdict = checkUpdate(this.doc, update);
    if (!verdict.ok) throw new ProtocolError('badUpdate', verdict.reason);
    this.sender = peer;
    try {
      Y.applyUpdate(this.doc, update, 'remote');
    } catch (err) {
      // The check passed, so this is a Yjs edge case; whatever integrated is queued like any edit.
      this.log.error({ event: 'room.apply_failed', room: this.id, err }, 'update passed the check but failed to apply');
      throw new ProtocolError('badUpdate', 'update could not be applied');
    } finally {
      this.sender = null;
    }
  }

  /** Closes every peer; the room is unusable afterwards. */
  closeAll(info: CloseCodeInfo, detail?: string): void {
    for (const peer of [...this.peers.keys()]) peer.close(info, detail);
    this.peers.clear();
    this.owners.clear();
    this.outbox = [];
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.closeAll(CLOSE.goingAway);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
