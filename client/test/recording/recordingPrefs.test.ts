/** Recording settings read back from this browser's storage: anything unusable reads as the defaults. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_RECORDING_PREFS,
  RECORDING_PREFS_KEY,
  readRecordingPrefs,
  writeRecordingPrefs,
} from '../../src/recording/recordingPrefs.ts';

function fakeStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
    key: () => null,
    get length() {
      return data.size;
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('recording prefs', () => {
  it('voice processing is off and the count-in one bar unless this person chose otherwise', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    expect(readRecordingPrefs()).toEqual(DEFAULT_RECORDING_PREFS);
    expect(DEFAULT_RECORDING_PREFS).toMatchObject({ voiceProcessing: false, countInBars: 1 });
  });

  it('keeps the input, the switch, the count-in and each input’s calibration', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    const prefs = {
      deviceId: 'usb',
      voiceProcessing: true,
      countInBars: 2,
      calibrations: { usb: { roundTripSeconds: 0.012, measuredAt: 5, clicks: 8 } },
    };
    writeRecordingPrefs(prefs);
    expect(readRecordingPrefs()).toEqual(prefs);
  });

  it('corrupt or out-of-range values read as the defaults, one field at a time', () => {
    vi.stubGlobal(
      'localStorage',
      fakeStorage({
        [RECORDING_PREFS_KEY]: JSON.stringify({
          countInBars: 7,
          voiceProcessing: 'yes',
          calibrations: { a: { roundTripSeconds: 'x' }, b: { roundTripSeconds: 0.02 } },
        }),
      }),
    );
    expect(readRecordingPrefs()).toEqual({ voiceProcessing: false, countInBars: 1, calibrations: { b: { roundTripSeconds: 0.02 } } });
    vi.stubGlobal('localStorage', fakeStorage({ [RECORDING_PREFS_KEY]: '{not json' }));
    expect(readRecordingPrefs()).toEqual(DEFAULT_RECORDING_PREFS);
  });
});
