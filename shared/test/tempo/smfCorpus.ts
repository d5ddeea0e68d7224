/**
 * A generated corpus of Standard MIDI Files with their exact expected timing (SPEC.md T8).
 *
 * Each case is written byte by byte here (header, tracks, variable-length deltas, FF 51 / FF 58
 * meta events, a few notes), independently of the code under test, and carries the time of every
 * bar start and beat computed from the file's own events: seconds(tick) = Σ Δticks/PPQ · µs/10⁶
 * over the tempo in force (120 BPM before the first tempo event), bars from the time signatures
 * (4/4 before the first; every signature sits on a bar line).
 */

/** A seeded PRNG (mulberry32), so a case is reproducible from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type CorpusEvent =
  | { readonly tick: number; readonly track: number; readonly kind: 'tempo'; readonly us: number }
  | { readonly tick: number; readonly track: number; readonly kind: 'meter'; readonly num: number; readonly den: number }
  | { readonly tick: number; readonly track: number; readonly kind: 'note'; readonly on: boolean; readonly key: number };

export interface CorpusCase {
  readonly name: string;
  readonly format: 0 | 1;
  readonly ppq: number;
  readonly tracks: number;
  readonly events: readonly CorpusEvent[];
}

export interface ExpectedBeat {
  readonly bar: number;
  readonly beat: number;
  readonly seconds: number;
}

const vlq = (n: number): number[] => {
  const out = [n & 0x7f];
  for (let v = n >>> 7; v > 0; v >>>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
};
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function eventBytes(e: CorpusEvent): number[] {
  switch (e.kind) {
    case 'tempo':
      return [0xff, 0x51, 0x03, (e.us >> 16) & 255, (e.us >> 8) & 255, e.us & 255];
    case 'meter':
      return [0xff, 0x58, 0x04, e.num, Math.log2(e.den), 24, 8];
    case 'note':
      return [e.on ? 0x90 : 0x80, e.key, e.on ? 100 : 0];
  }
}

/** The case as SMF bytes (format 0: every event in one track). */
export function smfBytes(c: CorpusCase): Uint8Array {
  const trackCount = c.format === 0 ? 1 : c.tracks;
  const out = [...ascii('MThd'), ...u32(6), 0, c.format, 0, trackCount, (c.ppq >> 8) & 0x7f, c.ppq & 255];
  for (let t = 0; t < trackCount; t++) {
    const evs = c.events.map((e, i) => ({ e, i })).filter(({ e }) => c.format === 0 || e.track === t);
    evs.sort((a, b) => a.e.tick - b.e.tick || a.i - b.i);
    const body: number[] = [];
    let last = 0;
    for (const { e } of evs) {
      body.push(...vlq(e.tick - last), ...eventBytes(e));
      last = e.tick;
    }
    body.push(0, 0xff, 0x2f, 0);
    out.push(...ascii('MTrk'), ...u32(body.length), ...body);
  }
  return Uint8Array.from(out);
}

/** Every bar start and beat up to the file's last event, with its time from the file's own events. */
export function expectedBeats(c: CorpusCase): ExpectedBeat[] {
  const tempos = c.events.filter((e) => e.kind === 'tempo').sort((a, b) => a.tick - b.tick);
  const meters = c.events.filter((e) => e.kind === 'meter').sort((a, b) => a.tick - b.tick);
  const end = Math.max(...c.events.map((e) => e.tick));
  const secondsAt = (tick: number): number => {
    let s = 0;
    let at = 0;
    let us = 500_000;
    for (const t of tempos) {
      if (t.tick >= tick) break;
      s += ((t.tick - at) / c.ppq) * (us / 1e6);
      at = t.tick;
      us = t.us;
    }
    return s + ((tick - at) / c.ppq) * (us / 1e6);
  };
  const out: ExpectedBeat[] = [];
  let tick = 0;
  let bar = 1;
  let num = 4;
  let den = 4;
  let mi = 0;
  while (tick <= end) {
    while (mi < meters.length && meters[mi]!.tick <= tick) {
      const m = meters[mi++]!;
      if (m.kind === 'meter') ({ num, den } = m);
    }
    const beatTicks = (c.ppq * 4) / den;
    for (let b = 0; b < num && tick + b * beatTicks <= end; b++) out.push({ bar, beat: b + 1, seconds: secondsAt(tick + b * beatTicks) });
    tick += num * beatTicks;
    bar++;
  }
  return out;
}

const METERS_ODD = [
  [2, 8],
  [3, 8],
  [5, 8],
  [7, 8],
] as const;
const METERS_ANY = [...METERS_ODD, [4, 4], [3, 4], [6, 8], [5, 4], [2, 2]] as const;

export interface CaseOptions {
  readonly seed: number;
  readonly format: 0 | 1;
  readonly ppq: number;
  readonly bars: number;
  /** `rubato`: a tempo change every few ticks, inside bars; `accelerando`: rising steps at uneven spacing; `sparse`: a few changes. */
  readonly tempo: 'rubato' | 'accelerando' | 'sparse';
  /** `everyBar`: a meter change every bar or two (2/8, 3/8, 5/8, 7/8 among others); `none`: 4/4 throughout. */
  readonly meters: 'everyBar' | 'none' | 'some';
  /** Cap on tempo events (the rubato case stops adding changes past it). */
  readonly maxTempoEvents?: number;
}

/** One corpus case from its options; tempo and meter events land in random tracks (format 1). */
export function makeCase(options: CaseOptions): CorpusCase {
  // An eighth-note beat must be a whole number of ticks for bars to start on ticks: odd divisions
  // are used with 4/4 only (meters 'none'), and rounded up to even otherwise.
  const o = { ...options, ppq: options.meters !== 'none' && options.ppq % 2 === 1 ? options.ppq + 1 : options.ppq };
  const r = rng(o.seed);
  const tracks = o.format === 0 ? 1 : 2 + Math.floor(r() * 3);
  const track = (): number => Math.floor(r() * tracks);
  const events: CorpusEvent[] = [];
  // Meters first: they fix the bar lines.
  const barTicks: number[] = [];
  let tick = 0;
  let num = 4;
  let den = 4;
  for (let bar = 1; bar <= o.bars; bar++) {
    const change = o.meters === 'everyBar' ? bar === 1 || r() < 0.6 : o.meters === 'some' ? bar === 1 || r() < 0.15 : false;
    if (change) {
      const pool = o.meters === 'everyBar' ? (r() < 0.8 ? METERS_ODD : METERS_ANY) : METERS_ANY;
      [num, den] = pool[Math.floor(r() * pool.length)]!;
      events.push({ tick, track: track(), kind: 'meter', num, den });
    }
    barTicks.push(tick);
    tick += (num * o.ppq * 4) / den;
  }
  const end = tick;
  // Tempo events at distinct ticks.
  const us = (bpmValue: number): number => Math.round(60_000_000 / Math.min(390, Math.max(25, bpmValue)));
  const max = o.maxTempoEvents ?? Infinity;
  let count = 0;
  const tempo = (at: number, bpmValue: number): void => {
    events.push({ tick: at, track: track(), kind: 'tempo', us: us(bpmValue) });
    count++;
  };
  if (o.tempo === 'rubato') {
    let bpmValue = 60 + r() * 100;
    const start = r() < 0.5 ? 0 : 1 + Math.floor(r() * o.ppq); // sometimes no tempo at tick 0: 120 until the first
    for (let at = start; at < end && count < max; at += 1 + Math.floor(r() * Math.max(1, o.ppq / 4))) {
      bpmValue = Math.min(200, Math.max(40, bpmValue + (r() - 0.5) * 12));
      tempo(at, bpmValue);
    }
  } else if (o.tempo === 'accelerando') {
    let bpmValue = 50 + r() * 30;
    for (let at = 0; at < end && count < max; at += 1 + Math.floor(r() * o.ppq * 2)) {
      bpmValue += r() * 6;
      tempo(at, bpmValue);
    }
  } else {
    for (let at = 0; at < end && count < max; at += Math.floor(o.ppq * (2 + r() * 12)) + Math.floor(r() * 7)) tempo(at, 60 + r() * 120);
  }
  // A few notes so the file looks like a performance, and the last one marks the end.
  for (let k = 0; k < Math.min(64, o.bars * 2); k++) {
    const at = Math.floor(r() * end);
    events.push({ tick: at, track: track(), kind: 'note', on: true, key: 60 + (k % 12) });
    events.push({ tick: Math.min(end, at + o.ppq), track: track(), kind: 'note', on: false, key: 60 + (k % 12) });
  }
  events.push({ tick: end, track: track(), kind: 'note', on: false, key: 60 });
  return { name: `${o.tempo}/${o.meters}/fmt${o.format}/ppq${o.ppq}/seed${o.seed}`, format: o.format, ppq: o.ppq, tracks, events };
}
