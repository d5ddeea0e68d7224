/**
 * Renders "end on the bar" offline: the metronome for a tempo map, and separately the end chime a
 * countdown with end-on-the-bar would sound, both placed through the live code path (the shared
 * schedule, `snapEndToBar`, `Metronome.click`, `CueVoice.play`) with server time = render time.
 * Two renders with the same timing rather than one mix, so a test can find each onset on its own
 * and measure how many samples apart the chime and its downbeat start.
 */
import * as Tone from 'tone';
import { buildTimeline, snapEndToBar, ticks, transportClicks, type TempoMapData, type TransportState } from '@riffboard/shared';
import { Metronome } from './Metronome.ts';
import { CueVoice } from './CueVoice.ts';

export interface EndOnBarRender {
  readonly sampleRate: number;
  readonly metronome: Float32Array;
  readonly chime: Float32Array;
  /** Where the chime was scheduled (render seconds) and where the nominal end was. */
  readonly chimeSeconds: number;
  readonly nominalSeconds: number;
}

export async function renderEndOnBarOffline(
  map: TempoMapData,
  opts: {
    readonly startSeconds: number;
    readonly nominalEndSeconds: number;
    readonly durationSeconds: number;
    readonly sampleRate?: number;
  },
): Promise<EndOnBarRender> {
  const sampleRate = opts.sampleRate ?? 48_000;
  const timeline = buildTimeline(map);
  const state: TransportState = {
    playback: { playing: true, fromTicks: ticks(0), startServerMs: opts.startSeconds * 1000, countInBars: 0 },
    loop: undefined,
  };
  const clicks = transportClicks(timeline, state, 0, opts.durationSeconds * 1000);
  const chimeMs = snapEndToBar(timeline, state, opts.nominalEndSeconds * 1000);
  const metronome = await Tone.Offline(
    (context) => {
      const m = new Metronome(context);
      for (const c of clicks) m.click(c.serverMs / 1000, c.isDownbeat);
    },
    opts.durationSeconds,
    1,
    sampleRate,
  );
  const chime = await Tone.Offline(
    (context) => {
      new CueVoice(context).play('end', chimeMs / 1000);
    },
    opts.durationSeconds,
    1,
    sampleRate,
  );
  return {
    sampleRate,
    metronome: metronome.getChannelData(0),
    chime: chime.getChannelData(0),
    chimeSeconds: chimeMs / 1000,
    nominalSeconds: opts.nominalEndSeconds,
  };
}
