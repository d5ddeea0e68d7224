/**
 * Where the tempo track goes when the form changes (SPEC.md T6.5): a pure function from the old
 * map and the new form to the new tempo points and meter changes.
 *
 * Each section of the new form says which bars of the old form it plays (`source`: an old section
 * and the bar offset within it), so one rule serves add, delete, duplicate, split, move and a change
 * of length, the way a DAW's "insert/delete/move bars" carries the tempo and signature events along:
 * - a point or meter change inside bars a new section takes from its source moves with them
 *   (the first section that takes them keeps their ids; a duplicate gets copies with new ids);
 * - one inside bars no new section takes (a deleted section, the cut-off end of a shortened one) is
 *   removed; one past the form's end shifts by the change in the form's length;
 * - continuity: where a new section starts, the meter and tempo its source bar had before the edit
 *   are kept, by adding a meter change or a jump point there when the move left another in force.
 */
import { barStartTicks } from './position.ts';
import { buildTimeline, meterAtBar, tempoAtTicks, type TempoTimeline } from './timeline.ts';
import type { MeterChange, SectionFields, TempoMapData, TempoPoint } from './tempoMap.ts';

/** One section of the new form. */
export interface FormSlot {
  readonly bars: number;
  /** The old section (by id) and bar offset within it whose bars this one plays; none for a new, empty section. */
  readonly source?: { readonly id: string; readonly offsetBars: number };
}

export interface RemappedTrack {
  readonly points: TempoPoint[];
  readonly meters: MeterChange[];
}

interface OldMap extends TempoMapData {
  readonly sections: ReadonlyArray<SectionFields & { readonly id: string }>;
  readonly points: readonly TempoPoint[];
  readonly meters: readonly MeterChange[];
}

/** The new tempo points and meter changes for a new form (see the module header). */
export function remapTrack(old: OldMap, form: readonly FormSlot[], newId: () => string): RemappedTrack {
  const oldStart = new Map<string, number>();
  let bar = 1;
  for (const s of old.sections) {
    oldStart.set(s.id, bar);
    bar += s.bars;
  }
  const oldEnd = bar;
  const newEnd = 1 + form.reduce((n, s) => n + s.bars, 0);
  // For each old bar inside the form: the new bars that play it.
  const targets = new Map<number, number[]>();
  const slotStarts: number[] = [];
  let at = 1;
  for (const slot of form) {
    slotStarts.push(at);
    const from = slot.source && oldStart.get(slot.source.id);
    if (slot.source && from !== undefined) {
      const src = old.sections.find((s) => s.id === slot.source!.id)!;
      const n = Math.min(slot.bars, src.bars - slot.source.offsetBars);
      for (let k = 0; k < n; k++) {
        const ob = from + slot.source.offsetBars + k;
        targets.set(ob, [...(targets.get(ob) ?? []), at + k]);
      }
    }
    at += slot.bars;
  }
  const place = <T extends { id: string; bar: number }>(xs: readonly T[]): T[] => {
    const out: T[] = [];
    for (const x of xs) {
      if (x.bar >= oldEnd) {
        out.push({ ...x, bar: x.bar + newEnd - oldEnd });
        continue;
      }
      (targets.get(x.bar) ?? []).forEach((b, i) => out.push({ ...x, bar: b, id: i === 0 ? x.id : newId() }));
    }
    return out;
  };
  const meters = place(old.meters);
  const points = place(old.points);

  const tl0 = buildTimeline(old);
  const sourceBar = (slot: FormSlot): number | undefined => {
    const from = slot.source && oldStart.get(slot.source.id);
    return from === undefined ? undefined : from + slot.source!.offsetBars;
  };
  // Continuity of the meter, then (with the meters settled) of the tempo.
  let tl1: TempoTimeline = buildTimeline({ sections: [], points, meters });
  form.forEach((slot, i) => {
    const sb = sourceBar(slot);
    const nb = slotStarts[i]!;
    if (sb === undefined || meters.some((m) => m.bar === nb)) return;
    const want = meterAtBar(tl0, sb);
    const have = meterAtBar(tl1, nb);
    if (want.numerator !== have.numerator || want.denominator !== have.denominator) {
      meters.push({ id: newId(), bar: nb, numerator: want.numerator, denominator: want.denominator });
      tl1 = buildTimeline({ sections: [], points, meters });
    }
  });
  form.forEach((slot, i) => {
    const sb = sourceBar(slot);
    const nb = slotStarts[i]!;
    if (sb === undefined || points.some((p) => p.bar === nb && p.beat === 1 && p.tick === 0)) return;
    const want = tempoAtTicks(tl0, barStartTicks(tl0, sb));
    const have = tempoAtTicks(tl1, barStartTicks(tl1, nb));
    if (Math.abs(want - have) > 1e-9) {
      points.push({ id: newId(), bar: nb, beat: 1, tick: 0, bpm: want, shape: 'jump' });
      tl1 = buildTimeline({ sections: [], points, meters });
    }
  });
  return { points, meters };
}
