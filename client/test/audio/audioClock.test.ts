/**
 * The mapping between performance time (where the server-clock estimate lives) and the audio
 * context's time (where sounds are scheduled), including output latency: a sound scheduled with
 * `contextTimeFor(T)` is heard at performance time T.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioClock, READY_PAIRS } from '../../src/audio/audioClock.ts';

/** An AudioContext stand-in whose output timestamps the test feeds. */
class FakeContext {
  currentTime = 0;
  baseLatency = 0.01;
  outputLatency = 0.03;
  stamp: AudioTimestamp | undefined;
  getOutputTimestamp(): AudioTimestamp {
    return this.stamp ?? {};
  }
}

function clockOn(ctx: FakeContext): AudioClock {
  return new AudioClock(ctx as unknown as AudioContext);
}

describe('AudioClock', () => {
  afterEach(() => vi.restoreAllMocks());

  it('maps both ways through the offset the output timestamps report', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    // The frame at context time 2 s reaches the speaker at performance time 5,040 ms.
    ctx.stamp = { contextTime: 2, performanceTime: 5040 };
    clock.sample();
    expect(clock.perfTimeOf(3)).toBeCloseTo(6040, 6);
    expect(clock.contextTimeFor(6040)).toBeCloseTo(3, 9);
    expect(clock.contextTimeFor(clock.perfTimeOf(12.345))).toBeCloseTo(12.345, 9);
  });

  it('takes the median of recent pairs, so one late timestamp does not move the clock', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    for (const [t, jitter] of [
      [1, 0],
      [1.01, 0.1],
      [1.02, -0.1],
      [1.03, 9],
      [1.04, 0],
    ] as const) {
      ctx.stamp = { contextTime: t, performanceTime: 3000 + t * 1000 + jitter };
      clock.sample();
    }
    expect(clock.perfTimeOf(2)).toBeCloseTo(5000, 6);
  });

  it('follows drift: only the last 25 pairs count', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    for (let i = 0; i < 25; i++) {
      ctx.stamp = { contextTime: 1 + i / 100, performanceTime: 1000 + (1 + i / 100) * 1000 };
      clock.sample();
    }
    for (let i = 0; i < 25; i++) {
      ctx.stamp = { contextTime: 2 + i / 100, performanceTime: 1004 + (2 + i / 100) * 1000 };
      clock.sample();
    }
    expect(clock.perfTimeOf(3)).toBeCloseTo(4004, 6);
  });

  it('follows a slip of the audio clock (a render stall) within READY_PAIRS pairs, not half a window', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    let t = 1;
    const pair = (offset: number): void => {
      t += 0.025;
      ctx.stamp = { contextTime: t, performanceTime: offset + t * 1000 + (Math.round(t * 40) % 2 ? 0.1 : -0.1) };
      clock.sample();
    };
    for (let i = 0; i < 25; i++) pair(3000);
    // The render thread stalled for 78 ms: every frame from now on is heard 78 ms later.
    const moved: number[] = [];
    for (let i = 0; i < READY_PAIRS; i++) {
      pair(3078);
      moved.push(clock.perfTimeOf(10) - 10_000);
    }
    expect(moved.slice(0, -1).every((m) => Math.abs(m - 3000) < 0.5)).toBe(true);
    expect(moved.at(-1)).toBeCloseTo(3078, 0);
  });

  it('ignores timestamps before the context runs (zero or missing)', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    ctx.stamp = { contextTime: 2, performanceTime: 5040 };
    clock.sample();
    ctx.stamp = { contextTime: 0, performanceTime: 0 };
    clock.sample();
    ctx.stamp = {};
    clock.sample();
    expect(clock.perfTimeOf(3)).toBeCloseTo(6040, 6);
  });

  it('is ready to place a shared start only once the newest pairs agree, not on the lagging first ones after a resume', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    expect(clock.ready()).toBe(false); // no pair: the fallback trusts a latency reported too early
    // The first two pairs after a resume lag the steady mapping by one and two device buffers.
    const steady = 3000;
    const offsets = [steady - 20, steady - 10, ...Array.from({ length: READY_PAIRS }, (_, i) => steady + (i % 2 ? 0.1 : -0.1))];
    const readiness = offsets.map((offset, i) => {
      const t = 1 + i * 0.025;
      ctx.stamp = { contextTime: t, performanceTime: offset + t * 1000 };
      clock.sample();
      return clock.ready();
    });
    expect(readiness).toEqual(offsets.map((_, i) => i === offsets.length - 1));
    // Ready, and the lagging pairs no longer move the mapping.
    expect(clock.perfTimeOf(2)).toBeCloseTo(steady + 2000, 0);
  });

  it('is ready on a full window even when a coarse device never agrees within 2 ms', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    for (let i = 0; i < 25; i++) {
      expect(clock.ready()).toBe(false);
      const t = 1 + i * 0.025;
      ctx.stamp = { contextTime: t, performanceTime: 3000 + (i % 2) * 5 + t * 1000 };
      clock.sample();
    }
    expect(clock.ready()).toBe(true);
  });

  it('forgets its pairs on reset: a resumed context stands in a new place', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    for (let i = 0; i < 25; i++) {
      ctx.stamp = { contextTime: 1 + i / 100, performanceTime: 4000 + i * 10 };
      clock.sample();
    }
    expect(clock.ready()).toBe(true);
    clock.reset();
    expect(clock.ready()).toBe(false);
  });

  it('falls back to currentTime plus the reported latency until a timestamp exists', () => {
    const ctx = new FakeContext();
    const clock = clockOn(ctx);
    ctx.currentTime = 1;
    const before = performance.now();
    const heard = clock.perfTimeOf(1);
    const after = performance.now();
    // A frame rendered now is heard base + output latency (40 ms) from now.
    expect(heard).toBeGreaterThanOrEqual(before + 40 - 1e-6);
    expect(heard).toBeLessThanOrEqual(after + 40 + 1e-6);
    expect(clock.reportedLatencyMs()).toBeCloseTo(40, 9);
  });

  it('reports the output delay as measured, bounded to half a second', () => {
    vi.spyOn(performance, 'now').mockReturnValue(20_000);
    const ctx = new FakeContext();
    ctx.currentTime = 10;
    ctx.stamp = { contextTime: 10, performanceTime: 20_025 };
    const clock = clockOn(ctx);
    clock.sample();
    expect(clock.outputDelaySeconds()).toBeCloseTo(0.025, 9);
    ctx.stamp = { contextTime: 10, performanceTime: 25_000 };
    const far = clockOn(ctx);
    far.sample();
    expect(far.outputDelaySeconds()).toBe(0.5);
  });
});
