import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  clickOnsetOptions,
  detectOnsets,
  frameToPerfMs,
  matchScheduled,
  OnsetDetector,
  outputOffsetMs,
  type OnsetOptions,
} from '../../src/index.ts';

const RATE = 44_100;
const OPTS = clickOnsetOptions(RATE);

/** A metronome-like click (cosine under a 4 ms decay), starting `fraction` of a sample late. */
function addClick(buf: Float32Array, at: number, gain: number, fraction = 0, hz = 1760): void {
  const n = Math.round(0.03 * RATE);
  for (let i = 0; i < n && at + i < buf.length; i++) {
    const t = (i - fraction) / RATE;
    if (t < 0) continue;
    buf[at + i]! += gain * Math.cos(2 * Math.PI * hz * t) * Math.exp(-t / 0.004);
  }
}

/** Deterministic noise in [−amp, amp] (a fixed-seed LCG, so failures reproduce). */
function addNoise(buf: Float32Array, amp: number, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < buf.length; i++) {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    buf[i]! += ((s / 2 ** 32) * 2 - 1) * amp;
  }
}

/** Clicks at least 60 ms apart (past the 40 ms refractory and the click's ~30 ms ring). */
const clickTrack = fc
  .record({
    gaps: fc.array(fc.integer({ min: Math.round(0.06 * RATE), max: Math.round(0.5 * RATE) }), { minLength: 1, maxLength: 12 }),
    gains: fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
    lead: fc.integer({ min: 0, max: 2000 }),
    noise: fc.double({ min: 0, max: 0.015, noNaN: true }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .map(({ gaps, gains, lead, noise, seed }) => {
    const frames: number[] = [];
    let at = lead;
    for (const g of gaps) frames.push((at += g));
    const buf = new Float32Array(at + RATE / 10);
    frames.forEach((f, i) => addClick(buf, f, gains[i]!));
    addNoise(buf, noise, seed);
    return { buf, frames, gains: gains.slice(0, frames.length) };
  });

describe('A1 click onsets in rendered audio', () => {
  it('A1 every click is found once, at its first sample, with its peak, under noise below the threshold', () => {
    fc.assert(
      fc.property(clickTrack, ({ buf, frames, gains }) => {
        const onsets = detectOnsets(buf, OPTS);
        expect(onsets.map((o) => o.frame)).toEqual(frames);
        onsets.forEach((o, i) => expect(o.peak).toBeCloseTo(gains[i]!, 1));
      }),
      { numRuns: 60 },
    );
  });

  it('A1 cutting the stream into render quanta (or any blocks) gives the same onsets as one buffer', () => {
    fc.assert(
      fc.property(clickTrack, fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }), ({ buf }, sizes) => {
        const whole = detectOnsets(buf, OPTS);
        const d = new OnsetDetector(OPTS);
        const streamed = [];
        for (let at = 0, k = 0; at < buf.length; k++) {
          const n = k === 0 ? 128 : sizes[k % sizes.length]!;
          streamed.push(...d.push(buf.subarray(at, at + n), at));
          at += n;
        }
        streamed.push(...d.flush());
        expect(streamed).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('A1 a click started between two samples is found on the sample it was due, or the next', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 5000 }), (fraction, at) => {
        const buf = new Float32Array(at + RATE / 10);
        addClick(buf, at, 0.45, fraction);
        const [onset, ...rest] = detectOnsets(buf, OPTS);
        expect(rest).toEqual([]);
        expect(onset!.frame - at).toBeGreaterThanOrEqual(0);
        expect(onset!.frame - at).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('A1 an accented downbeat and an ordinary beat are told apart by their peak', () => {
    const buf = new Float32Array(RATE);
    addClick(buf, 1000, 1);
    addClick(buf, 12_000, 0.45, 0, 1175);
    const [a, b] = detectOnsets(buf, OPTS);
    expect(a!.peak).toBeGreaterThan(0.9);
    expect(b!.peak).toBeLessThan(0.5);
  });

  it('A1 silence and noise below the threshold give no onset; bad options are refused with a sentence', () => {
    const buf = new Float32Array(RATE);
    addNoise(buf, 0.019, 7);
    expect(detectOnsets(buf, OPTS)).toEqual([]);
    const bad: OnsetOptions = { threshold: 0, refractoryFrames: 10, peakFrames: 1 };
    expect(() => new OnsetDetector(bad)).toThrow(/threshold must be above zero/);
    expect(() => new OnsetDetector({ threshold: 0.1, refractoryFrames: 1, peakFrames: 5 })).toThrow(/refractory period/);
  });
});

describe('A2 from a sample to when it is heard', () => {
  it('A2 a frame maps through the output timestamp: context time plus the stamps’ median offset', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }), // true offset, ms
        fc.array(fc.double({ min: 0.01, max: 3600, noNaN: true }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 0, max: 1e8 }),
        fc.constantFrom(44_100, 48_000, 96_000),
        (offset, contextTimes, frame, rate) => {
          const stamps = contextTimes.map((c) => ({ contextTime: c, performanceTime: c * 1000 + offset }));
          const o = outputOffsetMs(stamps)!;
          expect(o).toBeCloseTo(offset, 6);
          expect(frameToPerfMs(frame, rate, o)).toBeCloseTo((frame / rate) * 1000 + offset, 4);
        },
      ),
    );
  });

  it('A2 the median ignores an outlier stamp and the zero stamps of a context not yet rendering', () => {
    const stamps = [
      { contextTime: 0, performanceTime: 0 },
      { contextTime: 1, performanceTime: 1030 },
      { contextTime: 1.01, performanceTime: 1040.1 },
      { contextTime: 1.02, performanceTime: 1070 }, // a late update, 20 ms off
      { contextTime: 1.03, performanceTime: 1059.9 },
      { contextTime: 1.04, performanceTime: 1070 },
    ];
    expect(outputOffsetMs(stamps)).toBeCloseTo(30, 6);
    expect(outputOffsetMs([{ contextTime: 0, performanceTime: 0 }])).toBeUndefined();
  });

  it('A3 a heard onset is the scheduled click nearest to it, within the tolerance only', () => {
    const scheduled = [
      { serverMs: 1000, contextTime: 10 },
      { serverMs: 1500, contextTime: 10.5 },
    ];
    expect(matchScheduled(10.003, scheduled, 0.05)?.serverMs).toBe(1000);
    expect(matchScheduled(10.26, scheduled, 0.3)?.serverMs).toBe(1500);
    expect(matchScheduled(10.2, scheduled, 0.05)).toBeUndefined();
  });
});
