import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IDLE_COUNTDOWN,
  extendCountdown,
  formatRemaining,
  nominalEndMs,
  pauseCountdown,
  remainingAt,
  resetCountdown,
  resumeCountdown,
  startCountdown,
  switchItem,
  type Countdown,
} from '../../src/index.ts';

const T0 = 1_700_000_000_000;

type Op =
  | { kind: 'start'; ms: number }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'extend'; ms: number }
  | { kind: 'next'; ms: number }
  | { kind: 'reset' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), ms: fc.integer({ min: 1000, max: 3_600_000 }) }),
  fc.record({ kind: fc.constant('pause' as const) }),
  fc.record({ kind: fc.constant('resume' as const) }),
  fc.record({ kind: fc.constant('extend' as const), ms: fc.integer({ min: 0, max: 600_000 }) }),
  fc.record({ kind: fc.constant('next' as const), ms: fc.integer({ min: 60_000, max: 3_600_000 }) }),
  fc.record({ kind: fc.constant('reset' as const) }),
);

function apply(c: Countdown, o: Op, now: number): Countdown {
  switch (o.kind) {
    case 'start':
      return startCountdown(c, now, o.ms);
    case 'pause':
      return pauseCountdown(c, now);
    case 'resume':
      return resumeCountdown(c, now);
    case 'extend':
      return extendCountdown(c, now, o.ms);
    case 'next':
      return switchItem(c, now, `item-${o.ms}`, o.ms);
    case 'reset':
      return resetCountdown(c);
  }
}

/**
 * The reference model: a stopwatch. Time left = budget − running time since the budget was set,
 * where extensions add to the budget (after topping it up to the time already used).
 */
interface Model {
  budget: number;
  used: number;
  running: boolean;
  lastAt: number;
}

function advance(m: Model, now: number): void {
  if (m.running) m.used += Math.max(0, now - m.lastAt);
  m.lastAt = Math.max(m.lastAt, now);
}

function model(m: Model, o: Op, now: number): void {
  advance(m, now);
  switch (o.kind) {
    case 'start':
      Object.assign(m, { budget: o.ms, used: 0, running: true });
      return;
    case 'pause':
      m.used = Math.min(m.used, m.budget);
      m.running = false;
      return;
    case 'resume':
      if (m.budget > 0) m.running = true;
      return;
    case 'extend':
      m.budget = Math.max(m.budget, m.used) + o.ms;
      return;
    case 'next':
      Object.assign(m, { budget: o.ms, used: 0 });
      return;
    case 'reset':
      Object.assign(m, { used: 0, running: false });
      return;
  }
}

const step = fc.record({ op, gap: fc.integer({ min: 0, max: 900_000 }) });

describe('F1/F2 countdown arithmetic', () => {
  it('F1/F2 random start/pause/resume/extend/next/reset at random server times: time left is non-negative, never rises between presses, and matches a stopwatch', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 900_000 }), { minLength: 2, maxLength: 6 }),
        (steps, probes) => {
          let c = IDLE_COUNTDOWN;
          const m: Model = { budget: 0, used: 0, running: false, lastAt: T0 };
          let now = T0;
          for (const s of steps) {
            // Between presses: non-negative and non-increasing at every probe time.
            let prev = Infinity;
            for (const p of [...probes].sort((a, b) => a - b)) {
              if (p > s.gap) break;
              const r = remainingAt(c, now + p);
              expect(r).toBeGreaterThanOrEqual(0);
              expect(r).toBeLessThanOrEqual(prev);
              prev = r;
            }
            now += s.gap;
            const before = remainingAt(c, now);
            c = apply(c, s.op, now);
            model(m, s.op, now);
            const after = remainingAt(c, now);
            expect(after).toBe(Math.max(0, m.budget - m.used));
            if (s.op.kind === 'pause' || s.op.kind === 'resume') expect(after).toBe(before);
            if (s.op.kind === 'extend') expect(after).toBe(before + s.op.ms);
          }
          // And later on, too (the model keeps counting while running).
          const later = now + 12_345;
          advance(m, later);
          expect(remainingAt(c, later)).toBe(Math.max(0, m.budget - m.used));
        },
      ),
      { seed: 1212, numRuns: 200 },
    );
  });

  it('F1 a clock reading from before the start (another tab slightly behind) counts nothing', () => {
    const c = startCountdown(IDLE_COUNTDOWN, T0, 60_000);
    expect(remainingAt(c, T0 - 500)).toBe(60_000);
    expect(remainingAt(c, T0 + 61_000)).toBe(0);
    expect(nominalEndMs(c)).toBe(T0 + 60_000);
  });

  it('F2 a paused countdown keeps its value however long it stays paused; resume ends later by the pause', () => {
    let c = startCountdown(IDLE_COUNTDOWN, T0, 300_000);
    c = pauseCountdown(c, T0 + 100_000);
    expect(remainingAt(c, T0 + 10_000_000)).toBe(200_000);
    c = resumeCountdown(c, T0 + 150_000);
    expect(nominalEndMs(c)).toBe(T0 + 350_000);
  });

  it('F2 extending a finished countdown gives exactly the extension from now', () => {
    const c = extendCountdown(startCountdown(IDLE_COUNTDOWN, T0, 60_000), T0 + 90_000, 60_000);
    expect(remainingAt(c, T0 + 90_000)).toBe(60_000);
    expect(nominalEndMs(c)).toBe(T0 + 150_000);
  });

  it('F1 time left reads as m:ss rounded up, so 0:00 means ended', () => {
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(59_001)).toBe('1:00');
    expect(formatRemaining(3_600_000 + 61_000)).toBe('1:01:01');
  });
});
