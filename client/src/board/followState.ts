/**
 * Whom this tab is following, if anyone: a tiny external store shared by the top bar (where you
 * click an avatar to follow) and the canvas (which moves the camera). Following is a local view
 * choice, so it lives in neither the document nor presence.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';

export class FollowState {
  private leader: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** The followed person's presence client id, or null. */
  getLeader = (): number | null => this.leader;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(clientId: number): void {
    this.set(clientId);
  }

  stop(): void {
    this.set(null);
  }

  private set(leader: number | null): void {
    if (leader === this.leader) return;
    this.leader = leader;
    for (const l of this.listeners) l();
  }
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
