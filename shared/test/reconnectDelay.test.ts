/**
 * Reconnect waits (server SPEC S15): bounded by the exponential backoff and its cap, and spread
 * over that whole range so tabs reconnecting after a restart do not arrive together.
 */
import { describe, expect, it } from 'vitest';
import { RECONNECT_BASE_MS, RECONNECT_CAP_MS, reconnectDelay } from '../src/sync/reconnectDelay.ts';

describe('S15 reconnect jitter', () => {
  it('S15 every wait lies between zero and the exponential bound, never past the cap', () => {
    for (let attempt = 0; attempt <= 60; attempt++) {
      for (const r of [0, 0.001, 0.25, 0.5, 0.999999]) {
        const d = reconnectDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** attempt));
      }
    }
  });

  it('S15 500 tabs retrying after a restart spread over the whole window instead of arriving at once', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const waits = Array.from({ length: 500 }, () => reconnectDelay(5, random));
    const buckets = new Array<number>(10).fill(0);
    for (const w of waits) buckets[Math.floor((w / RECONNECT_CAP_MS) * 10)]!++;
    // Uniform over the 2.5 s window: no tenth of it holds more than twice its share.
    for (const b of buckets) expect(b).toBeLessThan(100);
    expect(Math.min(...buckets)).toBeGreaterThan(20);
  });
});
