import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hearingProblem, isPlaying, latencyMsOf, parseHearing, type Hearing } from '@riffboard/shared';

const valid: fc.Arbitrary<Hearing> = fc.record({
  song: fc.boolean(),
  references: fc.array(fc.uuid(), { maxLength: 16 }),
  clickMuted: fc.boolean(),
  latencyMs: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
});

describe('H hearing in presence', () => {
  it('MX5 a valid hearing state reads back as sent; playing means the song or a reference', () => {
    fc.assert(
      fc.property(valid, (h) => {
        expect(hearingProblem(h)).toBeUndefined();
        expect(parseHearing(JSON.parse(JSON.stringify(h)))).toEqual(h);
        expect(isPlaying(h)).toBe(h.song || h.references.length > 0);
      }),
    );
  });

  it('MX6 malformed values are named and read as nothing known', () => {
    const ok: Hearing = { song: true, references: ['a'], clickMuted: false, latencyMs: 40 };
    const bad: [unknown, RegExp][] = [
      [null, /object/],
      [[], /object/],
      [{ ...ok, song: 'yes' }, /song/],
      [{ ...ok, clickMuted: 1 }, /clickMuted/],
      [{ ...ok, references: 'a' }, /references/],
      [{ ...ok, references: Array.from({ length: 17 }, (_, i) => `r${i}`) }, /at most 16/],
      [{ ...ok, references: ['x'.repeat(65)] }, /1 to 64/],
      [{ ...ok, latencyMs: -1 }, /latencyMs/],
      [{ ...ok, latencyMs: 12.5 }, /latencyMs/],
      [{ ...ok, latencyMs: 1e9 }, /latencyMs/],
      [{ ...ok, latencyMs: 'fast' }, /latencyMs/],
      [{ ...ok, secret: 1 }, /unknown field "secret"/],
    ];
    for (const [v, why] of bad) {
      expect(hearingProblem(v), JSON.stringify(v)).toMatch(why);
      expect(parseHearing(v)).toBeNull();
    }
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(parseHearing(v) === null).toBe(hearingProblem(v) !== undefined);
      }),
    );
  });

  it('MX5 latency is output plus base latency in whole milliseconds, null when the browser gives none', () => {
    expect(latencyMsOf(0.03, 0.01)).toBe(40);
    expect(latencyMsOf(undefined, 0.0058)).toBe(6);
    expect(latencyMsOf(undefined, undefined)).toBeNull();
    expect(latencyMsOf(Number.NaN, -1)).toBeNull();
    expect(latencyMsOf(100, 0)).toBe(5000);
  });
});
