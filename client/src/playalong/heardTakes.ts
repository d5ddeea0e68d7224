/**
 * Which recorded takes this person chose to hear on the shared transport (backlog SPEC B10), per
 * room, kept on this device in localStorage like the personal mix: nobody else hears a difference.
 * Play along reads it to schedule the chosen takes with the click; the takes list toggles it.
 */
import { parseHeardTakes, setHeard } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';

const keyOf = (roomId: string): string => `riffboard:heard-takes:${roomId}`;

export class HeardTakes {
  private heard: readonly string[];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly roomId: string) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(localStorage.getItem(keyOf(roomId)) ?? 'null');
    } catch {
      raw = null; // unreadable storage: nothing chosen
    }
    this.heard = parseHeardTakes(raw);
  }

  /** Chosen take ids (the same array until the choice changes). */
  get = (): readonly string[] => this.heard;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Turns hearing `takeIds` on or off. */
  set(takeIds: readonly string[], on: boolean): void {
    this.heard = setHeard(this.heard, takeIds, on);
    try {
      localStorage.setItem(keyOf(this.roomId), JSON.stringify(this.heard));
    } catch {
      // storage full or blocked: the choice still applies for this session
    }
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** The room's chosen takes on this device, created on first use. */
export const heardTakes = perRoom(
  (room: RoomConnection) => new HeardTakes(room.roomId),
  (h) => h.dispose(),
);
