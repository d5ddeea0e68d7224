/**
 * One open room: its Y.Doc, the WebSocket provider to the server, the IndexedDB cache, and the
 * connection state people see. The only place in the client that opens a socket.
 *
 * Readiness: the board may only be shown (and tldraw may only add its default page) once the doc
 * holds what already exists, otherwise a fresh tab would write a second default page next to the
 * room's. The doc is "ready" when the server finished its sync handshake, or, when the server is
 * out of reach, once IndexedDB replayed the local copy.
 *
 * Status: `connected` while the socket is open; `reconnecting` for the first few failed attempts
 * after a drop; `offline` when the browser says so or attempts keep failing; `closed` when the
 * server refused us with a close code that retrying can't fix (the provider then stops).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { ServerClock } from './serverClock.ts';
import { BigChanges } from './bigChanges.ts';
import { CLOSE, SCHEMA_VERSION, boardRecordCount, closeInfo, reconnectDelay, type Role } from '@riffboard/shared';
import { SchemaGate } from './schemaGate.ts';
import { personKey } from '../identity/personKey.ts';
import { readIdentity } from '../identity/identity.ts';

export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected' }
  | { readonly kind: 'reconnecting'; readonly message?: string }
  | { readonly kind: 'offline' }
  | { readonly kind: 'closed'; readonly code: number; readonly message: string };

export interface RoomSnapshot {
  readonly status: ConnectionStatus;
  /** The doc holds the room's existing content (from the server or the local cache). */
  readonly ready: boolean;
  /** A sentence from the server to show until dismissed (e.g. a change too large to save). */
  readonly notice: string | null;
}

/** Failed attempts in a row after which "reconnecting" becomes "offline". */
const ATTEMPTS_BEFORE_OFFLINE = 3;
/** How long to wait for the server before showing an empty local copy anyway. */
const SERVER_WAIT_MS = 4000;

export function syncServerUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/sync`;
}

export class RoomConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** The server's clock as estimated over this connection (for the shared transport). */
  readonly clock: ServerClock;
  private readonly local: IndexeddbPersistence;
  private snapshot: RoomSnapshot = { status: { kind: 'connecting' }, ready: false, notice: null };
  private readonly listeners = new Set<() => void>();
  private localSynced = false;
  private failedAttempts = 0;
  private retryTimer: number | undefined;
  private readonly cleanups: (() => void)[] = [];

  /**
   * @param token the link token, sent as the `token` query parameter the server checks
   * @param role what the link grants, as the server reported it; the UI mirrors it (the server
   *   enforces it whatever the UI does)
   */
  constructor(
    readonly roomId: string,
    readonly token: string | null,
    readonly role: Role,
  ) {
    this.local = new IndexeddbPersistence(`riffboard:${roomId}`, this.doc);
    const big = new BigChanges(roomId, this.doc, (notice) => this.set({ notice }));
    // Nothing is written before the server said it is on this tab's schema (server SPEC S17).
    const gate = new SchemaGate(big.Socket, (verdict) => this.otherRelease(verdict));
    this.provider = new WebsocketProvider(syncServerUrl(window.location), roomId, this.doc, {
      // The schema this build reads and writes: a server on another one refuses the tab before it
      // writes anything (server SPEC S14), and the person is asked to reload.
      // The person key and name say who makes the changes this tab sends (server SPEC H1, H2).
      params: { ...(token ? { token } : {}), schema: String(SCHEMA_VERSION), key: personKey(), name: readIdentity()?.name ?? '' },
      // Long changes go out in parts the server joins (a day offline would not fit one message).
      WebSocketPolyfill: gate.Socket,
      // Codes the server marks as final (no such room, bad address) must not be retried forever.
      shouldReconnect: (event: CloseEvent) => closeInfo(event.code)?.retry ?? true,
      connect: navigator.onLine,
    });
    big.listen(this.provider);
    gate.listen(this.provider);
    this.clock = new ServerClock(this.provider);
    this.sendOnlyOwnPresence();
    this.wire();
  }

  /**
   * The stock provider re-sends every awareness change it sees, including the peers' states it
   * has just received from the server. Each tab relaying everyone's presence is O(n²) traffic
   * that the server then drops (a connection may only change the presence it owns). So only this
   * tab's own entry goes out; the server relays the rest.
   */
  private sendOnlyOwnPresence(): void {
    const { awareness } = this.provider;
    const stock = this.provider._awarenessUpdateHandler;
    // The awareness id, not the doc's: the doc's moves on when a change of this tab is parked.
    const own = (id: number): boolean => id === awareness.clientID;
    const filtered = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
      const mine = { added: changes.added.filter(own), updated: changes.updated.filter(own), removed: changes.removed.filter(own) };
      if (mine.added.length + mine.updated.length + mine.removed.length > 0) stock(mine, origin);
    };
    awareness.off('update', stock);
    awareness.on('update', filtered);
    this.cleanups.push(() => awareness.off('update', filtered));
  }

  /** For `useSyncExternalStore`: the same object until something changes. */
  getSnapshot = (): RoomSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Runs `fn` when the room is closed (e.g. to stop room-scoped audio). */
  onDestroy(fn: () => void): void {
    this.cleanups.push(fn);
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  destroy(): void {
    window.clearTimeout(this.retryTimer);
    this.clock.destroy();
    for (const c of this.cleanups) c();
    this.listeners.clear();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }

  private set(next: Partial<RoomSnapshot>): void {
    const merged = { ...this.snapshot, ...next };
    if (merged.status === this.snapshot.status && merged.ready === this.snapshot.ready && merged.notice === this.snapshot.notice) return;
    this.snapshot = merged;
    for (const l of this.listeners) l();
  }

  private setStatus(status: ConnectionStatus): void {
    // A refusal is final until the page is reloaded; later socket noise must not hide it.
    if (this.snapshot.status.kind === 'closed') return;
    this.set({ status });
    if (status.kind === 'offline' || status.kind === 'closed') this.readyIfLocal();
  }

  /**
   * Takes the next attempt away from the provider's fixed exponential schedule (which would bring
   * every tab back at the same instants after a restart) and makes it at a jittered time: with
   * `shouldConnect` off, the attempt the provider scheduled finds nothing to do.
   */
  private retryWithJitter(): void {
    const { provider } = this;
    provider.shouldConnect = false;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(
      () => {
        if (this.snapshot.status.kind !== 'closed' && navigator.onLine) provider.connect();
      },
      reconnectDelay(provider.wsUnsuccessfulReconnects + 1),
    );
  }

  /** The server is on another release than this tab: stop (nothing was written) and ask for a reload. */
  private otherRelease(verdict: 'clientOutdated' | 'serverOutdated'): void {
    const { code, message } = CLOSE[verdict];
    this.setStatus({ kind: 'closed', code, message });
    this.provider.disconnect();
  }

  private readyIfLocal(): void {
    if (this.localSynced) this.set({ ready: true });
  }

  private wire(): void {
    const { provider, local } = this;

    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.failedAttempts = 0;
        this.setStatus({ kind: 'connected' });
      }
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) this.set({ ready: true });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (!provider.shouldConnect && event === null) return; // our own disconnect()
      this.failedAttempts++;
      const info = event ? closeInfo(event.code) : undefined;
      if (info?.retry !== false) this.retryWithJitter();
      if (!navigator.onLine || this.failedAttempts >= ATTEMPTS_BEFORE_OFFLINE) this.setStatus({ kind: 'offline' });
      else this.setStatus(info?.retry ? { kind: 'reconnecting', message: info.message } : { kind: 'reconnecting' });
    });
    provider.on('closed', ({ code }) => {
      const info = closeInfo(code);
      this.setStatus({ kind: 'closed', code, message: info?.message ?? 'The server closed the connection.' });
    });

    local.once('synced', () => {
      this.localSynced = true;
      const s = this.snapshot.status.kind;
      if (boardRecordCount(this.doc) > 0 || s === 'offline' || s === 'closed') {
        this.readyIfLocal();
        return;
      }
      // Nothing cached and the server is still connecting: give it a moment before showing an
      // empty board (which would let tldraw create a default page the server may already have).
      const timer = window.setTimeout(() => this.readyIfLocal(), SERVER_WAIT_MS);
      this.cleanups.push(() => window.clearTimeout(timer));
    });

    // The browser knows before the socket does: an "offline" event means the network is gone, so
    // close at once instead of waiting for a dead socket to time out, and reconnect when it's back.
    const onOffline = (): void => {
      provider.disconnect();
      this.setStatus({ kind: 'offline' });
    };
    const onOnline = (): void => {
      if (this.snapshot.status.kind === 'closed') return;
      this.failedAttempts = 0;
      this.setStatus({ kind: 'reconnecting' });
      provider.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    });
    if (!navigator.onLine) this.setStatus({ kind: 'offline' });
  }
}
