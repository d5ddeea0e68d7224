/**
 * The beat grid: every meter beat in a window of clock time (SPEC.md T5), for the timeline view's
 * grid lines and the metronome's clicks.
 *
 * Beats are enumerated on the tick axis (each beat is an integer tick, since segments are whole
 * bars) and placed in time with the timeline, so the grid and the transport can never disagree.
 * The window is half-open, [from, to); a beat within 1 ns of `from` counts as inside, so asking
 * from a beat's own time returns that beat despite rounding. Beats outside the song (count-in,
 * after the end) are included with `sectionIndex: undefined` — callers clamp to
 * `[0, totalSeconds]` when they only want the song.
 */
import { ticksToPosition } from './position.ts';
import { findSegment, secondsToTicks, tempoAt, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { seconds, ticks, type Bpm, type Seconds, type Ticks } from './units.ts';

export interface GridBeat {
  readonly seconds: Seconds;
  readonly ticks: Ticks;
  /** Bar number, from 1 (≤ 0 in a count-in). */
  readonly bar: number;
  /** Beat within the bar, from 1. */
  readonly beat: number;
  /** The first beat of a bar (the metronome accents it). */
  readonly isDownbeat: boolean;
  /** Song-order index of the section, `undefined` outside the song. */
  readonly sectionIndex: number | undefined;
  /** Instantaneous tempo at the beat. */
  readonly bpm: Bpm;
}

/** Ticks per beat at an absolute tick (the meter in force there, extended outside the song). */
function beatTicksAt(tl: TempoTimeline, t: number): number {
  if (t < 0 || tl.segments.length === 0) return tl.before.ticksPerBeat;
  if (t >= tl.totalTicks) return tl.after.ticksPerBeat;
  return tl.segments[findSegment(tl, t, 'startTicks')]?.ticksPerBeat ?? tl.after.ticksPerBeat;
}

/**
 * Every beat with `from − 1 ns ≤ time < to`, in order. Stops after `maxBeats` (default 100 000) so a
 * huge window can't hang the UI.
 */
export function beatGrid(tl: TempoTimeline, from: Seconds, to: Seconds, maxBeats = 100_000): GridBeat[] {
  const out: GridBeat[] = [];
  const startTick = secondsToTicks(tl, seconds(from - 1e-9));
  const p = ticksToPosition(tl, startTick);
  // First beat at or after startTick: the beat containing it, or the next one.
  let t = startTick - p.tick + (p.tick > 0 ? beatTicksAt(tl, startTick) : 0);
  // Snap to an integer tick: beats are integer ticks; this removes float noise from the inverse.
  t = Math.round(t);
  while (out.length < maxBeats) {
    const s = ticksToSeconds(tl, ticks(t));
    if (s >= to) break;
    if (s >= from - 1e-9) {
      const pos = ticksToPosition(tl, ticks(t));
      const seg = t >= 0 && t < tl.totalTicks ? findSegment(tl, t, 'startTicks') : -1;
      out.push({
        seconds: s,
        ticks: ticks(t),
        bar: pos.bar,
        beat: pos.beat,
        isDownbeat: pos.beat === 1,
        sectionIndex: seg >= 0 ? seg : undefined,
        bpm: tempoAt(tl, s),
      });
    }
    t += beatTicksAt(tl, t);
  }
  return out;
}
