/**
 * Tempo map → Standard MIDI File (SPEC.md T7), bytes out as a Uint8Array (browser and Node).
 *
 * Format 1 with one conductor track at {@link PPQ} ticks per quarter — the layout DAWs write for a
 * tempo map and read into their tempo track. At each section start: a marker (FF 06) with the
 * section name (UTF-8), the time signature (FF 58) when it changes, the key signature (FF 59) when
 * the section has a key, and the tempo (FF 51). The end-of-track event sits at the song's end.
 *
 * Ramps are written as tempo steps every 1/16 note ({@link RAMP_STEP_TICKS}), at least 4 and at most
 * 2048 steps per section. Each step's tempo is the *average* tempo of the exact curve over the step
 * (its length in quarters over its exact duration from the timeline), not a sample of it, so a DAW
 * playing the steps reaches every step boundary — and so every bar line — at the same time as
 * Riffboard, up to the microsecond rounding of FF 51. All times come from `timeline.ts`.
 */
import { writeMidi, type MidiEvent } from 'midi-file';
import type { SectionFields } from './tempoDoc.ts';
import { keySignatureOf } from './musicalKey.ts';
import { toBinaryUtf8 } from './midiText.ts';
import { buildTimeline, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { PPQ, ticks } from './units.ts';

/** Ramp step length: a sixteenth note. */
export const RAMP_STEP_TICKS = PPQ / 4;
const MIN_RAMP_STEPS = 4;
const MAX_RAMP_STEPS = 2048;

/** Step length used for a ramp over `length` ticks (integer, ≥ 1). */
export function rampStepTicks(length: number): number {
  return Math.max(1, Math.ceil(length / MAX_RAMP_STEPS), Math.min(RAMP_STEP_TICKS, Math.floor(length / MIN_RAMP_STEPS)));
}

/** FF 51 value for a tempo: microseconds per quarter note. */
export const microsecondsPerQuarter = (bpmValue: number): number => Math.round(60_000_000 / bpmValue);

export interface MidiExportOptions {
  /** Name of the conductor track (FF 03); default "Tempo map". */
  readonly trackName?: string;
}

type Timed = { readonly tick: number; readonly event: MidiEvent };

/** The conductor track's events at absolute ticks, in order (exposed for tests and previews). */
export function tempoTrackEvents(tl: TempoTimeline, trackName = 'Tempo map'): Timed[] {
  const out: Timed[] = [{ tick: 0, event: { deltaTime: 0, meta: true, type: 'trackName', text: toBinaryUtf8(trackName) } }];
  const tempo = (tick: number, bpmValue: number): void => {
    out.push({ tick, event: { deltaTime: 0, meta: true, type: 'setTempo', microsecondsPerBeat: microsecondsPerQuarter(bpmValue) } });
  };
  let meter = '';
  for (const seg of tl.segments) {
    const at = seg.startTicks;
    out.push({ tick: at, event: { deltaTime: 0, meta: true, type: 'marker', text: toBinaryUtf8(seg.name) } });
    if (`${seg.meterNumerator}/${seg.meterDenominator}` !== meter) {
      meter = `${seg.meterNumerator}/${seg.meterDenominator}`;
      out.push({
        tick: at,
        event: {
          deltaTime: 0,
          meta: true,
          type: 'timeSignature',
          numerator: seg.meterNumerator,
          denominator: seg.meterDenominator,
          // MIDI clocks (24 per quarter) per metronome click: one click per beat.
          metronome: (24 * 4) / seg.meterDenominator,
          thirtyseconds: 8,
        },
      });
    }
    const sig = seg.key === undefined ? undefined : keySignatureOf(seg.key);
    if (sig) out.push({ tick: at, event: { deltaTime: 0, meta: true, type: 'keySignature', key: sig.sharps, scale: sig.minor ? 1 : 0 } });
    if (!seg.ramps) {
      tempo(at, seg.startBpm);
      continue;
    }
    const length = seg.endTicks - seg.startTicks;
    const step = rampStepTicks(length);
    for (let k0 = 0; k0 < length; k0 += step) {
      const k1 = Math.min(length, k0 + step);
      const dt = ticksToSeconds(tl, ticks(at + k1)) - ticksToSeconds(tl, ticks(at + k0));
      tempo(at + k0, ((k1 - k0) / PPQ) * (60 / dt));
    }
  }
  out.push({ tick: tl.totalTicks, event: { deltaTime: 0, meta: true, type: 'endOfTrack' } });
  return out;
}

/** The tempo map as a Standard MIDI File (format 1, one conductor track, PPQ 480). */
export function exportTempoMidi(
  sections: ReadonlyArray<SectionFields & { readonly id?: string }>,
  options: MidiExportOptions = {},
): Uint8Array {
  const events = tempoTrackEvents(buildTimeline(sections), options.trackName);
  let last = 0;
  const track = events.map(({ tick, event }) => {
    const e = { ...event, deltaTime: tick - last };
    last = tick;
    return e;
  });
  return Uint8Array.from(writeMidi({ header: { format: 1, numTracks: 1, ticksPerBeat: PPQ }, tracks: [track] }));
}
