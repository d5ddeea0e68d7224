/**
 * "Since you were last here" for the open room (server SPEC H8, shared W6): fetched once when the
 * room opens, then kept until seen. The changed items stay marked on the board and in the panels
 * until the person opens one (it is then seen) or marks everything seen, which the server
 * remembers as their new last visit.
 */
import { sinceLastVisit, type ActivityArea, type SinceVisit } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { activityApi } from './activityApi.ts';

export interface SinceState {
  /** Null until loaded (or when it could not be). */
  readonly summary: SinceVisit | null;
  /** Items the person has looked at since (their markers are gone). */
  readonly seen: ReadonlySet<string>;
  /** The person dismissed the summary (everything is seen). */
  readonly dismissed: boolean;
  readonly truncated: boolean;
}

export class SinceVisitStore {
  private state: SinceState = { summary: null, seen: new Set(), dismissed: false, truncated: false };
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(private readonly room: RoomConnection) {
    void this.load();
  }

  private async load(): Promise<void> {
    const answer = await activityApi.since(this.room);
    if (!answer.ok || this.disposed) return;
    const { entries, you, lastHere, truncated } = answer.value;
    this.set({ summary: sinceLastVisit(entries, you, lastHere), truncated });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SinceState => this.state;

  /** Whether `itemId` of `area` changed since the last visit and is not seen yet. */
  isChanged(area: ActivityArea, itemId: string): boolean {
    const s = this.state;
    return !s.dismissed && !s.seen.has(itemId) && (s.summary?.changed[area]?.includes(itemId) ?? false);
  }

  /** The person looked at this item. */
  markItemSeen(itemId: string): void {
    if (this.state.seen.has(itemId)) return;
    this.set({ seen: new Set([...this.state.seen, itemId]) });
  }

  /** Everything is seen: markers go, and the server moves the person's last visit to now. */
  async markAllSeen(): Promise<void> {
    this.set({ dismissed: true });
    await activityApi.seen(this.room);
  }

  private set(patch: Partial<SinceState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

export const sinceVisitOf = perRoom(
  (room) => new SinceVisitStore(room),
  (s) => s.dispose(),
);
