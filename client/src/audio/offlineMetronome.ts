/**
 * Renders the metronome for a tempo map offline (no speakers, faster than real time), through the
 * same path the live transport takes: the shared schedule (`transportClicks`) → `Metronome.click`.
 * Server time is simply the offline context's time here (ms = s·1000), so the rendered samples show
 * exactly where the live transport would put each click. Used by the browser test that checks
 * every click onset against the tempo model.
 */
import * as Tone from 'tone';
import { buildTimeline, ticks, transportClicks, type TempoMapData, type TransportClick, type TransportState } from '@riffboard/shared';
import { Metronome } from './Metronome.ts';

export interface OfflineRender {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** The clicks as scheduled, in render seconds. */
  readonly clicks: readonly (TransportClick & { readonly seconds: number })[];
}

/**
 * Plays `map` from bar 1 with `countInBars` of count-in; bar 1 sounds at `startSeconds`
 * into the render, which lasts `durationSeconds`.
 */
export async function renderMetronomeOffline(
  map: TempoMapData,
  opts: { readonly startSeconds: number; readonly durationSeconds: number; readonly countInBars: number; readonly sampleRate?: number },
): Promise<OfflineRender> {
  const sampleRate = opts.sampleRate ?? 48_000;
  const timeline = buildTimeline(map);
  const state: TransportState = {
    playback: { playing: true, fromTicks: ticks(0), startServerMs: opts.startSeconds * 1000, countInBars: opts.countInBars },
    loop: undefined,
  };
  const clicks = transportClicks(timeline, state, 0, opts.durationSeconds * 1000);
  const buffer = await Tone.Offline(
    (context) => {
      const metronome = new Metronome(context);
      for (const c of clicks) metronome.click(c.serverMs / 1000, c.isDownbeat);
    },
    opts.durationSeconds,
    1,
    sampleRate,
  );
  return { samples: buffer.getChannelData(0), sampleRate, clicks: clicks.map((c) => ({ ...c, seconds: c.serverMs / 1000 })) };
}
