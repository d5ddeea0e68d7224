/**
 * The room's activity feed as a store the panel subscribes to. It polls while somebody looks at it
 * (every POLL_MS, and at once when the tab comes back into view) and stops when nobody does.
 *
 * Why polling rather than a push over the sync socket: records are server-private and stored
 * outside the document, possibly by another instance; a push would need a new message type on
 * the sync protocol (which every client must ignore) and a cross-instance channel for it. One
 * indexed query every few seconds while the panel is open is cheap and works with any instance.
 */
import type { ActivityEntry, Credit } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { activityApi } from './activityApi.ts';

export const POLL_MS = 3000;

export interface FeedState {
  readonly loaded: boolean;
  /** Newest first: the first page, refreshed by polling, then older pages loaded on request. */
  readonly entries: readonly ActivityEntry[];
  readonly you: string | null;
  /** `before` for the next older page, null when everything is loaded. */
  readonly next: number | null;
  readonly credits: readonly Credit[];
  readonly error: string | null;
}

const EMPTY: FeedState = { loaded: false, entries: [], you: null, next: null, credits: [], error: null };

export class ActivityFeed {
  private state: FeedState = EMPTY;
  private older: readonly ActivityEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private timer: number | undefined;
  private disposed = false;

  constructor(private readonly room: RoomConnection) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): FeedState => this.state;

  /** Loads the next older page. */
  async loadOlder(): Promise<void> {
    const before = this.state.next;
    if (before === null) return;
    const page = await activityApi.feed(this.room, before);
    if (!page.ok) return this.set({ error: page.message });
    this.older = [...this.older, ...page.value.entries];
    this.set({ entries: [...this.firstPage, ...this.older], next: page.value.next, error: null });
  }

  /** Fetches now (after a change of one's own, or a click on "refresh"). */
  readonly refresh = async (): Promise<void> => {
    const [page, credits] = await Promise.all([activityApi.feed(this.room), activityApi.credits(this.room)]);
    if (this.disposed) return;
    if (!page.ok) return this.set({ error: page.message, loaded: true });
    this.firstPage = page.value.entries;
    this.set({
      loaded: true,
      entries: [...this.firstPage, ...this.older],
      you: page.value.you,
      next: this.older.length > 0 ? this.state.next : page.value.next,
      credits: credits.ok ? credits.value.credits : this.state.credits,
      error: null,
    });
  };

  private firstPage: readonly ActivityEntry[] = [];

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  private start(): void {
    void this.refresh();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  private stop(): void {
    window.clearInterval(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private set(patch: Partial<FeedState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.listeners.clear();
  }
}

export const activityFeedOf = perRoom(
  (room) => new ActivityFeed(room),
  (feed) => feed.dispose(),
);
