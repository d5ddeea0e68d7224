/**
 * The one-time loopback calibration (recording SPEC R2): plays clicks through the speakers (or a
 * cable from the output to the input), records them back through the open microphone, and measures
 * the round trip on the audio clock, where both the scheduled clicks and the captured frames live.
 *
 * The clicks go straight to the output, not through the metronome, whose level is this person's
 * mix (a muted click would calibrate nothing). Onsets are found with the transport's own click
 * detector, at a threshold relative to the loudest captured sample, so a quiet mic still works
 * and room noise below it does not count.
 */
import * as Tone from 'tone';
import { measureRoundTrip, type CalibrationResult } from '@riffboard/shared';
import { clickOnsetOptions, OnsetDetector } from '@riffboard/shared/clickOnsets';
import { ACCENT, clickSamples } from './clickSamples.ts';
import type { AudioEngine } from './audioEngine.ts';
import type { CapturedBlock, MicInput } from './MicInput.ts';

/** Clicks played, and their spacing: a round trip longer than the spacing can't be told apart. */
export const CALIBRATION_CLICKS = 8;
export const CALIBRATION_SPACING_S = 0.5;
/** Before the first click: the capture is running and the mic has settled. */
const LEAD_S = 0.4;
/** An onset counts from this fraction of the loudest captured sample. */
const RELATIVE_THRESHOLD = 0.3;
const MIN_THRESHOLD = 0.01;

function loudest(channels: readonly Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  for (const ch of channels) for (let i = 0; i < length; i++) out[i] = Math.max(out[i]!, Math.abs(ch[i] ?? 0));
  return out;
}

/** Onset context times (s) in captured blocks, at a threshold relative to their loudest sample. */
export function onsetTimes(blocks: readonly CapturedBlock[]): number[] {
  const first = blocks[0];
  if (!first) return [];
  const mixed = blocks.map((b) => ({ start: b.startFrame, samples: loudest(b.channels, b.channels[0]?.length ?? 0) }));
  let peak = 0;
  for (const m of mixed) for (const v of m.samples) peak = Math.max(peak, v);
  if (peak < MIN_THRESHOLD) return [];
  const detector = new OnsetDetector(clickOnsetOptions(first.sampleRate, Math.max(MIN_THRESHOLD, peak * RELATIVE_THRESHOLD)));
  const onsets = mixed.flatMap((m) => detector.push(m.samples, m.start));
  return [...onsets, ...detector.flush()].map((o) => o.frame / first.sampleRate);
}

/** Where the clicks a calibration listens to come from. */
export interface ClickSource {
  /**
   * Context times of the clicks scheduled so far that fall in [fromS, toS), or undefined when
   * the source plays none (the transport is stopped): the calibration then plays its own.
   */
  clicksBetween(fromS: number, toS: number): number[] | undefined;
  /** Seconds between clicks (the beat). */
  spacingSeconds(): number;
}

const waitUntil = (raw: AudioContext, contextTime: number): Promise<void> =>
  new Promise<void>((resolve) => {
    // The wall-clock guard: a context that stops running must not hang the calibration.
    const giveUpAt = performance.now() + (contextTime - raw.currentTime) * 1000 + 3000;
    const poll = window.setInterval(() => {
      if (raw.currentTime >= contextTime || performance.now() > giveUpAt) {
        window.clearInterval(poll);
        resolve();
      }
    }, 50);
  });

/**
 * Records {@link CALIBRATION_CLICKS} clicks back through `mic` and measures their round trip (R2):
 * the shared transport's clicks while it plays (the very clicks takes are played to), else clicks
 * of its own, straight to the output (not through the metronome's mix, where the click may be muted).
 */
export async function runLoopback(engine: AudioEngine, mic: MicInput, transportClicks: ClickSource): Promise<CalibrationResult> {
  await engine.resume();
  const raw = engine.raw;
  const blocks: CapturedBlock[] = [];
  const off = mic.onBlock((b) => blocks.push(b));
  mic.startCapture();
  const from = raw.currentTime + LEAD_S;
  const shared = transportClicks.clicksBetween(0, Infinity) !== undefined;
  const spacing = shared ? transportClicks.spacingSeconds() : CALIBRATION_SPACING_S;
  const until = from + CALIBRATION_CLICKS * spacing;
  const sources: Tone.ToneBufferSource[] = [];
  if (!shared) {
    const samples = clickSamples(raw.sampleRate, ACCENT);
    const clickBuffer = raw.createBuffer(1, samples.length, raw.sampleRate);
    clickBuffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    for (let i = 0; i < CALIBRATION_CLICKS; i++) {
      const s = new Tone.ToneBufferSource({ context: engine.tone, url: new Tone.ToneAudioBuffer(clickBuffer) }).toDestination();
      s.start(from + i * spacing);
      sources.push(s);
    }
  }
  let clicks: number[];
  try {
    // The last click's echo arrives up to a spacing later.
    await waitUntil(raw, until + spacing);
    clicks = shared
      ? (transportClicks.clicksBetween(from, until) ?? [])
      : Array.from({ length: CALIBRATION_CLICKS }, (_, i) => from + i * spacing);
    await mic.stopCapture();
  } finally {
    off();
    for (const s of sources) s.dispose();
  }
  return measureRoundTrip(clicks, onsetTimes(blocks));
}
