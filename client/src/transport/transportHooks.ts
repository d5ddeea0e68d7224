/** React hooks over the room's transport; components read these and never touch the doc or audio. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { transportAt, type ClockEstimate, type TransportNow } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { roomTransport, type RoomTransport, type TransportView } from './roomTransport.ts';
import type { MetronomePrefs } from '../audio/metronomePrefs.ts';
import type { ScheduledStart } from '../audio/TransportAudio.ts';
import type { MidiClockPrefs, MidiClockStatus } from './midiClockOut.ts';

export function useRoomTransport(room: RoomConnection): RoomTransport {
  return roomTransport(room);
}

export function useTransportView(t: RoomTransport): TransportView {
  return useObserved(t.subscribe, t.getView, [t]);
}

export function useMetronomePrefs(t: RoomTransport): MetronomePrefs {
  return useSyncExternalStore(t.subscribe, t.getPrefs);
}

export function useClockEstimate(room: RoomConnection): ClockEstimate | null {
  return useSyncExternalStore(room.clock.subscribe, room.clock.getEstimate);
}

export function useAudioRunning(t: RoomTransport): boolean {
  return useSyncExternalStore(t.engine.subscribe, t.engine.getRunning);
}

export function useLastStart(t: RoomTransport): ScheduledStart | undefined {
  return useSyncExternalStore(t.audio.subscribe, t.audio.getLastStart);
}

/** Where the transport is, recomputed every animation frame while it plays. */
export function usePlayhead(t: RoomTransport, view: TransportView): TransportNow {
  const [now, setNow] = useState(() => transportAt(view.timeline, view.state, t.serverNow()));
  useEffect(() => {
    let frame = 0;
    const update = (): void => {
      setNow(transportAt(view.timeline, view.state, t.serverNow()));
      if (view.state.playback.playing) frame = requestAnimationFrame(update);
    };
    update();
    return () => cancelAnimationFrame(frame);
  }, [t, view]);
  return now;
}

/** This person's MIDI clock settings and where MIDI access stands. */
export function useMidiClock(t: RoomTransport): { readonly prefs: MidiClockPrefs; readonly status: MidiClockStatus } {
  const prefs = useSyncExternalStore(t.midi.subscribe, t.midi.getPrefs);
  const status = useSyncExternalStore(t.midi.subscribe, t.midi.getStatus);
  return { prefs, status };
}
