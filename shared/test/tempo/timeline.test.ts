import { describe, expect, it } from 'vitest';
import {
  barStartSeconds,
  beatGrid,
  positionToSeconds,
  positionToTicks,
  PPQ,
  sectionAt,
  seconds,
  secondsToPosition,
  tempoAt,
  ticks,
  ticksToSeconds,
  totalSeconds,
  type SectionSketch,
} from '../../src/index.ts';
import { timelineOf } from './sketch.ts';

const sec = (f: Partial<SectionSketch>): SectionSketch => ({
  name: 'S',
  bars: 4,
  bpm: 120,
  meterNumerator: 4,
  meterDenominator: 4,
  ramp: 'none',
  ...f,
});

describe('T2/T4 constant tempo', () => {
  it('T4.1 at 120 BPM in 4/4 bar 2 starts at 2 s and a beat is 0.5 s', () => {
    const tl = timelineOf([sec({ bars: 4 })]);
    expect(barStartSeconds(tl, 2)).toBe(2);
    expect(positionToSeconds(tl, { bar: 1, beat: 2, tick: 0 })).toBe(0.5);
    expect(positionToSeconds(tl, { bar: 3, beat: 3, tick: 240 })).toBeCloseTo(5.25, 12);
    expect(totalSeconds(tl)).toBe(8);
    expect(secondsToPosition(tl, seconds(5.25))).toEqual({ bar: 3, beat: 3, tick: 240 });
  });

  it('T2.1 in 6/8 at 120 quarter-BPM a beat is an eighth of 0.25 s and a bar is 1.5 s', () => {
    const tl = timelineOf([sec({ meterNumerator: 6, meterDenominator: 8, bars: 2 })]);
    expect(positionToSeconds(tl, { bar: 1, beat: 2, tick: 0 })).toBe(0.25);
    expect(barStartSeconds(tl, 2)).toBe(1.5);
    expect(totalSeconds(tl)).toBe(3);
    const grid = beatGrid(tl, seconds(0), seconds(3));
    expect(grid).toHaveLength(12);
    expect(grid.filter((b) => b.isDownbeat).map((b) => b.seconds)).toEqual([0, 1.5]);
    expect(grid[7]).toMatchObject({ bar: 2, beat: 2, seconds: 1.75, ticks: 6 * 240 + 240 });
  });

  it('T2.2 meter changes keep quarter-note tempo: 4/4 then 7/8 then 3/2', () => {
    const tl = timelineOf([
      sec({ bars: 1 }),
      sec({ bars: 1, meterNumerator: 7, meterDenominator: 8 }),
      sec({ bars: 1, meterNumerator: 3, meterDenominator: 2 }),
    ]);
    expect(barStartSeconds(tl, 2)).toBe(2);
    expect(barStartSeconds(tl, 3)).toBe(2 + 3.5 * 0.5);
    expect(barStartSeconds(tl, 4)).toBe(3.75 + 3);
    expect(positionToTicks(tl, { bar: 3, beat: 1, tick: 0 })).toBe(4 * PPQ + 3.5 * PPQ);
  });
});

describe('T3 linear ramps', () => {
  it('T3.1 a ramp 100→140 over 4 bars of 4/4 lasts 120·16/240 = 8 s (linear in time)', () => {
    const tl = timelineOf([sec({ bpm: 100, ramp: 'linear' }), sec({ bpm: 140, bars: 1 })]);
    expect(tl.sections[0]!.endSeconds).toBeCloseTo(8, 12);
    // Halfway in time the tempo is halfway: 120 BPM at 4 s.
    expect(tempoAt(tl, seconds(4))).toBeCloseTo(120, 12);
    // Quarters played by 4 s: (100/60)·4 + ½·(40/60/8)·16 = 6.6667 + 0.6667 = 7.3333.
    expect(ticksToSeconds(tl, ticks((22 / 3) * PPQ))).toBeCloseTo(4, 12);
    // After the ramp the next section plays at 140: one bar = 4·60/140 s.
    expect(totalSeconds(tl)).toBeCloseTo(8 + 240 / 140, 12);
    expect(tempoAt(tl, seconds(9))).toBe(140);
  });

  it('T3.2 a ramp down 140→70 over 2 bars: T = 120·8/210', () => {
    const tl = timelineOf([sec({ bpm: 140, bars: 2, ramp: 'linear' }), sec({ bpm: 70 })]);
    expect(barStartSeconds(tl, 3)).toBeCloseTo(960 / 210, 12);
    expect(tempoAt(tl, barStartSeconds(tl, 3))).toBe(70);
  });

  it('T3.3 a ramp on the last section holds its tempo', () => {
    const tl = timelineOf([sec({ bpm: 90, ramp: 'linear', bars: 2 })]);
    expect(tl.tempo.every((t) => t.shape === 'jump')).toBe(true);
    expect(totalSeconds(tl)).toBeCloseTo((8 * 60) / 90, 12);
  });
});

describe('T4/T5 lookups', () => {
  it('T4.3 before bar 1 and after the end the map continues at the edge tempo and meter', () => {
    const tl = timelineOf([sec({ bpm: 60, meterNumerator: 3, bars: 1 }), sec({ bpm: 120, bars: 1 })]);
    expect(barStartSeconds(tl, 0)).toBe(-3);
    expect(positionToSeconds(tl, { bar: -1, beat: 1, tick: 0 })).toBe(-6);
    expect(barStartSeconds(tl, 4)).toBe(3 + 2 + 2);
    expect(secondsToPosition(tl, seconds(-1))).toEqual({ bar: 0, beat: 3, tick: 0 });
    expect(sectionAt(tl, seconds(-1))).toBeUndefined();
    expect(sectionAt(tl, seconds(3.5))?.index).toBe(1);
    expect(sectionAt(tl, seconds(5))).toBeUndefined();
  });

  it('T4.4 an empty map is 4/4 at 120 BPM of length zero', () => {
    const tl = timelineOf([]);
    expect(totalSeconds(tl)).toBe(0);
    expect(barStartSeconds(tl, 2)).toBe(2);
    expect(tempoAt(tl, seconds(1))).toBe(120);
  });

  it('T5.1 the beat grid counts in before bar 1, includes a beat at `from`, excludes `to`', () => {
    const tl = timelineOf([sec({ bars: 1 })]);
    const grid = beatGrid(tl, seconds(-1), seconds(2));
    expect(grid.map((b) => [b.seconds, b.bar, b.beat, b.isDownbeat, b.sectionIndex])).toEqual([
      [-1, 0, 3, false, undefined],
      [-0.5, 0, 4, false, undefined],
      [0, 1, 1, true, 0],
      [0.5, 1, 2, false, 0],
      [1, 1, 3, false, 0],
      [1.5, 1, 4, false, 0],
    ]);
  });
});
