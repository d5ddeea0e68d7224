import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOCKS_PER_QUARTER,
  MIDI_SONG_POSITION,
  PPQ,
  SPP_LEAD_MS,
  TICKS_PER_CLOCK,
  barStartTicks,
  buildTimeline,
  countInSeconds,
  JOIN_MARGIN_MS,
  midiJoin,
  midiBytes,
  midiClockMessages,
  tempoAtTicks,
  ticks,
  type MidiClockMessage,
  type TempoMapData,
  type TempoTimeline,
  type TransportState,
} from '../../src/index.ts';
import { fullTempoMap } from '../tempo/arbitraries.ts';

const T0 = 1_700_000_000_000;

/** A song with a jump, a ramp inside a bar (not on a bar line) and meter changes (4/4 → 7/8 → 3/4). */
const MAP: TempoMapData = {
  sections: [
    { id: 'a', name: 'A', bars: 4 },
    { id: 'b', name: 'B', bars: 4 },
    { id: 'c', name: 'C', bars: 4 },
  ],
  points: [
    { id: 'p1', bar: 1, beat: 1, tick: 0, bpm: 100, shape: 'jump' },
    { id: 'p2', bar: 2, beat: 3, tick: 120, bpm: 140, shape: 'ramp' },
    { id: 'p3', bar: 6, beat: 2, tick: 0, bpm: 80, shape: 'timeRamp' },
    { id: 'p4', bar: 10, beat: 1, tick: 0, bpm: 126, shape: 'jump' },
  ],
  meters: [
    { id: 'm1', bar: 1, numerator: 4, denominator: 4 },
    { id: 'm2', bar: 5, numerator: 7, denominator: 8 },
    { id: 'm3', bar: 9, numerator: 3, denominator: 4 },
  ],
};
const song = buildTimeline(MAP);

const playing = (tl: TempoTimeline, fromTicks: number, countInBars = 0, loop?: TransportState['loop']): TransportState => ({
  playback: { playing: true, fromTicks: ticks(fromTicks), startServerMs: T0, countInBars },
  loop,
});

/** Everything a playback sends, in one window wide enough for the whole song (or `passes` loop passes). */
function all(tl: TempoTimeline, st: TransportState, untilMs = T0 + (tl.totalSeconds + 1) * 1000): MidiClockMessage[] {
  return midiClockMessages(tl, st, T0 - 60_000, untilMs);
}

/**
 * Seconds from tick `a` to tick `b`, integrated numerically from the instantaneous tempo
 * (Simpson's rule between the tempo points, where the curve is smooth) — independent of the
 * timeline's closed-form integral, which is what the schedule uses.
 */
function integrate(tl: TempoTimeline, a: number, b: number): number {
  const cuts = [a, ...tl.tempo.map((s) => s.startTicks as number).filter((t) => t > a && t < b), b];
  let total = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i]!;
    const hi = cuts[i + 1]!;
    const n = 8;
    const h = (hi - lo) / n;
    const f = (t: number): number => 60 / PPQ / tempoAtTicks(tl, ticks(Math.min(hi - 1e-9, Math.max(lo + 1e-9, t))));
    let s = f(lo) + f(hi);
    for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * f(lo + k * h);
    total += (s * h) / 3;
  }
  return total;
}

/**
 * Plays the messages into a model receiver (MIDI 1.0's slave rules): Start → position 0; SPP →
 * position = sixteenths (only while stopped); Continue/Start → running; each clock while running
 * advances 1/24 quarter. Returns each clock with the position the receiver puts it at.
 */
function receive(msgs: readonly MidiClockMessage[]): { serverMs: number; receiverTicks: number }[] {
  let running = false;
  let pos = 0;
  const clocks: { serverMs: number; receiverTicks: number }[] = [];
  for (const m of msgs) {
    if (m.kind === 'start') {
      pos = 0;
      running = true;
    } else if (m.kind === 'songPosition') {
      expect(running).toBe(false); // MC4: SPP only reaches a stopped receiver
      pos = m.sixteenths * (PPQ / 4);
    } else if (m.kind === 'continue') running = true;
    else if (m.kind === 'stop') running = false;
    else if (running) {
      clocks.push({ serverMs: m.serverMs, receiverTicks: pos });
      pos += TICKS_PER_CLOCK;
    }
  }
  return clocks;
}

describe('MC1 clock pulses follow the tempo model', () => {
  it('MC1 every clock is within 1 ms of the tempo model’s time for the position a receiver counts it at, across ramps and meter changes (property)', () => {
    fc.assert(
      fc.property(fullTempoMap(12), fc.integer({ min: 0, max: 8 }), (map, fromBar) => {
        const tl = buildTimeline(map);
        fc.pre(tl.totalBars >= 1 && tl.totalSeconds < 600);
        const from = barStartTicks(tl, Math.min(fromBar + 1, tl.totalBars));
        const clocks = receive(all(tl, playing(tl, from)));
        let model = T0;
        let at = from as number;
        for (const c of clocks) {
          model += integrate(tl, at, c.receiverTicks) * 1000;
          at = c.receiverTicks;
          expect(Math.abs(c.serverMs - model)).toBeLessThanOrEqual(1);
        }
        // From the first sixteenth at or after the start point (all SPP can say) to the song's end.
        const first = Math.ceil(from / (PPQ / 4)) * (PPQ / 4);
        expect(clocks.length).toBe(Math.max(0, Math.round((tl.totalTicks - first) / TICKS_PER_CLOCK)));
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('MC1 clocks are strictly increasing in time and 24 per quarter note (property)', () => {
    fc.assert(
      fc.property(fullTempoMap(12), (map) => {
        const tl = buildTimeline(map);
        fc.pre(tl.totalSeconds < 600);
        const clocks = all(tl, playing(tl, 0)).filter((m) => m.kind === 'clock');
        for (let i = 1; i < clocks.length; i++) expect(clocks[i]!.serverMs).toBeGreaterThan(clocks[i - 1]!.serverMs);
        const perQuarter = new Map<number, number>();
        for (const c of clocks) perQuarter.set(Math.floor(c.ticks / PPQ), (perQuarter.get(Math.floor(c.ticks / PPQ)) ?? 0) + 1);
        for (const [q, n] of perQuarter) if ((q + 1) * PPQ <= tl.totalTicks) expect(n).toBe(CLOCKS_PER_QUARTER);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe('MC2/MC3 start and song position', () => {
  it('MC2 from the song start: Start on the downbeat, then the first clock at the same time; Stop at the song’s end', () => {
    const msgs = all(song, playing(song, 0, 1));
    expect(msgs[0]).toEqual({ kind: 'start', serverMs: T0 });
    expect(msgs[1]).toEqual({ kind: 'clock', serverMs: T0, ticks: 0 });
    // The count-in sends nothing: no message before the downbeat.
    expect(msgs.every((m) => m.serverMs >= T0)).toBe(true);
    const last = msgs[msgs.length - 1]!;
    expect(last.kind).toBe('stop');
    expect(last.serverMs).toBeCloseTo(T0 + song.totalSeconds * 1000, 6);
    expect(msgs.filter((m) => m.kind === 'clock').length).toBe(song.totalTicks / TICKS_PER_CLOCK);
  });

  it('MC3 from bar 6 (in 7/8): SPP with the position in sixteenths before the count-in, Continue on the start', () => {
    const from = barStartTicks(song, 6);
    const st = playing(song, from, 1);
    const msgs = all(song, st);
    const firstSound = T0 - countInSeconds(song, st.playback) * 1000;
    expect(msgs[0]).toEqual({ kind: 'songPosition', serverMs: firstSound - SPP_LEAD_MS, sixteenths: from / (PPQ / 4) });
    expect(msgs[1]).toEqual({ kind: 'continue', serverMs: T0 });
    expect(msgs[2]).toEqual({ kind: 'clock', serverMs: T0, ticks: from });
    expect(msgs.some((m) => m.kind === 'start')).toBe(false);
  });

  it('MC3 a start point between sixteenths continues on the next sixteenth, at that sixteenth’s time', () => {
    const msgs = all(song, playing(song, 1000));
    const spp = msgs.find((m) => m.kind === 'songPosition');
    expect(spp && spp.kind === 'songPosition' && spp.sixteenths).toBe(9); // 1000 ticks → sixteenth 9 (1080)
    const cont = msgs.find((m) => m.kind === 'continue')!;
    const firstClock = msgs.find((m) => m.kind === 'clock')!;
    expect(firstClock).toMatchObject({ ticks: 1080 });
    expect(cont.serverMs).toBe(firstClock.serverMs);
    expect(cont.serverMs).toBeGreaterThan(T0);
  });

  it('MC3 the SPP bytes carry the position as two 7-bit halves, low first', () => {
    expect(midiBytes({ kind: 'songPosition', serverMs: 0, sixteenths: 300 })).toEqual([MIDI_SONG_POSITION, 300 & 0x7f, 300 >> 7]);
    expect(midiBytes({ kind: 'clock', serverMs: 0, ticks: 0 })).toEqual([0xf8]);
    expect(midiBytes({ kind: 'start', serverMs: 0 })).toEqual([0xfa]);
    expect(midiBytes({ kind: 'continue', serverMs: 0 })).toEqual([0xfb]);
    expect(midiBytes({ kind: 'stop', serverMs: 0 })).toEqual([0xfc]);
  });
});

describe('MC4 loop wraps', () => {
  it('MC4 each wrap sends Stop, SPP (loop start), Continue and the loop start’s clock at the wrap time, in that order; the receiver stays on the model', () => {
    const loop = { startBar: 2, endBar: 4 }; // across the ramp that starts mid-bar 2
    const st = playing(song, 0, 0, loop);
    const loopStart = barStartTicks(song, 2);
    const loopEnd = barStartTicks(song, 4);
    const passMs = integrate(song, loopStart, loopEnd) * 1000;
    const firstWrap = T0 + integrate(song, 0, loopEnd) * 1000;
    const msgs = all(song, st, firstWrap + 3 * passMs + 1);
    for (let k = 0; k < 3; k++) {
      const wrap = firstWrap + k * passMs;
      const i = msgs.findIndex((m) => m.kind === 'stop' && Math.abs(m.serverMs - wrap) < 1);
      expect(i).toBeGreaterThan(0);
      expect(msgs.slice(i, i + 4).map((m) => m.kind)).toEqual(['stop', 'songPosition', 'continue', 'clock']);
      expect(msgs[i + 1]).toMatchObject({ sixteenths: loopStart / (PPQ / 4) });
      expect(msgs[i + 3]).toMatchObject({ ticks: loopStart });
      expect(new Set(msgs.slice(i, i + 4).map((m) => m.serverMs)).size).toBe(1);
    }
    // The receiver's count: every clock within 1 ms of the model in every pass.
    for (const c of receive(msgs)) {
      const pass = c.serverMs < firstWrap - 0.5 ? -1 : Math.floor((c.serverMs - firstWrap + 0.5) / passMs);
      const model =
        pass < 0
          ? T0 + integrate(song, 0, c.receiverTicks) * 1000
          : firstWrap + pass * passMs + integrate(song, loopStart, c.receiverTicks) * 1000;
      expect(Math.abs(c.serverMs - model)).toBeLessThanOrEqual(1);
    }
  });
});

describe('MC6 windows', () => {
  it('MC6 consecutive windows give every message exactly once, a loop wrap included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 }), fc.boolean(), (steps, looped) => {
        const st = playing(song, barStartTicks(song, 2), 1, looped ? { startBar: 2, endBar: 3 } : undefined);
        const start = T0 - 3000;
        const edges = steps.reduce<number[]>((acc, s) => [...acc, acc[acc.length - 1]! + s * 37], [start]);
        const pieces = edges.slice(1).flatMap((to, i) => midiClockMessages(song, st, edges[i]!, to));
        expect(pieces).toEqual(midiClockMessages(song, st, start, edges[edges.length - 1]!));
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('MC6 a stopped transport sends nothing', () => {
    const st: TransportState = { playback: { playing: false, fromTicks: ticks(0), startServerMs: 0, countInBars: 0 }, loop: undefined };
    expect(midiClockMessages(song, st, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});

describe('MC5 joining a running playback', () => {
  it('MC5 a device joining mid-song continues on the next sixteenth’s clock, and a receiver counting from the SPP stays on the model', () => {
    const st = playing(song, 0);
    const now = T0 + 4321.5;
    const join = midiJoin(song, st, now)!;
    expect(join.continueMs).toBeGreaterThanOrEqual(now + JOIN_MARGIN_MS);
    const msgs = [
      { kind: 'songPosition' as const, serverMs: now, sixteenths: join.sixteenths },
      { kind: 'continue' as const, serverMs: join.continueMs },
      ...midiClockMessages(song, st, join.continueMs, T0 + (song.totalSeconds + 1) * 1000),
    ];
    const clocks = receive(msgs);
    expect(clocks[0]!.serverMs).toBe(join.continueMs);
    for (const c of clocks) expect(Math.abs(c.serverMs - (T0 + integrate(song, 0, c.receiverTicks) * 1000))).toBeLessThanOrEqual(1);
  });

  it('MC5 no join just before a loop wrap that restarts the receiver itself', () => {
    const st = playing(song, 0, 0, { startBar: 1, endBar: 2 });
    const wrap = T0 + integrate(song, 0, barStartTicks(song, 2)) * 1000;
    expect(midiJoin(song, st, wrap - JOIN_MARGIN_MS - 10)).toBeUndefined();
  });
});
