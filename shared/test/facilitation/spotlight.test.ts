import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BRING_FRESH_MS, nextSpotlight, readSpotlight, spotlightStep, writeSpotlight, type Spotlight } from '../../src/index.ts';

const FAY = 7;
const ANA = 9;
const T = 1_700_000_000_000;

describe('F9 bring everyone to me and the spotlight', () => {
  it('F9 the spotlight round-trips through the doc; garbage reads as none or off', () => {
    const doc = new Y.Doc();
    expect(readSpotlight(doc)).toBeNull();
    const s = nextSpotlight(null, 'follow', FAY, 'backlog', T);
    writeSpotlight(doc, s, 'local');
    expect(readSpotlight(doc)).toEqual({ seq: 1, mode: 'follow', leader: FAY, panel: 'backlog', atMs: T });
    doc.getMap('facilitation').set('spotlight', { seq: 2, leader: FAY, mode: 'everyone!', panel: 5 });
    expect(readSpotlight(doc)).toEqual({ seq: 2, mode: 'off', leader: FAY, panel: null, atMs: 0 });
    doc.getMap('facilitation').set('spotlight', { seq: 'x', leader: FAY });
    expect(readSpotlight(doc)).toBeNull();
  });

  it('F9 every press is a new seq, so each tab reacts to it exactly once', () => {
    const bring = nextSpotlight(null, 'bring', FAY, 'agenda', T);
    expect(spotlightStep(bring, undefined, ANA, T + 100)).toEqual({ kind: 'bring', leader: FAY, panel: 'agenda' });
    expect(spotlightStep(bring, bring.seq, ANA, T + 200)).toEqual({ kind: 'none' });
    const again = nextSpotlight(bring, 'bring', FAY, null, T + 5000);
    expect(again.seq).toBe(bring.seq + 1);
    expect(spotlightStep(again, bring.seq, ANA, T + 5000)).toEqual({ kind: 'bring', leader: FAY, panel: null });
  });

  it('F9 the facilitator’s own tab never follows itself', () => {
    for (const mode of ['bring', 'follow', 'off'] as const)
      expect(spotlightStep(nextSpotlight(null, mode, FAY, null, T), undefined, FAY, T)).toEqual({ kind: 'none' });
  });

  it('F9 a tab opening the room later joins a running spotlight but is not moved by an old bring', () => {
    const old: Spotlight = nextSpotlight(null, 'bring', FAY, 'tempo', T);
    expect(spotlightStep(old, undefined, ANA, T + BRING_FRESH_MS + 1)).toEqual({ kind: 'none' });
    const on = nextSpotlight(old, 'follow', FAY, 'tempo', T);
    expect(spotlightStep(on, undefined, ANA, T + 3_600_000)).toEqual({ kind: 'follow', leader: FAY });
  });

  it('F9 stopping the spotlight releases its followers', () => {
    const on = nextSpotlight(null, 'follow', FAY, null, T);
    const off = nextSpotlight(on, 'off', FAY, null, T + 1000);
    expect(spotlightStep(off, on.seq, ANA, T + 1000)).toEqual({ kind: 'release', leader: FAY });
  });
});
