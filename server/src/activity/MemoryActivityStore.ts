/** ActivityStore in memory, for tests and benchmarks. */
import type { ActivityEntry } from '@riffboard/shared';
import type { ActivityStore, NewActivity } from './ActivityStore.ts';

export class MemoryActivityStore implements ActivityStore {
  private seq = 0;
  /** Per room, oldest first. */
  private readonly rooms = new Map<string, ActivityEntry[]>();
  private readonly visits = new Map<string, number>();

  async append(roomId: string, records: readonly NewActivity[]): Promise<number[]> {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = []));
    return records.map((r) => {
      const seq = ++this.seq;
      room.push({ ...r, seq });
      return seq;
    });
  }

  async list(roomId: string, { before, limit }: { before?: number; limit: number }): Promise<ActivityEntry[]> {
    const out: ActivityEntry[] = [];
    const room = this.rooms.get(roomId) ?? [];
    for (let i = room.length - 1; i >= 0 && out.length < limit; i--) {
      const e = room[i]!;
      if (before === undefined || e.seq < before) out.push(e);
    }
    return out;
  }

  async listSince(roomId: string, since: number, limit: number, except?: string): Promise<ActivityEntry[]> {
    const out: ActivityEntry[] = [];
    const room = this.rooms.get(roomId) ?? [];
    for (let i = room.length - 1; i >= 0 && out.length < limit; i--) {
      const e = room[i]!;
      if (e.at > since && e.personId !== except) out.push(e);
    }
    return out;
  }

  async markVisit(roomId: string, personId: string, at: number): Promise<void> {
    const k = `${roomId}\u0000${personId}`;
    this.visits.set(k, Math.max(at, this.visits.get(k) ?? Number.NEGATIVE_INFINITY));
  }

  async lastVisit(roomId: string, personId: string): Promise<number | undefined> {
    return this.visits.get(`${roomId}\u0000${personId}`);
  }

  async close(): Promise<void> {}
}
