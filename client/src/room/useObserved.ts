/**
 * The one way React reads the room's live state: the document through the shared accessors'
 * `observe` functions, and the room's other stores (presence, undo stacks, views) the same way.
 * Like y-sweet's `useObserve`, but with a selector: `read` runs again after each change the
 * source reports, and the component re-renders only when the result differs (deep equality), so
 * a transaction elsewhere in the doc costs one small read and no render.
 *
 * `deps` name everything `observe` and `read` close over (like a `useEffect`'s): a new reference
 * id means a new subscription and a fresh read.
 */
import { useMemo, useSyncExternalStore, type DependencyList } from 'react';
import { equalityDeep } from 'lib0/function';
import type * as Y from 'yjs';

/** Calls `onChange` after each change; returns the unsubscribe. */
export type Observe = (onChange: () => void) => () => void;

export function useObserved<T>(observe: Observe, read: () => T, deps: DependencyList): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps name what observe and read use
  const source = useMemo(() => new ObservedValue(observe, read), deps);
  return useSyncExternalStore(source.subscribe, source.get);
}

/** A snapshot store over a change source: the same value object until a re-read differs. */
export class ObservedValue<T> {
  private value: T | undefined;
  private stale = true;

  constructor(
    private readonly observe: Observe,
    private readonly read: () => T,
  ) {}

  subscribe = (notify: () => void): (() => void) => {
    // A change may have landed between the render and this subscription: read once more.
    this.stale = true;
    return this.observe(() => {
      this.stale = true;
      notify();
    });
  };

  get = (): T => {
    if (this.stale) {
      const next = this.read();
      if (this.value === undefined || !equalityDeep(this.value, next)) this.value = next;
      this.stale = false;
    }
    return this.value as T;
  };
}

/** An `Observe` over an event emitter's event (awareness 'change', undo stack events …). */
export function onEvents(
  emitter: { on(e: string, f: () => void): unknown; off(e: string, f: () => void): unknown },
  events: readonly string[],
): Observe {
  return (onChange) => {
    for (const e of events) emitter.on(e, onChange);
    return () => {
      for (const e of events) emitter.off(e, onChange);
    };
  };
}

/**
 * An `Observe` over every transaction of the doc, for reads that span several parts of it (a
 * deletion's reach, an idea's takes) where no narrower accessor exists. The selector's equality
 * keeps the renders to real changes.
 */
export function onTransactions(doc: Y.Doc): Observe {
  return (onChange) => {
    doc.on('afterTransaction', onChange);
    return () => doc.off('afterTransaction', onChange);
  };
}
