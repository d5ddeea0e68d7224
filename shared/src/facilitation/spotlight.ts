/**
 * "Bring everyone to me" and the spotlight (SPEC F9) as pure steps. The facilitator writes a new
 * `Spotlight` (a higher `seq`) for every press; each other tab reacts once per `seq` with the step
 * `spotlightStep` returns. Following itself (camera and panel) is the tab's local business: a
 * person who moves on their own stops following, and the doc does not change.
 */
import type { Spotlight } from './facilitationDoc.ts';

/** A `bring` older than this (server time) is history: a tab opening the room later stays put. */
export const BRING_FRESH_MS = 10_000;

export type SpotlightStep =
  | { readonly kind: 'none' }
  /** Move the camera to the leader's view and open their panel, once. */
  | { readonly kind: 'bring'; readonly leader: number; readonly panel: string | null }
  /** Follow the leader's view and panel until this person moves on their own. */
  | { readonly kind: 'follow'; readonly leader: number }
  /** The facilitator stopped the spotlight: stop following it (not someone followed by choice). */
  | { readonly kind: 'release'; readonly leader: number };

const NONE: SpotlightStep = { kind: 'none' };

/**
 * What this tab does about `spotlight`, given the `seq` it last reacted to, its own presence
 * client id and the server time now. The facilitator's own tab never follows itself.
 */
export function spotlightStep(spotlight: Spotlight | null, lastSeq: number | undefined, self: number, serverNowMs: number): SpotlightStep {
  if (!spotlight || spotlight.seq === lastSeq || spotlight.leader === self) return NONE;
  switch (spotlight.mode) {
    case 'off':
      return { kind: 'release', leader: spotlight.leader };
    case 'follow':
      return { kind: 'follow', leader: spotlight.leader };
    case 'bring':
      return serverNowMs - spotlight.atMs <= BRING_FRESH_MS ? { kind: 'bring', leader: spotlight.leader, panel: spotlight.panel } : NONE;
  }
}

/** The facilitator's next spotlight: `mode` from `leader`'s view and panel, pressed at `atMs`. */
export function nextSpotlight(
  previous: Spotlight | null,
  mode: Spotlight['mode'],
  leader: number,
  panel: string | null,
  atMs: number,
): Spotlight {
  return { seq: (previous?.seq ?? 0) + 1, mode, leader, panel, atMs };
}

/** Whether `spotlight` is keeping people on `leader`'s view right now. */
export function isSpotlightOn(spotlight: Spotlight | null): spotlight is Spotlight & { readonly mode: 'follow' } {
  return spotlight?.mode === 'follow';
}
