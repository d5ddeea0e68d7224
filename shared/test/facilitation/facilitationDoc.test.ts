import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  IDLE_COUNTDOWN,
  isFacilitatorOnlyWrite,
  isServerOnlyWrite,
  readAgenda,
  readLock,
  readTimer,
  readVote,
  startCountdown,
  writeAgenda,
  writeLock,
  writeTimer,
  writeVote,
} from '../../src/index.ts';

describe('F5 facilitation state in the doc', () => {
  it('F5 agenda, countdown, lock and vote round-trip; garbage reads as empty', () => {
    const doc = new Y.Doc();
    expect(readAgenda(doc)).toEqual({ items: [], currentId: null });
    const items = [
      { id: 'a', title: 'Warm-up', minutes: 5, notes: '', panel: null },
      { id: 'b', title: 'Sketch the chorus', minutes: 20, notes: 'Use the tempo map', panel: 'tempo' as const },
    ];
    writeAgenda(doc, { items, currentId: 'b' }, 'local');
    expect(readAgenda(doc)).toEqual({ items, currentId: 'b' });
    const timer = startCountdown(IDLE_COUNTDOWN, 1000, 60_000, 'b');
    writeTimer(doc, timer, 'local');
    expect(readTimer(doc)).toEqual(timer);
    writeLock(doc, { locked: true, by: 'Fay' }, 'local');
    expect(readLock(doc)).toEqual({ locked: true, by: 'Fay' });
    writeVote(doc, { id: 'v1', title: 'Which chorus?', targets: [{ id: 'x', label: 'X' }], budget: 3, stack: false }, 'local');
    expect(readVote(doc)?.budget).toBe(3);

    const bad = new Y.Doc();
    const root = bad.getMap('facilitation');
    root.set('agenda', { items: [{ id: '', title: 3 }, 'x', { id: 'k', minutes: 1e9, panel: 'nowhere' }], currentId: 'gone' });
    root.set('timer', { durationMs: 'soon' });
    root.set('lock', { locked: 'yes' });
    root.set('vote', { id: 'v', targets: [] });
    expect(readAgenda(bad)).toEqual({ items: [{ id: 'k', title: '', minutes: 480, notes: '', panel: null }], currentId: null });
    expect(readTimer(bad)).toEqual(IDLE_COUNTDOWN);
    expect(readLock(bad).locked).toBe(false);
    expect(readVote(bad)).toBeNull();
  });

  it('F5/F8 the facilitation root is facilitator-only, its tally and results server-only', () => {
    expect(isFacilitatorOnlyWrite('facilitation', 'timer')).toBe(true);
    expect(isFacilitatorOnlyWrite('board', 'shape:x')).toBe(false);
    expect(isServerOnlyWrite('facilitation', 'voteTally')).toBe(true);
    expect(isServerOnlyWrite('facilitation', 'voteResults')).toBe(true);
    expect(isServerOnlyWrite('facilitation', 'timer')).toBe(false);
  });
});
