/**
 * Whom this tab is following, if anyone, and why: a tiny external store shared by the top bar
 * (where you click an avatar to follow), the facilitator's spotlight (which starts and ends
 * following for everybody, F9) and the canvas (which moves the camera). Following is a local view
 * choice, so it lives in neither the document nor presence; presence only publishes whom you
 * follow (`publishFollowing`), so others see it in the people list.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { setLocalFollowing } from '../room/presence.ts';

/**
 * `person`: you clicked someone's avatar. `spotlight`: the facilitator's spotlight keeps you on
 * their view and panel. `once`: "bring everyone here" moves your camera once, then lets go.
 */
export type FollowKind = 'person' | 'spotlight' | 'once';

export interface Following {
  /** The followed person's presence client id. */
  readonly leader: number;
  readonly kind: FollowKind;
  /** Bumped on every start, so a second "bring" to the same view still moves the camera. */
  readonly seq: number;
}

export class FollowState {
  private current: Following | null = null;
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  /** The followed person's presence client id, or null. */
  getLeader = (): number | null => this.current?.leader ?? null;

  getFollowing = (): Following | null => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follows `clientId`; a repeated start changes nothing, except a new one-shot `bring`. */
  start(clientId: number, kind: FollowKind = 'person'): void {
    const c = this.current;
    if (c && c.leader === clientId && c.kind === kind && kind !== 'once') return;
    this.set({ leader: clientId, kind, seq: ++this.seq });
  }

  stop(): void {
    if (this.current) this.set(null);
  }

  private set(next: Following | null): void {
    this.current = next;
    for (const l of this.listeners) l();
  }
}

/** Keeps this tab's presence saying whom it follows (a one-shot "bring" is not following). */
export function publishFollowing(follow: FollowState, awareness: Awareness): () => void {
  const publish = (): void => {
    const f = follow.getFollowing();
    setLocalFollowing(awareness, f && f.kind !== 'once' ? f.leader : null);
  };
  publish();
  const stop = follow.subscribe(publish);
  return () => {
    stop();
    setLocalFollowing(awareness, null);
  };
}

export const FollowContext = createContext<FollowState | null>(null);

export function useFollowState(): FollowState {
  const follow = useContext(FollowContext);
  if (!follow) throw new Error('useFollowState must be used inside <FollowContext.Provider>');
  return follow;
}

/** The followed person's client id, re-rendering when it changes. */
export function useLeader(): number | null {
  const follow = useFollowState();
  return useSyncExternalStore(follow.subscribe, follow.getLeader);
}

/** Whom this tab follows and why, re-rendering when it changes. */
export function useFollowing(): Following | null {
  const follow = useFollowState();
  return useSyncExternalStore(follow.subscribe, follow.getFollowing);
}
