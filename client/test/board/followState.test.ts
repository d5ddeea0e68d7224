/**
 * Following someone: whom this tab follows (a local store the top bar and the canvas share), and
 * the camera that shows the leader's view on a screen of another size.
 */
import { describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FollowState, publishFollowing } from '../../src/board/followState.ts';
import { cameraShowing } from '../../src/board/followCamera.ts';

describe('FollowState', () => {
  it('starts and stops following, telling listeners once per real change', () => {
    const follow = new FollowState();
    const changed = vi.fn();
    const unsubscribe = follow.subscribe(changed);
    expect(follow.getLeader()).toBeNull();
    follow.start(42);
    follow.start(42);
    expect(follow.getLeader()).toBe(42);
    expect(changed).toHaveBeenCalledTimes(1);
    follow.start(7);
    expect(follow.getLeader()).toBe(7);
    follow.stop();
    follow.stop();
    expect(follow.getLeader()).toBeNull();
    expect(changed).toHaveBeenCalledTimes(3);
    unsubscribe();
    follow.start(1);
    expect(changed).toHaveBeenCalledTimes(3);
  });
});

describe('FollowState kinds (F9)', () => {
  it('F9 a spotlight replaces following a person; every bring is a new start, even to the same view', () => {
    const follow = new FollowState();
    follow.start(42);
    follow.start(42, 'spotlight');
    expect(follow.getFollowing()).toMatchObject({ leader: 42, kind: 'spotlight' });
    follow.start(42, 'once');
    const first = follow.getFollowing()?.seq;
    follow.start(42, 'once');
    expect(follow.getFollowing()?.seq).toBeGreaterThan(first!);
  });

  it('F9 presence says whom this tab follows, but not a one-shot bring, and nobody once it stops', () => {
    const awareness = new Awareness(new Y.Doc());
    const follow = new FollowState();
    const stop = publishFollowing(follow, awareness);
    const following = (): unknown => (awareness.getLocalState() as Record<string, unknown>).following;
    expect(following()).toBeNull();
    follow.start(42, 'spotlight');
    expect(following()).toBe(42);
    follow.start(42, 'once');
    expect(following()).toBeNull();
    follow.start(7);
    expect(following()).toBe(7);
    stop();
    expect(following()).toBeNull();
    awareness.destroy();
  });
});

describe('cameraShowing', () => {
  /** Where a page point lands on screen under tldraw's camera: (page + camera) × zoom. */
  const toScreen = (cam: { x: number; y: number; z: number }, px: number, py: number): [number, number] => [
    (px + cam.x) * cam.z,
    (py + cam.y) * cam.z,
  ];

  it("centres the leader's view and shows all of it on a screen of another shape", () => {
    const bounds = { x: 100, y: 50, w: 800, h: 600 };
    const cam = cameraShowing(bounds, 390, 844);
    expect(cam.z).toBeCloseTo(390 / 800, 9);
    const [cx, cy] = toScreen(cam, bounds.x + bounds.w / 2, bounds.y + bounds.h / 2);
    expect(cx).toBeCloseTo(195, 6);
    expect(cy).toBeCloseTo(422, 6);
    const [left] = toScreen(cam, bounds.x, bounds.y);
    const [right] = toScreen(cam, bounds.x + bounds.w, bounds.y);
    expect(left).toBeCloseTo(0, 6);
    expect(right).toBeCloseTo(390, 6);
  });

  it('keeps the zoom within tldraw-usable bounds for a tiny or a huge view', () => {
    expect(cameraShowing({ x: 0, y: 0, w: 1, h: 1 }, 1000, 1000).z).toBe(8);
    expect(cameraShowing({ x: 0, y: 0, w: 1e6, h: 1e6 }, 1000, 1000).z).toBe(0.05);
  });
});
