/**
 * What the transport buttons do: compute the new state with the shared scheduling rules
 * (`playFrom`, `stopAt`, `seekTo`, `reanchor`) against the server clock, and write it to the doc
 * with origin 'local'. Every client then plays it from the doc.
 */
import {
  barStartTicks,
  loopSpan,
  playFrom,
  reanchor,
  secondsToTicks,
  seekTo,
  stopAt,
  transportAt,
  writeLoop,
  writePlayback,
  type LoopRange,
  type Ticks,
} from '@riffboard/shared';
import type { RoomTransport } from './roomTransport.ts';

export function playForEveryone(t: RoomTransport): void {
  const { timeline, state } = t.getView();
  const now = t.serverNow();
  let from: Ticks = state.playback.fromTicks;
  // Playing from the end of the song would end at once: start again from bar 1.
  if (from >= timeline.totalTicks) from = barStartTicks(timeline, 1);
  void t.engine.resume();
  writePlayback(t.room.doc, playFrom(timeline, from, now, t.getPrefs().countIn ? 1 : 0), 'local');
}

export function stopForEveryone(t: RoomTransport): void {
  const { timeline, state } = t.getView();
  writePlayback(t.room.doc, stopAt(timeline, state, t.serverNow()), 'local');
}

export function togglePlay(t: RoomTransport): void {
  if (t.getView().state.playback.playing) stopForEveryone(t);
  else playForEveryone(t);
}

/** Moves the playhead to the start of `bar` (while playing, playback continues from there). */
export function seekToBar(t: RoomTransport, bar: number): void {
  const { timeline, state } = t.getView();
  const clamped = Math.max(1, Math.min(bar, Math.max(1, timeline.totalBars)));
  writePlayback(t.room.doc, seekTo(state, barStartTicks(timeline, clamped), t.serverNow()), 'local');
}

/**
 * Sets (or clears) the loop. While playing, playback is re-anchored so nobody hears a jump — or,
 * when the playhead is outside the new loop, it goes to the loop's start.
 */
export function setLoop(t: RoomTransport, loop: LoopRange | undefined): void {
  const { timeline, state } = t.getView();
  const now = t.serverNow();
  if (!state.playback.playing || loop === undefined) {
    writeLoop(t.room.doc, loop, 'local', state.playback.playing ? reanchor(timeline, state, now) : undefined);
    return;
  }
  const span = loopSpan(timeline, loop);
  const at = transportAt(timeline, state, now);
  const inside = span !== undefined && at.songSeconds >= span.start && at.songSeconds < span.end;
  const next = inside
    ? reanchor(timeline, { ...state, loop }, now)
    : seekTo(state, secondsToTicks(timeline, span?.start ?? at.songSeconds), now);
  writeLoop(t.room.doc, loop, 'local', next);
}

/** Plays for everyone from the start of `bar` (with this person's count-in), wherever the playhead was. */
export function playFromBar(t: RoomTransport, bar: number): void {
  const { timeline } = t.getView();
  const clamped = Math.max(1, Math.min(bar, Math.max(1, timeline.totalBars)));
  void t.engine.resume();
  writePlayback(t.room.doc, playFrom(timeline, barStartTicks(timeline, clamped), t.serverNow(), t.getPrefs().countIn ? 1 : 0), 'local');
}
