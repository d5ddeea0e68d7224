/**
 * This person's recording settings on this browser: the input device, whether voice processing
 * (echo cancellation, noise suppression, auto gain) is on, the count-in length, and the loopback
 * calibration measured for each input device (recording SPEC R1, R2). Stored in localStorage; a
 * blocked or corrupt store reads as the defaults.
 */
import type { Calibration } from '@riffboard/shared';

export const RECORDING_PREFS_KEY = 'riffboard:recording';

export interface RecordingPrefs {
  /** The input picked; the system default when absent. */
  readonly deviceId?: string;
  readonly voiceProcessing: boolean;
  /** Bars of count-in before a take (0–2, the transport's limit). */
  readonly countInBars: number;
  /** Measured round trips, by input device id. */
  readonly calibrations: Readonly<Record<string, Calibration>>;
}

export const DEFAULT_RECORDING_PREFS: RecordingPrefs = { voiceProcessing: false, countInBars: 1, calibrations: {} };

function isCalibration(v: unknown): v is Calibration {
  const c = v as Partial<Calibration> | null;
  return typeof c === 'object' && c !== null && typeof c.roundTripSeconds === 'number' && Number.isFinite(c.roundTripSeconds);
}

export function readRecordingPrefs(): RecordingPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(RECORDING_PREFS_KEY) ?? 'null') as Partial<RecordingPrefs> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_RECORDING_PREFS;
    const calibrations: Record<string, Calibration> = {};
    for (const [id, c] of Object.entries(raw.calibrations ?? {})) if (isCalibration(c)) calibrations[id] = c;
    const countIn = Number(raw.countInBars);
    return {
      ...(typeof raw.deviceId === 'string' && raw.deviceId ? { deviceId: raw.deviceId } : {}),
      voiceProcessing: raw.voiceProcessing === true,
      countInBars: Number.isInteger(countIn) && countIn >= 0 && countIn <= 2 ? countIn : 1,
      calibrations,
    };
  } catch {
    return DEFAULT_RECORDING_PREFS;
  }
}

export function writeRecordingPrefs(prefs: RecordingPrefs): void {
  try {
    localStorage.setItem(RECORDING_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // storage blocked: the settings last as long as the page
  }
}
