/**
 * A tap on the master bus that hears what this page plays (A1–A3 in the shared transport SPEC):
 * an AudioWorklet (`clickTap.worklet.ts`) finds click onsets sample-exactly in the rendered
 * output, and this main-thread half turns each onset's frame into the moment it is heard, through
 * the context's output timestamps (`getOutputTimestamp()`, which carries the output latency).
 * The worklet also keeps the last seconds of the output itself ({@link AudioTap.samples}), so a
 * measurement of levels (the personal mix's) sees every rendered frame.
 *
 * It is a measuring instrument, off unless asked for: a page opened with the localStorage key
 * {@link TAP_STORAGE_KEY} set to `on` installs it (the browser tests and benchmarks do, to
 * compare what three browsers actually play, not what they meant to schedule). What it cannot
 * see: anything after the browser's output (the sound card, the speaker, the air) beyond what
 * the browser reports as its output latency.
 */
import * as Tone from 'tone';
import { frameToPerfMs, isUsableStamp, outputOffsetMs, type OutputStamp } from '@riffboard/shared';
import tapUrl from './clickTap.worklet.ts?worker&url';
import { CLICK_TAP_PROCESSOR, type SamplesRequest, type TapMessage } from './clickTapProtocol.ts';

export const TAP_STORAGE_KEY = 'riffboard:audio-tap';

/** One onset heard on the master bus. */
export interface TapOnset {
  /** Context time (s) of the onset's first sample. */
  readonly contextTime: number;
  /** `performance.now()` (ms) at which that sample reaches the output. */
  readonly perfMs: number;
  readonly peak: number;
}

/** A stretch of what the master bus played: the channels' average at the context's sample rate. */
export interface TapSamples {
  readonly data: Float32Array;
  readonly sampleRate: number;
}

/** Output timestamps kept for the conversion (a device buffer apart; the median is used). */
const STAMPS = 9;
const STAMP_EVERY_MS = 20;

export function tapRequested(): boolean {
  try {
    return localStorage.getItem(TAP_STORAGE_KEY) === 'on';
  } catch {
    return false; // storage blocked: no tap
  }
}

export class AudioTap {
  private stamps: OutputStamp[] = [];
  private readonly listeners = new Set<(o: TapOnset) => void>();
  private readonly timer: number;
  private readonly sampleWaiters = new Map<number, (s: TapSamples) => void>();
  private nextRequest = 0;

  private constructor(
    private readonly raw: AudioContext,
    private readonly node: AudioWorkletNode,
  ) {
    node.port.onmessage = (e: MessageEvent<TapMessage>) => this.onMessage(e.data);
    this.timer = window.setInterval(() => this.stamp(), STAMP_EVERY_MS);
  }

  /** Loads the worklet and puts the tap on `tone`'s master bus (everything the page plays goes there). */
  static async install(raw: AudioContext, tone: Tone.Context): Promise<AudioTap> {
    await raw.audioWorklet.addModule(tapUrl);
    // One silent output, connected, so the render thread pulls the node on every quantum.
    const node = new AudioWorkletNode(raw, CLICK_TAP_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
    tone.destination.connect(node);
    node.connect(raw.destination);
    return new AudioTap(raw, node);
  }

  /** The last `seconds` of what the master bus played (up to what the worklet keeps), every frame of it. */
  samples(seconds: number): Promise<TapSamples> {
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      this.sampleWaiters.set(id, resolve);
      this.node.port.postMessage({ id, seconds } satisfies SamplesRequest);
    });
  }

  onOnset(listener: (o: TapOnset) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    window.clearInterval(this.timer);
    this.node.disconnect();
    this.listeners.clear();
  }

  private stamp(): void {
    const ts = this.raw.getOutputTimestamp?.();
    if (!ts || ts.contextTime === undefined || ts.performanceTime === undefined) return;
    const s = { contextTime: ts.contextTime, performanceTime: ts.performanceTime };
    if (!isUsableStamp(s)) return;
    this.stamps.push(s);
    if (this.stamps.length > STAMPS) this.stamps.shift();
  }

  private onMessage(msg: TapMessage): void {
    if (msg.kind === 'samples') {
      this.sampleWaiters.get(msg.id)?.({ data: msg.data, sampleRate: msg.sampleRate });
      this.sampleWaiters.delete(msg.id);
      return;
    }
    this.stamp();
    const offset = outputOffsetMs(this.stamps);
    if (offset === undefined) return; // no timestamp yet: the context has not reached the output
    for (const o of msg.onsets) {
      const heard: TapOnset = {
        contextTime: o.frame / msg.sampleRate,
        perfMs: frameToPerfMs(o.frame, msg.sampleRate, offset),
        peak: o.peak,
      };
      for (const l of this.listeners) l(heard);
    }
  }
}
