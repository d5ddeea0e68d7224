/**
 * The primitive every React reader of the room goes through, and the per-room registry: a read
 * returns the same object until the source reports a change that alters the result; a room's
 * objects are made once and disposed with the room.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { references } from '@riffboard/shared';
import { ObservedValue, onTransactions, type Observe } from '../../src/room/useObserved.ts';
import { perRoom } from '../../src/room/perRoom.ts';
import type { RoomConnection } from '../../src/room/RoomConnection.ts';

/** A change source the test fires by hand. */
function manualSource(): { observe: Observe; fire: () => void; listeners: () => number } {
  const set = new Set<() => void>();
  return {
    observe: (f) => {
      set.add(f);
      return () => set.delete(f);
    },
    fire: () => set.forEach((f) => f()),
    listeners: () => set.size,
  };
}

describe('ObservedValue', () => {
  it('returns the same object until a change alters the result, and re-reads only after a change', () => {
    const src = manualSource();
    let data = { names: ['Ana'] };
    const read = vi.fn(() => ({ names: [...data.names] }));
    const v = new ObservedValue(src.observe, read);
    const notify = vi.fn();
    v.subscribe(notify);
    const first = v.get();
    expect(v.get()).toBe(first);
    expect(read).toHaveBeenCalledTimes(1);

    src.fire(); // a change elsewhere: equal result, same object
    expect(notify).toHaveBeenCalledTimes(1);
    expect(v.get()).toBe(first);

    data = { names: ['Ana', 'Ben'] };
    src.fire();
    const second = v.get();
    expect(second).not.toBe(first);
    expect(second).toEqual({ names: ['Ana', 'Ben'] });
  });

  it('re-reads on subscribe, so a change between render and subscription is not missed', () => {
    const src = manualSource();
    let n = 1;
    const v = new ObservedValue(src.observe, () => n);
    expect(v.get()).toBe(1);
    n = 2; // changed before React subscribed
    const stop = v.subscribe(() => undefined);
    expect(v.get()).toBe(2);
    stop();
    expect(src.listeners()).toBe(0);
  });

  it("follows the doc through a shared accessor's observe: a new reference changes the read, an unrelated edit does not", () => {
    const doc = new Y.Doc();
    const refs = references(doc);
    const v = new ObservedValue(refs.observe, () => refs.list().map((r) => r.title));
    const notify = vi.fn();
    v.subscribe(notify);
    expect(v.get()).toEqual([]);
    refs.put({ id: 'r1', kind: 'link', title: 'Groove idea', url: 'https://example.org/', addedBy: 'Ana', addedAt: 1 }, 'remote');
    expect(notify).toHaveBeenCalledTimes(1);
    const titles = v.get();
    expect(titles).toEqual(['Groove idea']);
    doc.getMap('unrelated').set('x', 1);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(v.get()).toBe(titles);
  });

  it('onTransactions notifies after every doc transaction until unsubscribed', () => {
    const doc = new Y.Doc();
    const seen = vi.fn();
    const stop = onTransactions(doc)(seen);
    doc.getMap('m').set('a', 1);
    doc.transact(() => doc.getMap('m').set('b', 2));
    expect(seen).toHaveBeenCalledTimes(2);
    stop();
    doc.getMap('m').set('c', 3);
    expect(seen).toHaveBeenCalledTimes(2);
  });
});

describe('perRoom', () => {
  /** A room stand-in with the one thing perRoom uses: its lifetime. */
  function fakeRoom(): { room: RoomConnection; destroy: () => void } {
    const cleanups: (() => void)[] = [];
    const room = { onDestroy: (f: () => void) => cleanups.push(f) } as unknown as RoomConnection;
    return { room, destroy: () => cleanups.forEach((f) => f()) };
  }

  it('makes one instance per room and disposes it when the room closes', () => {
    const dispose = vi.fn();
    let made = 0;
    const thing = perRoom(() => ({ n: ++made }), dispose);
    const a = fakeRoom();
    const b = fakeRoom();
    expect(thing(a.room)).toBe(thing(a.room));
    expect(thing(b.room)).not.toBe(thing(a.room));
    expect(made).toBe(2);
    const first = thing(a.room);
    a.destroy();
    expect(dispose).toHaveBeenCalledWith(first);
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
