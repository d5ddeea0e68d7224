/**
 * The beat grid: every meter beat in a window of clock time (SPEC.md T5), for the timeline view's
 * grid lines and the metronome's clicks.
 *
 * Beats are enumerated on the tick axis (every beat is a whole number of beats from its meter
 * region's start, and meter changes sit on bar lines) and placed in time with the timeline, so the
 * grid and the transport can never disagree. The window is half-open, [from, to); a beat within
 * 1 ns of `from` counts as inside, so asking from a beat's own time returns that beat despite
 * rounding. Beats outside the song (count-in, after the end) are included with
 * `sectionIndex: undefined` — callers clamp to `[0, totalSeconds]` when they only want the song.
 */
import { meterAtTicks, sectionAtTicks, secondsToTicks, tempoAtTicks, ticksToSeconds, type TempoTimeline } from './timeline.ts';
import { ticks, type Bpm, type Seconds, type Ticks } from './units.ts';

export interface GridBeat {
  readonly seconds: Seconds;
  readonly ticks: Ticks;
  /** Bar number, from 1 (≤ 0 in a count-in). */
  readonly bar: number;
  /** Beat within the bar, from 1. */
  readonly beat: number;
  /** The first beat of a bar (the metronome accents it). */
  readonly isDownbeat: boolean;
  /** Song-order index of the form section, `undefined` outside the song. */
  readonly sectionIndex: number | undefined;
  /** Instantaneous tempo at the beat. */
  readonly bpm: Bpm;
}

/**
 * Every beat with `from − 1 ns ≤ time < to`, in order. Stops after `maxBeats` (default 100 000) so a
 * huge window can't hang the UI.
 */
export function beatGrid(tl: TempoTimeline, from: Seconds, to: Seconds, maxBeats = 100_000): GridBeat[] {
  const out: GridBeat[] = [];
  const startTick = secondsToTicks(tl, from);
  let r = meterAtTicks(tl, startTick);
  let ri = tl.meters.indexOf(r);
  // The beat at or just before startTick, counted from its region's start (exact integers).
  let n = Math.floor((startTick - r.startTicks) / r.ticksPerBeat) - 1;
  while (out.length < maxBeats) {
    const t = r.startTicks + n * r.ticksPerBeat;
    const next = tl.meters[ri + 1];
    if (next && t >= next.startTicks) {
      r = next;
      ri++;
      n = 0;
      continue;
    }
    n++;
    const s = ticksToSeconds(tl, ticks(t));
    if (s >= to) break;
    if (s < from - 1e-9) continue;
    const beatsFromRegion = n - 1;
    const beat = (((beatsFromRegion % r.numerator) + r.numerator) % r.numerator) + 1;
    const bar = r.startBar + Math.floor(beatsFromRegion / r.numerator);
    out.push({
      seconds: s,
      ticks: ticks(t),
      bar,
      beat,
      isDownbeat: beat === 1,
      sectionIndex: sectionAtTicks(tl, ticks(t))?.index,
      bpm: tempoAtTicks(tl, ticks(t)),
    });
  }
  return out;
}
