/**
 * Standard MIDI File → tempo-map sections (SPEC.md T7), bytes in as a Uint8Array.
 *
 * Reads the tempo (FF 51), time-signature (FF 58), key-signature (FF 59) and marker (FF 06) events of
 * every track, rescaled to {@link PPQ}. Sections are whole bars of one meter, so:
 * 1. meter changes are snapped to the nearest bar line of the meter before them;
 * 2. sections start at bar 1, at every marker (named by it), meter change, key signature, and at
 *    every tempo change that is not inside a ramp — each snapped to the nearest bar line;
 * 3. a ramp is a run of at least 3 tempo events, equally spaced, monotonic (equal neighbours allowed:
 *    a slow ramp's steps can round to one FF 51 value) and not all equal, whose last step
 *    ends at the next section start; its start and end tempo are recovered by a least-squares fit of
 *    the linear-in-time curve q(t) = a·t + c·t² through the step boundaries (exact for files from
 *    `midiExport.ts`, whose steps are averages of that curve), not by reading the first step;
 * 4. the song ends at the last event of any track, rounded up to a bar line;
 * 5. a section's key is the key signature at its first tick, if any (so the round trip keeps
 *    "no key" sections); without markers sections are named "Section 1", "Section 2", ….
 * Values out of Riffboard's ranges are normalised by the same rule as the doc (T1.5), with a warning.
 */
import { parseMidi, type MidiData } from 'midi-file';
import { LIMITS, normaliseSectionFields, type SectionFields } from './tempoDoc.ts';
import { keyFromSignature } from './musicalKey.ts';
import { fromBinaryUtf8 } from './midiText.ts';
import { PPQ, ticksPerBar } from './units.ts';

export type MidiImportError =
  /** The bytes are not a Standard MIDI File midi-file can read. */
  | { readonly code: 'not_midi'; readonly detail: string }
  /** The file counts time in SMPTE frames, not ticks per quarter, so it has no bars to read. */
  | { readonly code: 'smpte_timing' };

export interface MidiImport {
  readonly sections: SectionFields[];
  /** Things that were approximated (snapped events, clamped values), in words for a developer log. */
  readonly warnings: string[];
}

export type MidiImportResult = { readonly ok: true; readonly value: MidiImport } | { readonly ok: false; readonly error: MidiImportError };

interface At<T> {
  readonly tick: number;
  readonly value: T;
}
interface Meter {
  readonly num: number;
  readonly den: number;
}

/** Events of one kind at absolute ticks, sorted, the last one winning at equal ticks. */
function lastPerTick<T>(xs: At<T>[]): At<T>[] {
  const sorted = [...xs].sort((a, b) => a.tick - b.tick);
  const out: At<T>[] = [];
  for (const x of sorted) {
    if (out.length > 0 && out[out.length - 1]!.tick === x.tick) out[out.length - 1] = x;
    else out.push(x);
  }
  return out;
}

function activeAt<T>(xs: readonly At<T>[], tick: number, fallback: T): T {
  let v = fallback;
  for (const x of xs) {
    if (x.tick > tick) break;
    v = x.value;
  }
  return v;
}

/** Meter regions starting on bar lines (rule 1), the first at tick 0. */
function meterRegions(changes: readonly At<Meter>[], warnings: string[]): At<Meter>[] {
  const regions: At<Meter>[] = [{ tick: 0, value: { num: 4, den: 4 } }];
  for (const c of changes) {
    const prev = regions[regions.length - 1]!;
    const bar = ticksPerBar(prev.value.num, prev.value.den);
    const snapped = prev.tick + Math.round((c.tick - prev.tick) / bar) * bar;
    if (snapped !== c.tick) warnings.push(`time signature at tick ${c.tick} moved to the bar line at ${snapped}`);
    if (snapped <= prev.tick) regions[regions.length - 1] = { tick: prev.tick, value: c.value };
    else regions.push({ tick: snapped, value: c.value });
  }
  return regions;
}

function regionAt(regions: readonly At<Meter>[], tick: number): At<Meter> {
  let r = regions[0]!;
  for (const x of regions) if (x.tick <= tick) r = x;
  return r;
}

/** The bar line nearest to `tick` (or the next one up with `up`). */
function snapToBar(regions: readonly At<Meter>[], tick: number, up = false): number {
  const r = regionAt(regions, tick);
  const bar = ticksPerBar(r.value.num, r.value.den);
  const n = (tick - r.tick) / bar;
  return r.tick + (up ? Math.ceil(n - 1e-9) : Math.round(n)) * bar;
}

interface Ramp {
  readonly start: number;
  readonly end: number;
  readonly startBpm: number;
  readonly endBpm: number;
}

/**
 * Fits q(t) = a·t + c·t² through the step boundaries of a run (rule 3) and returns the tempo at
 * its start and end. Points: boundary ticks, and the times the stepped tempos reach them.
 */
function fitRamp(events: readonly At<number>[], end: number): Ramp {
  const pts: Array<[number, number]> = [[0, 0]];
  let t = 0;
  events.forEach((e, i) => {
    const next = events[i + 1]?.tick ?? end;
    t += ((next - e.tick) / PPQ) * (60 / e.value);
    pts.push([t, (next - events[0]!.tick) / PPQ]);
  });
  let s2 = 0,
    s3 = 0,
    s4 = 0,
    sq1 = 0,
    sq2 = 0;
  for (const [x, q] of pts) {
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
    sq1 += x * q;
    sq2 += x * x * q;
  }
  const det = s2 * s4 - s3 * s3;
  const a = (sq1 * s4 - sq2 * s3) / det;
  const c = (s2 * sq2 - s3 * sq1) / det;
  return { start: events[0]!.tick, end, startBpm: 60 * a, endBpm: 60 * (a + 2 * c * t) };
}

/** Ramp runs among the tempo events of one region [from, to) (rule 3). */
function findRamps(events: readonly At<number>[], to: number): Ramp[] {
  const ramps: Ramp[] = [];
  let i = 0;
  while (i < events.length) {
    const e0 = events[i]!;
    const e1 = events[i + 1];
    if (e1 === undefined) break;
    const step = e1.tick - e0.tick;
    // Monotonic, allowing equal neighbours: a slow ramp's steps can round to the same FF 51 value.
    let dir = Math.sign(e1.value - e0.value);
    let j = i + 1;
    while (j + 1 < events.length && Math.abs(events[j + 1]!.tick - events[j]!.tick - step) <= 1) {
      const d = Math.sign(events[j + 1]!.value - events[j]!.value);
      if (d !== 0 && dir !== 0 && d !== dir) break;
      if (d !== 0) dir = d;
      j++;
    }
    if (dir === 0) {
      i = j + 1;
      continue;
    }
    // events[i..j] are equally spaced and monotonic. The ramp's last step ends at the next event
    // or the region end if that is at most one step away; otherwise events[j] is the ramp's target.
    const after = events[j + 1]?.tick ?? to;
    let last = j;
    let end = after;
    if (after - events[j]!.tick > step + 1) {
      last = j - 1;
      end = events[j]!.tick;
    }
    if (last - i + 1 >= 3) {
      ramps.push(fitRamp(events.slice(i, last + 1), end));
      i = last + 1;
    } else i++;
  }
  return ramps;
}

/** Reads a Standard MIDI File's tempo map into sections in song order. */
export function importTempoMidi(bytes: Uint8Array): MidiImportResult {
  let midi: MidiData;
  try {
    midi = parseMidi(bytes);
  } catch (e) {
    return { ok: false, error: { code: 'not_midi', detail: String(e) } };
  }
  const division = midi.header.ticksPerBeat;
  if (division === undefined || division <= 0) return { ok: false, error: { code: 'smpte_timing' } };
  const scale = PPQ / division;
  const warnings: string[] = [];

  const tempos: At<number>[] = [];
  const meters: At<Meter>[] = [];
  const keys: At<string | undefined>[] = [];
  const markers: At<string>[] = [];
  let lastTick = 0;
  for (const track of midi.tracks) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      const at = Math.round(tick * scale);
      lastTick = Math.max(lastTick, at);
      if (e.type === 'setTempo' && e.microsecondsPerBeat > 0) tempos.push({ tick: at, value: 60_000_000 / e.microsecondsPerBeat });
      else if (e.type === 'timeSignature') meters.push({ tick: at, value: { num: e.numerator, den: e.denominator } });
      else if (e.type === 'keySignature') keys.push({ tick: at, value: keyFromSignature({ sharps: e.key, minor: e.scale === 1 }) });
      else if (e.type === 'marker') markers.push({ tick: at, value: fromBinaryUtf8(e.text) });
    }
  }
  const tempo = lastPerTick(tempos);
  const regions = meterRegions(lastPerTick(meters), warnings);
  const named = new Map<number, string>();
  for (const m of lastPerTick(markers)) {
    const b = snapToBar(regions, m.tick);
    if (!named.has(b)) named.set(b, m.value);
  }
  const keyAt = new Map<number, string | undefined>();
  for (const k of lastPerTick(keys)) keyAt.set(snapToBar(regions, k.tick), k.value);

  // Song end (rule 4): after the last event, on a bar line, at least one bar after the last start.
  const hard = [...new Set([0, ...regions.map((r) => r.tick), ...named.keys(), ...keyAt.keys()])].sort((a, b) => a - b);
  const lastStart = hard[hard.length - 1] ?? 0;
  const lastRegion = regionAt(regions, lastStart);
  const end = Math.max(snapToBar(regions, lastTick, true), lastStart + ticksPerBar(lastRegion.value.num, lastRegion.value.den));

  // Ramps and tempo-change boundaries within each hard region (rules 2, 3).
  const starts = new Set(hard.filter((h) => h < end));
  const ramps = new Map<number, Ramp>();
  const hardList = [...starts].sort((a, b) => a - b);
  hardList.forEach((h, i) => {
    const to = hardList[i + 1] ?? end;
    const inRegion = tempo.filter((e) => e.tick >= h && e.tick < to);
    if (inRegion[0]?.tick !== h) inRegion.unshift({ tick: h, value: activeAt(tempo, h, 120) });
    const found = findRamps(inRegion, to);
    const inside = new Set<number>();
    for (const r of found) {
      const s = snapToBar(regions, r.start);
      const e = snapToBar(regions, r.end);
      if (e <= s) continue;
      ramps.set(s, r);
      starts.add(s);
      if (e < end) starts.add(e);
      for (const x of inRegion) if (x.tick > r.start && x.tick < r.end) inside.add(x.tick);
    }
    for (const x of inRegion) {
      if (inside.has(x.tick)) continue;
      const b = snapToBar(regions, x.tick);
      if (b !== x.tick) warnings.push(`tempo change at tick ${x.tick} moved to the bar line at ${b}`);
      if (b < end) starts.add(b);
    }
  });

  const bounds = [...starts].sort((a, b) => a - b);
  const sections: SectionFields[] = [];
  let lastName = '';
  bounds.forEach((s, i) => {
    const e = bounds[i + 1] ?? end;
    const meter = regionAt(regions, s).value;
    const bars = Math.max(1, Math.round((e - s) / ticksPerBar(meter.num, meter.den)));
    const ramp = ramps.get(s);
    const marker = named.get(s);
    const name = marker ?? (named.size > 0 ? lastName : `Section ${i + 1}`);
    lastName = name;
    const key = keyAt.get(s);
    const bpm = Math.round((ramp ? ramp.startBpm : activeAt(tempo, s, 120)) * 1000) / 1000;
    const raw = {
      name: name || 'Section',
      bars,
      bpm,
      meterNumerator: meter.num,
      meterDenominator: meter.den,
      ramp: ramp ? 'linear' : 'none',
      ...(key ? { key } : {}),
    };
    const norm = normaliseSectionFields(raw);
    if (norm.bpm !== bpm || norm.meterNumerator !== meter.num || norm.meterDenominator !== meter.den || norm.bars !== bars) {
      warnings.push(
        `section ${i + 1} had values outside Riffboard's limits (${LIMITS.bpm.min}–${LIMITS.bpm.max} BPM, meters up to 32/32); they were clamped`,
      );
    }
    sections.push(norm);
  });
  // A ramp targets the next section's BPM; flag files whose ramp ends elsewhere.
  sections.forEach((s, i) => {
    const r = ramps.get(bounds[i]!);
    const next = sections[i + 1];
    if (r && next && Math.abs(next.bpm - r.endBpm) > 0.5)
      warnings.push(`ramp in section ${i + 1} ends at ${r.endBpm.toFixed(2)} BPM but the next section starts at ${next.bpm}`);
  });
  return { ok: true, value: { sections, warnings } };
}
