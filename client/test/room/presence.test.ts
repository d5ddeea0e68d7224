/**
 * Presence comes off the wire from other tabs, so it is parsed, never trusted: malformed fields
 * fall back to "absent", a state without a valid user is no peer at all, and this tab's own
 * writes go out only when they change something.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  distinctColor,
  IDLE_AFTER_MS,
  parsePresence,
  readPeers,
  setLocalPanel,
  setLocalUser,
  throttleLatest,
  trackIdle,
} from '../../src/room/presence.ts';

const ana = { name: 'Ana', color: '#e5484d' };

describe('parsePresence', () => {
  it('reads a well-formed state', () => {
    expect(
      parsePresence({
        user: ana,
        cursor: { x: 1, y: 2 },
        panel: 'tempo',
        viewport: { x: 0, y: 0, w: 800, h: 600 },
        idle: true,
        following: 42,
        role: 'editor',
        hearing: { song: true, references: ['r1'], clickMuted: true, latencyMs: 42 },
        recording: { ideaId: 'i1' },
      }),
    ).toEqual({
      user: ana,
      cursor: { x: 1, y: 2 },
      panel: 'tempo',
      viewport: { x: 0, y: 0, w: 800, h: 600 },
      idle: true,
      following: 42,
      role: 'editor',
      hearing: { song: true, references: ['r1'], clickMuted: true, latencyMs: 42 },
      recording: { ideaId: 'i1' },
    });
  });

  it('B11 reads whether someone records a take, and for which idea, only from a well-formed sign', () => {
    expect(parsePresence({ user: ana })?.recording).toBeNull();
    expect(parsePresence({ user: ana, recording: { ideaId: null } })?.recording).toEqual({ ideaId: null });
    for (const recording of [true, 'i1', { ideaId: 3 }, { ideaId: '' }, { ideaId: 'x'.repeat(65) }, {}])
      expect(parsePresence({ user: ana, recording })?.recording).toBeNull();
  });

  it('MX6 reads a malformed or missing hearing state as nothing known', () => {
    expect(parsePresence({ user: ana })?.hearing).toBeNull();
    expect(parsePresence({ user: ana, hearing: { song: 'yes', references: [], clickMuted: false, latencyMs: 1 } })?.hearing).toBeNull();
    expect(parsePresence({ user: ana, hearing: { song: true, references: [], clickMuted: false, latencyMs: -3 } })?.hearing).toBeNull();
  });

  it('reads whom a person follows only as a whole client id', () => {
    for (const following of ['42', 1.5, NaN, null, { id: 1 }]) expect(parsePresence({ user: ana, following })?.following).toBeNull();
  });

  it('is no one without a valid user: missing, blank name, or a colour that is not #rrggbb', () => {
    expect(parsePresence(null)).toBeUndefined();
    expect(parsePresence('Ana')).toBeUndefined();
    expect(parsePresence({ cursor: { x: 1, y: 2 } })).toBeUndefined();
    expect(parsePresence({ user: { name: '   ', color: '#e5484d' } })).toBeUndefined();
    expect(parsePresence({ user: { name: 'Ana', color: 'red' } })).toBeUndefined();
    expect(parsePresence({ user: { name: 'Ana', color: '#e5484d; background:url(x)' } })).toBeUndefined();
  });

  it('cuts a long name and panel id to 40 characters', () => {
    const p = parsePresence({ user: { name: 'x'.repeat(500), color: '#e5484d' }, panel: 'p'.repeat(100) });
    expect(p?.user.name).toHaveLength(40);
    expect(p?.panel).toHaveLength(40);
  });

  it('drops a cursor that is not two finite numbers', () => {
    for (const cursor of [{ x: 1 }, { x: '1', y: 2 }, { x: NaN, y: 2 }, { x: Infinity, y: 0 }, 7])
      expect(parsePresence({ user: ana, cursor })?.cursor).toBeNull();
  });

  it('drops a viewport that is empty, negative or absurdly large', () => {
    for (const viewport of [
      { x: 0, y: 0, w: 0, h: 10 },
      { x: 0, y: 0, w: 10, h: -1 },
      { x: 1e8, y: 0, w: 10, h: 10 },
      { x: 0, y: 0, w: 10 },
    ])
      expect(parsePresence({ user: ana, viewport })?.viewport).toBeNull();
  });

  it('takes idle only when it is exactly true, and only a known role', () => {
    expect(parsePresence({ user: ana, idle: 'yes' })?.idle).toBe(false);
    expect(parsePresence({ user: ana, role: 'admin' })?.role).toBeNull();
    expect(parsePresence({ user: ana, role: 'viewer' })?.role).toBe('viewer');
  });
});

/** Two tabs' awareness, with `mine` receiving `theirs`'s state as the server would relay it. */
function twoTabs(): { mine: Awareness; theirs: Awareness } {
  const mine = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  return { mine, theirs };
}

function relay(from: Awareness, to: Awareness): void {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'remote');
}

describe('readPeers', () => {
  it('lists this tab first, then the others by name, and skips malformed states', () => {
    const { mine, theirs } = twoTabs();
    const third = new Awareness(new Y.Doc());
    setLocalUser(mine, { name: 'Zoe', color: '#30a46c' });
    setLocalUser(theirs, { name: 'Ben', color: '#0090ff' });
    third.setLocalState({ user: { name: 'Mallory', color: 'not-a-colour' } });
    relay(theirs, mine);
    relay(third, mine);
    const peers = readPeers(mine);
    expect(peers.map((p) => [p.user.name, p.isSelf])).toEqual([
      ['Zoe', true],
      ['Ben', false],
    ]);
    expect(peers[1]?.clientId).toBe(theirs.clientID);
  });
});

describe('distinctColor', () => {
  const palette = ['#e5484d', '#30a46c', '#0090ff'];

  it('lets the later joiner (higher client id) of two with the same colour take the first free one', () => {
    const { mine, theirs } = twoTabs();
    const [earlier, later] = mine.clientID < theirs.clientID ? [mine, theirs] : [theirs, mine];
    setLocalUser(earlier, ana);
    setLocalUser(later, { name: 'Ben', color: ana.color });
    relay(earlier, later);
    relay(later, earlier);
    expect(distinctColor(later, ana.color, palette)).toBe('#30a46c');
    expect(distinctColor(earlier, ana.color, palette)).toBe(ana.color);
  });

  it('keeps a colour nobody else has', () => {
    const { mine, theirs } = twoTabs();
    setLocalUser(theirs, ana);
    relay(theirs, mine);
    expect(distinctColor(mine, '#0090ff', palette)).toBe('#0090ff');
  });
});

describe('own presence writes', () => {
  it('sends a panel change once and stays quiet when the value is the same', () => {
    const { mine } = twoTabs();
    setLocalUser(mine, ana);
    const sent = vi.fn();
    mine.on('change', sent);
    setLocalPanel(mine, 'tempo');
    setLocalPanel(mine, 'tempo');
    expect(sent).toHaveBeenCalledTimes(1);
    setLocalPanel(mine, null);
    expect(sent).toHaveBeenCalledTimes(2);
  });
});

describe('trackIdle', () => {
  afterEach(() => vi.useRealTimers());

  /** A window stand-in: input events and a document whose visibility the test sets. */
  function fakeWindow(): { target: Window; doc: EventTarget & { visibilityState: string } } {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const target = Object.assign(new EventTarget(), { document: doc }) as unknown as Window;
    return { target, doc };
  }

  it('marks a person idle after a minute without input, active on the next input, and idle at once when the tab is hidden', () => {
    vi.useFakeTimers();
    const { mine } = twoTabs();
    setLocalUser(mine, ana);
    const { target, doc } = fakeWindow();
    const stop = trackIdle(mine, target);
    const idle = (): boolean | undefined => parsePresence(mine.getLocalState())?.idle;
    expect(idle()).toBe(false);
    vi.advanceTimersByTime(IDLE_AFTER_MS - 1);
    expect(idle()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(idle()).toBe(true);
    target.dispatchEvent(new Event('pointermove'));
    expect(idle()).toBe(false);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(idle()).toBe(true);
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(idle()).toBe(true);
  });
});

describe('throttleLatest', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers the first value at once, then at most one per interval, always the latest', () => {
    vi.useFakeTimers();
    const got: number[] = [];
    const t = throttleLatest((v: number) => got.push(v), 50);
    t.push(1);
    t.push(2);
    t.push(3);
    expect(got).toEqual([1]);
    vi.advanceTimersByTime(50);
    expect(got).toEqual([1, 3]);
    t.push(4);
    t.cancel();
    vi.advanceTimersByTime(100);
    expect(got).toEqual([1, 3]);
  });
});
