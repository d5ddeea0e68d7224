/**
 * Tempo map → Standard MIDI File (SPEC.md T7), bytes out as a Uint8Array (browser and Node);
 * `smfWriter.ts` writes the bytes.
 *
 * Format 1 with one conductor track — the layout DAWs write for a tempo map and read into their
 * tempo track: a marker (FF 06, UTF-8 name) and the key signature (FF 59, when set) at each
 * section start, a time signature (FF 58) at each meter change, a tempo (FF 51) at each tempo
 * point, and the end of track at the song's end (or the last event, if later).
 *
 * Ramps are written as tempo steps every 1/16 note ({@link RAMP_STEP_TICKS}; at least 4 and at most
 * 2048 such steps per ramp), cut also at every beat the ramp passes. Each step's tempo is the *average* tempo of the exact curve over the step
 * (its length in quarters over its exact duration from the timeline), not a sample of it, so a DAW
 * playing the steps reaches every step boundary — and so every beat and bar line — at Riffboard's
 * time, up to the microsecond rounding of FF 51. All times come from `timeline.ts`.
 *
 * The division is 480 ticks per quarter, or the first of 960, 1920, 3840, 7680 and 24…960 at which
 * every event lands on a whole tick (points imported from a file of another division); if none
 * does, 960 and events are rounded to the nearest tick (T7.2).
 */
import { writeConductorFile, type MetaEvent } from './smfWriter.ts';
import type { TempoMapData } from './tempoMap.ts';
import { keySignatureOf } from './musicalKey.ts';
import { toBinaryUtf8 } from './midiText.ts';
import { beatTicksBetween, buildTimeline, ticksToSeconds, type TempoTimeline } from './timeline.ts';
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

type Timed = { readonly tick: number; readonly event: MetaEvent };

/** The conductor track's events at absolute ticks (at {@link PPQ}, maybe fractional), in order. */
export function tempoTrackEvents(tl: TempoTimeline, trackName = 'Tempo map'): Timed[] {
  const out: Timed[] = [{ tick: 0, event: { type: 'trackName', text: toBinaryUtf8(trackName) } }];
  const tempo = (tick: number, bpmValue: number): void => {
    out.push({ tick, event: { type: 'setTempo', microsecondsPerBeat: microsecondsPerQuarter(bpmValue) } });
  };
  for (const r of tl.meters) {
    out.push({
      tick: r.startTicks,
      event: {
        type: 'timeSignature',
        numerator: r.numerator,
        denominator: r.denominator,
        // MIDI clocks (24 per quarter) per metronome click: one click per beat.
        metronome: (24 * 4) / r.denominator,
        thirtyseconds: 8,
      },
    });
  }
  for (const s of tl.sections) {
    out.push({ tick: s.startTicks, event: { type: 'marker', text: toBinaryUtf8(s.name) } });
    const sig = s.key === undefined ? undefined : keySignatureOf(s.key);
    if (sig) out.push({ tick: s.startTicks, event: { type: 'keySignature', key: sig.sharps, scale: sig.minor ? 1 : 0 } });
  }
  for (const seg of tl.tempo) {
    const at = seg.startTicks;
    if (seg.shape === 'jump' || !Number.isFinite(seg.endTicks)) {
      tempo(at, seg.startBpm);
      continue;
    }
    const length = seg.endTicks - at;
    const step = rampStepTicks(length);
    // Boundaries: every step, and every beat the ramp passes (so each beat is reached exactly too).
    const cuts = new Set<number>([at, seg.endTicks]);
    for (let k = step; k < length; k += step) cuts.add(at + k);
    for (const b of beatTicksBetween(tl, at, seg.endTicks)) cuts.add(b);
    const sorted = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < sorted.length; i++) {
      const t0 = sorted[i]!;
      const t1 = sorted[i + 1]!;
      const dt = ticksToSeconds(tl, ticks(t1)) - ticksToSeconds(tl, ticks(t0));
      tempo(t0, ((t1 - t0) / PPQ) * (60 / dt));
    }
  }
  const last = Math.max(tl.totalTicks, ...out.map((e) => e.tick));
  // Stable sort by tick: meta events keep the order above (meter, marker, key, tempo) at a tick.
  const sorted = out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.tick - b.e.tick || a.i - b.i)
    .map((x) => x.e);
  sorted.push({ tick: last, event: { type: 'endOfTrack' } });
  return sorted;
}

const DIVISIONS = [PPQ, 960, 1920, 3840, 7680, ...Array.from({ length: 960 - 24 + 1 }, (_, i) => 24 + i)];

/** The first division at which every tick (at {@link PPQ}) is whole; 960 (rounding) if none. */
function divisionFor(tickList: readonly number[]): number {
  const whole = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-6;
  return DIVISIONS.find((d) => tickList.every((t) => whole((t * d) / PPQ))) ?? 960;
}

/** The tempo map as a Standard MIDI File (format 1, one conductor track). */
export function exportTempoMidi(map: TempoMapData, options: MidiExportOptions = {}): Uint8Array {
  const events = tempoTrackEvents(buildTimeline(map), options.trackName);
  const division = divisionFor(events.map((e) => e.tick));
  return writeConductorFile(
    division,
    events.map(({ tick, event }) => ({ tick: Math.round((tick * division) / PPQ), event })),
  );
}
