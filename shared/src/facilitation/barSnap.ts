/**
 * "End on the bar" (SPEC F4): while the shared transport plays, a countdown ends on the first
 * downbeat at or after its nominal end, taken from the same schedule the metronome plays
 * (`transportClicks`), so the end chime and the accented click are one event on the server-time
 * axis — ramps, meter changes, loops and the count-in included.
 */
import { nextDownbeat } from '../transport/transportSchedule.ts';
import type { TransportState } from '../transport/transportDoc.ts';
import type { TempoTimeline } from '../tempo/timeline.ts';

/** How far past the nominal end a downbeat is looked for (a bar at the slowest tempo fits). */
export const BAR_SNAP_HORIZON_MS = 120_000;

/**
 * The server time the countdown ends at: the first metronome downbeat at or after `nominalMs`,
 * or `nominalMs` itself when the transport is stopped or no downbeat comes (the song ends first).
 */
export function snapEndToBar(tl: TempoTimeline, transport: TransportState, nominalMs: number): number {
  if (!transport.playback.playing) return nominalMs;
  // Windows that double from 4 s: a bar is usually found in the first, without listing a
  // horizon's worth of clicks. Consecutive windows [a, b), [b, c) list every click once (X6).
  let from = nominalMs;
  for (let span = 4000; from < nominalMs + BAR_SNAP_HORIZON_MS; span *= 2) {
    const to = Math.min(nominalMs + BAR_SNAP_HORIZON_MS, from + span);
    const hit = nextDownbeat(tl, transport, from, to - from);
    if (hit) return hit.serverMs;
    from = to;
  }
  return nominalMs;
}
