/**
 * This person's mix in one room (click and each reference: volume, mute, solo; `PersonalMix` in
 * shared/ holds the rules). Kept on this device per room in localStorage, never in the room's
 * document, so nobody else hears a difference. The transport applies its click gain and the
 * reference player each reference's gain from here; the mixer UI reads and changes it through
 * `mixHooks.ts`.
 */
import { EMPTY_MIX, parseMix, updateChannel, type MixChannel, type MixSource, type PersonalMix } from '@riffboard/shared';
import { readPrefs } from '../audio/metronomePrefs.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';

const keyOf = (roomId: string): string => `riffboard:mix:${roomId}`;

export class RoomMix {
  private mix: PersonalMix;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly roomId: string) {
    // A room with no stored mix starts from the click settings this device had before mixes were per room.
    const prefs = readPrefs();
    const fallback: PersonalMix = { ...EMPTY_MIX, click: { ...EMPTY_MIX.click, volume: prefs.volume, muted: prefs.muted } };
    let raw: unknown = null;
    try {
      raw = JSON.parse(localStorage.getItem(keyOf(roomId)) ?? 'null');
    } catch {
      raw = null; // unreadable storage: defaults
    }
    this.mix = parseMix(raw, fallback);
  }

  get = (): PersonalMix => this.mix;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(source: MixSource, patch: Partial<MixChannel>): void {
    this.mix = updateChannel(this.mix, source, patch);
    try {
      localStorage.setItem(keyOf(this.roomId), JSON.stringify(this.mix));
    } catch {
      // storage full or blocked: the mix still applies for this session
    }
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** The room's mix on this device, created on first use. */
export const roomMix = perRoom(
  (room: RoomConnection) => new RoomMix(room.roomId),
  (m) => m.dispose(),
);
