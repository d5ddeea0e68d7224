/**
 * What tempo and meter a stretch of the song is in, for one-line descriptions (the session summary's
 * tempo table, a version preview's tempo list). With the v3 model a section carries no tempo: the
 * tempo track and meter changes decide it, and either may change inside a section.
 */
import { curveTempoAt } from './tempoCurve.ts';
import { meterAtBar, type PlacedSection, type TempoTimeline } from './timeline.ts';
import { PPQ, quarters } from './units.ts';

/** Tempos are shown to 0.01 BPM; closer values read as the same tempo. */
const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * The tempos in force from `startTicks` to `endTicks` in order: where it starts, every change and
 * the tempo a ramp reaches, and where it ends (a jump exactly at the end is not heard inside).
 * Consecutive equal tempos appear once.
 */
export function tempiInSpan(tl: TempoTimeline, startTicks: number, endTicks: number): number[] {
  const out: number[] = [];
  const push = (v: number): void => {
    const r = round(v);
    if (out[out.length - 1] !== r) out.push(r);
  };
  for (const seg of tl.tempo) {
    if (seg.endTicks <= startTicks) continue;
    if (seg.startTicks >= endTicks && out.length > 0) break;
    const from = Math.max(seg.startTicks, startTicks);
    const to = Math.min(seg.endTicks, endTicks);
    push(curveTempoAt(seg, quarters((from - seg.startTicks) / PPQ)));
    if (Number.isFinite(to) && to > from) push(curveTempoAt(seg, quarters((to - seg.startTicks) / PPQ)));
  }
  return out;
}

/** The meters of bars `startBar` to `startBar + bars − 1`, in order, each once in a row, as `7/8`. */
export function metersInBars(tl: TempoTimeline, startBar: number, bars: number): string[] {
  const out = [`${meterAtBar(tl, startBar).numerator}/${meterAtBar(tl, startBar).denominator}`];
  for (const r of tl.meters)
    if (r.startBar > startBar && r.startBar < startBar + bars) {
      const m = `${r.numerator}/${r.denominator}`;
      if (out[out.length - 1] !== m) out.push(m);
    }
  return out;
}

/** More than this many tempos in one section (rubato) read as a range instead of a list. */
const MAX_LISTED = 4;

/** `120 BPM`, `100 → 128 BPM` (a ramp or change inside), or `92–131 BPM` for many changes. */
export function tempoLabel(tempi: readonly number[]): string {
  if (tempi.length === 0) return '';
  if (tempi.length <= MAX_LISTED) return `${tempi.join(' → ')} BPM`;
  return `${Math.min(...tempi)}–${Math.max(...tempi)} BPM`;
}

/** A placed section's tempo and meter as the summary and previews show them. */
export function sectionTempoText(tl: TempoTimeline, s: PlacedSection): { readonly tempo: string; readonly meter: string } {
  return {
    tempo: tempoLabel(tempiInSpan(tl, s.startTicks, s.endTicks)),
    meter: metersInBars(tl, s.startBar, s.bars).join(' → '),
  };
}
