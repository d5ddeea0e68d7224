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
import {
  CLOSE,
  canEdit,
  isFacilitatorOnlyWrite,
  isServerOnlyWrite,
  readLock,
  type CloseCodeInfo,
  type Role,
  type VersionAuthor,
} from '@riffboard/shared';
import type { Logger } from '../log.ts';
import type { RoomPersistence } from '../persistence/RoomPersistence.ts';
import {
  ProtocolError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodePermissionDenied,
  encodeUpdate,
  type ClientMessage,
} from '../sync/messages.ts';
import { checkUpdate, decodeUpdate, itemWrites, rootKeysDeleted, updateChangesDoc } from '../sync/updateCheck.ts';
import { checkContent } from '../sync/contentRules.ts';
import {
  checkAwareness,
  encodeAwarenessEntries,
  parseAwarenessUpdate,
  type AwarenessEntry,
  type AwarenessLimits,
} from '../sync/awarenessGuard.ts';
import { Outbox, type OutboxEntry } from './Outbox.ts';

/** A connection as a room sees it. */
export interface Peer {
  readonly id: number;
  /** What the peer's link lets it do; enforced here for every message. */
  readonly role: Role;
  /** The link generation its token was issued under (for rotation). */
  readonly linkGen: number;
  /** Sends a binary message; the peer closes itself if it can't keep up. */
  send(data: Uint8Array): void;
  close(info: CloseCodeInfo, detail?: string): void;
  /** Who is behind the connection, as the server derived it (activity attribution). */
  readonly person?: PeerPerson;
}

export interface PeerPerson {
  /** Derived from the connection's person key (never chosen by the client). */
  readonly id: string;
  /** The name the connection gave when it opened, used until its presence names it. */
  readonly name: string;
}

/**
 * Hears what peers change, for activity attribution. Kept to two calls so the room stays
 * ignorant of what is recorded and where.
 */
export interface RoomObserver {
  /** A peer's accepted update is about to be applied to `room.doc`; the returned function runs right after. */
  applying(room: Room, peer: Peer): () => void;
  /** A peer left the room. */
  left(room: Room, peer: Peer): void;
}

/**
 * Presence states carry the role the server knows for the connection, whatever the client
 * claimed, so the "who is here" list can be trusted.
 */
function stampRole(stateJson: string, role: Role): string {
  const state: unknown = JSON.parse(stateJson);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return stateJson;
  return JSON.stringify({ ...state, role });
}

/** What a locked-out editor is told (F6). */
function lockedMessage(by: string): string {
  return `${by || 'The facilitator'} locked the board: your change was not saved yet; it stays on this device until the board is unlocked.`;
}

interface PeerState {
  /** Presence ids this connection owns. */
  readonly owned: Set<number>;
  /** Join order in this room (see {@link OutboxEntry.upToJoin}). */
  readonly joined: number;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Connected peers in join order (a Map iterates in insertion order). */
  private readonly peers = new Map<Peer, PeerState>();
  private joins = 0;
  private readonly owners = new Map<number, Peer>();
  /**
   * Presence ids a connection asked for in its first message while another connection still owned
   * them: a tab that reconnected before the server saw its old socket go (a dead socket is only
   * noticed by the heartbeat). The id passes to it when the old owner leaves (S9).
   */
  private readonly waiting = new Map<number, { readonly peer: Peer; readonly latest: AwarenessEntry }>();
  private readonly awarenessSeen = new WeakSet<Peer>();
  private readonly outbox = new Outbox<Peer>();
  /** The peer whose update is being applied, so it is not echoed back to it. */
  private sender: Peer | null = null;
  private persistence: RoomPersistence | null = null;
  private destroyed = false;
  /**
   * The stored snapshot this room was loaded from, while it is still the whole document. A client
   * with an empty state vector (every fresh tab) is answered with these bytes as they are, which
   * spares re-encoding a multi-megabyte document right after a cold load. Dropped on any change.
   */
  private loadedSnapshot: Uint8Array | null = null;
  /** Whether the facilitator has locked the board (F6), as of the last change. */
  private locked = false;
  /** Hears each peer's accepted changes and departures (set by the registry). */
  observer: RoomObserver | null = null;
  /** Hears presence changes made by this instance's peers (for fan-out to other instances). */
  onLocalAwareness: ((update: Uint8Array) => void) | null = null;
  /**
   * Hears each accepted client change before it is applied, with the root entries it removes
   * (versions take an automatic one before a mass delete, RV10). Must not change the doc.
   */
  onBeforeChange: ((removed: ReadonlyArray<{ root: string; key: string | null; nested: boolean }>, peer: Peer) => void) | null = null;
  /** Who the server change being applied is made for (a restore, RV8); null otherwise. */
  changeBy: VersionAuthor | null = null;

  constructor(
    readonly id: string,
    private readonly awarenessLimits: AwarenessLimits,
    private readonly log: Logger,
    /** Largest the room may grow in storage; an update that adds content past it is refused (SPEC B3). */
    private readonly maxRoomBytes = Number.POSITIVE_INFINITY,
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
    this.locked = readLock(this.doc).locked;
  }

  /** Marks `snapshot` as the room's complete current state (see {@link loadedSnapshot}). */
  setLoadedSnapshot(snapshot: Uint8Array): void {
    this.loadedSnapshot = snapshot;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === 'persistence' || this.destroyed) return;
    this.loadedSnapshot = null;
    if (origin === 'fanout') {
      // Committed by another instance already, so it waits for no commit here: it can't depend
      // on this instance's pending updates, which no other instance has seen yet.
      this.deliver({ gen: 0, data: encodeUpdate(update), to: null, except: null, upToJoin: this.joins });
      return;
    }
    const p = this.persistence;
    if (!p) throw new Error(`room ${this.id} changed before persistence was attached`);
    p.enqueue(update);
    this.queueDoc(encodeUpdate(update), null, this.sender);
    this.followLock();
  };

  /**
   * Unlocking asks every connection for what it has that the room lacks (a sync step 1): edits a
   * tab made while the board was locked were refused and kept in that tab, and are saved now (F6).
   */
  private followLock(): void {
    const locked = readLock(this.doc).locked;
    const unlocked = this.locked && !locked;
    this.locked = locked;
    if (!unlocked) return;
    const request = encodeSyncStep1(Y.encodeStateVector(this.doc));
    for (const peer of this.peers.keys()) this.sendDoc(peer, request);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const msg = encodeAwareness(update);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(msg);
    // Changes by a peer of this instance (its origin is the peer); not relayed ones, not timeouts.
    if (typeof origin === 'object' && origin !== null) this.onLocalAwareness?.(update);
  };

  /** Applies a document update another instance committed and published. */
  applyFanoutUpdate(update: Uint8Array): void {
    if (!this.destroyed) Y.applyUpdate(this.doc, update, 'fanout');
  }

  /** Applies presence from another instance's clients. */
  applyFanoutAwareness(update: Uint8Array): void {
    if (!this.destroyed) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, 'fanout');
  }

  /** The presence of this instance's peers, encoded; null when they have none. */
  localAwarenessUpdate(): Uint8Array | null {
    const ids: number[] = [];
    for (const state of this.peers.values()) for (const id of state.owned) if (this.awareness.getStates().has(id)) ids.push(id);
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** Sends a message that reflects document state to one peer, after the commit it depends on. */
  private sendDoc(peer: Peer, data: Uint8Array): void {
    this.queueDoc(data, peer, null);
  }

  /**
   * Sends a document message to `to`, or to every current peer but `except` when `to` is null,
   * once the commit it depends on is done: at once if nothing is pending.
   */
  private queueDoc(data: Uint8Array, to: Peer | null, except: Peer | null): void {
    const gen = this.persistence?.pendingGen() ?? 0;
    const entry = { gen: gen === 0 ? Number.MAX_SAFE_INTEGER : gen, data, to, except, upToJoin: this.joins };
    if (gen === 0 && this.outbox.isEmpty) this.deliver(entry);
    else this.outbox.push(entry);
  }

  private readonly deliver = ({ data, to, except, upToJoin }: OutboxEntry<Peer>): void => {
    if (to) {
      if (this.peers.has(to)) to.send(data);
      return;
    }
    for (const [peer, state] of this.peers) {
      if (state.joined > upToJoin) break;
      if (peer !== except) peer.send(data);
    }
  };

  private drainOutbox(committedGen: number): void {
    this.outbox.drain(committedGen, this.persistence?.pendingGen() === 0, this.deliver);
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, { owned: new Set(), joined: ++this.joins });
    this.sendDoc(peer, encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
  }

  removePeer(peer: Peer): void {
    const owned = this.peers.get(peer)?.owned;
    if (!owned) return;
    this.peers.delete(peer);
    for (const id of owned) this.owners.delete(id);
    for (const [id, w] of this.waiting) if (w.peer === peer) this.waiting.delete(id);
    this.outbox.dropFor(peer);
    this.observer?.left(this, peer);
    if (owned.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], peer);
    this.handOver([...owned]);
  }

  /**
   * Gives presence ids whose owner just left to the connection waiting for them, with the latest
   * state it announced. If the room's record is as new as that state (y-protocols doesn't bump the
   * clock of a removal it didn't make), the connection is sent the record instead: y-protocols then
   * re-announces its state with a newer clock, which is accepted now that it owns the id.
   */
  private handOver(ids: readonly number[]): void {
    for (const id of ids) {
      const w = this.waiting.get(id);
      if (!w) continue;
      this.waiting.delete(id);
      const state = this.peers.get(w.peer);
      if (!state || state.owned.size >= this.awarenessLimits.maxClientsPerConnection) continue;
      state.owned.add(id);
      this.owners.set(id, w.peer);
      const roomClock = this.awareness.meta.get(id)?.clock ?? -1;
      if (w.latest.clock > roomClock) {
        const stamped = { ...w.latest, stateJson: stampRole(w.latest.stateJson, w.peer.role) };
        awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries([stamped]), w.peer);
      } else w.peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [id])));
    }
  }

  /** Handles one decoded message; throws ProtocolError to have the peer closed. */
  handle(peer: Peer, msg: ClientMessage): void {
    switch (msg.type) {
      case 'syncStep1': {
        let sv: Map<number, number>;
        try {
          sv = Y.decodeStateVector(msg.stateVector);
        } catch {
          throw new ProtocolError('malformedMessage', 'undecodable state vector');
        }
        const full = sv.size === 0 ? this.loadedSnapshot : null;
        this.sendDoc(peer, encodeSyncStep2(full ?? Y.encodeStateAsUpdate(this.doc, msg.stateVector)));
        return;
      }
      case 'syncStep2':
      case 'update':
        this.applyClientUpdate(peer, msg.update);
        return;
      case 'awareness': {
        const owned = this.peers.get(peer)?.owned;
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
        // A first message may wait for ids another connection holds; later ones keep it up to date.
        const first = !this.awarenessSeen.has(peer);
        for (const e of verdict.heldByOther.slice(0, this.awarenessLimits.maxClientsPerConnection)) {
          const w = this.waiting.get(e.clientId);
          if (first || (w?.peer === peer && e.clock >= w.latest.clock)) this.waiting.set(e.clientId, { peer, latest: e });
        }
        this.awarenessSeen.add(peer);
        for (const id of verdict.claims) {
          owned.add(id);
          this.owners.set(id, peer);
        }
        if (verdict.accept.length > 0) {
          const stamped = verdict.accept.map((e) => ({ ...e, stateJson: stampRole(e.stateJson, peer.role) }));
          awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), peer);
        }
        // A reconnecting tab announces its old clock, which the room's record of its departure
        // (a removal at clock+1) outranks. Telling it about that removal makes y-protocols
        // re-announce the state with a newer clock, which then reaches everybody.
        if (verdict.reclaims.length > 0)
          peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, verdict.reclaims)));
        return;
      }
      case 'updatePart':
        throw new Error('parts of a change are joined by the connection before they reach the room');
      case 'clockPing':
        // Answered by the connection on receipt (it needs no room state); nothing to do here.
        return;
      case 'queryAwareness': {
        const states = [...this.awareness.getStates().keys()];
        peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
        return;
      }
    }
  }

  private applyClientUpdate(peer: Peer, update: Uint8Array): void {
    // Three write paths reach here (update, solicited step 2, unsolicited step 2); roles and the
    // lock are enforced on all of them. A refused write is dropped whole and the sender is told
    // why, without closing it: a viewer's tab keeps listening, a locked-out editor's tab keeps its
    // edit until the unlock asks for it. Nothing of a refused write is applied, so its
    // dependencies don't matter, only whether it would change anything.
    const readOnly = !canEdit(peer.role) || (this.locked && peer.role !== 'facilitator');
    if (readOnly) {
      const decoded = decodeUpdate(update);
      if (!decoded.ok) throw new ProtocolError('badUpdate', decoded.reason);
      if (updateChangesDoc(this.doc, decoded.decoded)) {
        this.denyWrite(
          peer,
          canEdit(peer.role) ? lockedMessage(readLock(this.doc).by) : 'This is a view-only link: your change was not saved.',
        );
      }
      return;
    }
    const verdict = checkUpdate(this.doc, update);
    if (!verdict.ok) throw new ProtocolError('badUpdate', verdict.reason);
    const writes = itemWrites(this.doc, verdict.decoded);
    const content = checkContent(this.doc, writes);
    if (!content.ok) this.refuse(peer, content.rule, content.reason);
    const deleted = rootKeysDeleted(this.doc, verdict.decoded);
    const keys = [...writes, ...deleted];
    if (keys.some((k) => isServerOnlyWrite(k.root, k.key))) {
      this.denyWrite(peer, 'Vote counts are written by the server only.');
      return;
    }
    if (peer.role !== 'facilitator' && keys.some((k) => isFacilitatorOnlyWrite(k.root, k.key))) {
      this.denyWrite(peer, 'Only the facilitator can change the room settings, the agenda, the timer, votes or the lock.');
      return;
    }
    // Deleting is always allowed: it is how a full room gets room again.
    const stored = this.persistence?.storedBytes ?? 0;
    if (verdict.decoded.structs.length > 0 && stored + update.byteLength > this.maxRoomBytes) {
      this.refuse(
        peer,
        'roomTooLarge',
        `room holds ${stored} bytes; ${update.byteLength} more would pass the limit of ${this.maxRoomBytes}`,
      );
    }
    if (this.onBeforeChange && deleted.length > 0) {
      // An entry overwritten in the same change (a moved shape) is changed, not removed.
      const rewritten = new Set(writes.filter((w) => !w.nested).map((w) => `${w.root}\u0000${w.key ?? ''}`));
      this.onBeforeChange(
        deleted.filter((d) => !rewritten.has(`${d.root}\u0000${d.key ?? ''}`)),
        peer,
      );
    }
    this.sender = peer;
    const applied = this.observer?.applying(this, peer);
    try {
      Y.applyUpdate(this.doc, update, 'remote');
    } catch (err) {
      // The check passed, so this is a Yjs edge case; whatever integrated is queued like any edit.
      this.log.error({ event: 'room.apply_failed', room: this.id, err }, 'update passed the check but failed to apply');
      throw new ProtocolError('badUpdate', 'update could not be applied');
    } finally {
      this.sender = null;
      applied?.();
    }
  }

  /** The display name in the presence state this peer itself announced, if any (never another connection's). */
  presenceName(peer: Peer): string | undefined {
    for (const id of this.peers.get(peer)?.owned ?? []) {
      const user: unknown = (this.awareness.getStates().get(id) as { user?: unknown } | undefined)?.user;
      const name = (user as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string' && name.trim()) return name;
    }
    return undefined;
  }

  /**
   * Refuses a whole update and closes its sender: it tells the tab why in a permission-denied
   * message (y-protocols' provider logs it) before the close code the UI turns into a sentence.
   */
  private refuse(
    peer: Peer,
    close: 'invalidBoardRecord' | 'invalidBoardComment' | 'invalidTempoMap' | 'unknownRoot' | 'roomTooLarge',
    detail: string,
  ): never {
    this.log.info({ event: 'room.write_refused', room: this.id, peer: peer.id, close }, detail);
    peer.send(encodePermissionDenied(detail));
    throw new ProtocolError(close, detail);
  }

  private denyWrite(peer: Peer, reason: string): void {
    this.log.info({ event: 'room.write_denied', room: this.id, peer: peer.id, role: peer.role }, reason);
    peer.send(encodePermissionDenied(reason));
  }

  /**
   * A change the server makes to the room on a person's behalf (a restore, RV6): applied with
   * origin `server`, so it is committed before it is broadcast, to every peer, like any edit.
   * `by` is whom it is attributed to while it is applied ({@link changeBy}).
   */
  applyServerChange(by: VersionAuthor, change: (doc: Y.Doc) => void): void {
    if (this.destroyed) throw new Error(`room ${this.id} is closed`);
    this.changeBy = by;
    try {
      this.doc.transact(() => change(this.doc), 'server');
    } finally {
      this.changeBy = null;
    }
  }

  /** Closes the peers matching `pred` (e.g. those that came in through a rotated link). */
  closePeers(pred: (peer: Peer) => boolean, info: CloseCodeInfo): number {
    let n = 0;
    for (const peer of [...this.peers.keys()]) {
      if (pred(peer)) {
        peer.close(info);
        n++;
      }
    }
    return n;
  }

  /** Closes every peer; the room is unusable afterwards. */
  closeAll(info: CloseCodeInfo, detail?: string): void {
    for (const peer of [...this.peers.keys()]) peer.close(info, detail);
    this.peers.clear();
    this.owners.clear();
    this.outbox.clear();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.closeAll(CLOSE.goingAway);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
