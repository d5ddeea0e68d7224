/**
 * Per-person metronome settings (volume, "mute for me", count-in): on this device only, never in
 * the room doc — muting your click must not mute anyone else's.
 */
export interface MetronomePrefs {
  /** 0…1 */
  readonly volume: number;
  readonly muted: boolean;
  /** Count in one bar when this person presses Play. */
  readonly countIn: boolean;
}

const KEY = 'riffboard:metronome';
export const DEFAULT_PREFS: MetronomePrefs = { volume: 0.8, muted: false, countIn: true };

export function readPrefs(): MetronomePrefs {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULT_PREFS;
    const r = raw as Record<string, unknown>;
    return {
      volume: typeof r.volume === 'number' && r.volume >= 0 && r.volume <= 1 ? r.volume : DEFAULT_PREFS.volume,
      muted: typeof r.muted === 'boolean' ? r.muted : DEFAULT_PREFS.muted,
      countIn: typeof r.countIn === 'boolean' ? r.countIn : DEFAULT_PREFS.countIn,
    };
  } catch {
    return DEFAULT_PREFS; // unreadable storage: defaults, nothing to report
  }
}

export function writePrefs(p: MetronomePrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // storage full or blocked: the setting still applies for this session
  }
}
