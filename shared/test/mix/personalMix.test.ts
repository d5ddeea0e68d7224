import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_MIX,
  anySolo,
  audibleReferences,
  mixGains,
  parseMix,
  updateChannel,
  type MixChannel,
  type PersonalMix,
} from '@riffboard/shared';

const channel = fc.record({ volume: fc.double({ min: -1, max: 2, noNaN: true }), muted: fc.boolean(), soloed: fc.boolean() });
const ids = ['a', 'b', 'c', 'd'];
const mix: fc.Arbitrary<PersonalMix> = fc.record({
  click: channel,
  references: fc.dictionary(fc.constantFrom(...ids), channel),
});

describe('H personal mix', () => {
  it('MX1 with nothing soloed or muted each source sounds at its volume; a muted one is silent', () => {
    let m = updateChannel(EMPTY_MIX, { kind: 'reference', id: 'a' }, { volume: 0.5 });
    expect(mixGains(m).reference('a')).toBe(0.5);
    expect(mixGains(m).reference('b')).toBe(1);
    expect(mixGains(m).click).toBe(0.8);
    m = updateChannel(m, { kind: 'reference', id: 'a' }, { muted: true });
    m = updateChannel(m, { kind: 'click' }, { muted: true });
    expect(mixGains(m).reference('a')).toBe(0);
    expect(mixGains(m).click).toBe(0);
    expect(audibleReferences(m, ids)).toEqual(['b', 'c', 'd']);
  });

  it('MX2 soloing a reference silences the others but not the click; soloing the click silences unsoloed references', () => {
    const solo = updateChannel(EMPTY_MIX, { kind: 'reference', id: 'b' }, { soloed: true });
    expect(audibleReferences(solo, ids)).toEqual(['b']);
    expect(mixGains(solo).click).toBe(0.8);
    const clickSolo = updateChannel(EMPTY_MIX, { kind: 'click' }, { soloed: true });
    expect(audibleReferences(clickSolo, ids)).toEqual([]);
    expect(mixGains(clickSolo).click).toBe(0.8);
    const mutedSolo = updateChannel(solo, { kind: 'reference', id: 'b' }, { muted: true });
    expect(audibleReferences(mutedSolo, ids)).toEqual([]);
  });

  it('MX1 MX2 for any mix: gains lie in 0…1, mute silences, solo leaves only soloed references, the click follows only its own mute', () => {
    fc.assert(
      fc.property(mix, (m) => {
        const g = mixGains(m);
        const solo = anySolo(m);
        for (const id of ids) {
          const c: MixChannel = m.references[id] ?? { volume: 1, muted: false, soloed: false };
          const gain = g.reference(id);
          expect(gain).toBeGreaterThanOrEqual(0);
          expect(gain).toBeLessThanOrEqual(1);
          if (c.muted || (solo && !c.soloed)) expect(gain).toBe(0);
          else expect(gain).toBe(Math.min(1, Math.max(0, c.volume)));
        }
        expect(g.click).toBe(m.click.muted ? 0 : Math.min(1, Math.max(0, m.click.volume)));
      }),
    );
  });

  it('MX4 a stored mix reads back whatever is stored, clamped and bounded; garbage gives the defaults', () => {
    fc.assert(
      fc.property(mix, (m) => {
        const back = parseMix(JSON.parse(JSON.stringify(m)));
        expect(mixGains(back).click).toBe(mixGains(m).click);
        for (const id of ids) expect(mixGains(back).reference(id)).toBe(mixGains(m).reference(id));
      }),
    );
    fc.assert(fc.property(fc.jsonValue(), (raw) => void parseMix(raw)));
    expect(parseMix('nonsense')).toEqual(EMPTY_MIX);
    expect(parseMix({ click: { volume: 7, muted: 'yes' } }).click).toEqual({ volume: 1, muted: false, soloed: false });
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`r${i}`, { volume: 0.5 }]));
    expect(Object.keys(parseMix({ references: many }).references).length).toBe(500);
  });
});
