/**
 * The audio tap's render-thread half: an AudioWorkletProcessor on the master bus that finds click
 * onsets in what this page is about to play (A1) and posts their frame numbers to the main thread
 * (`AudioTap.ts`). It also keeps the last {@link TAP_KEEP_SECONDS} of the output (the channels'
 * average) and hands them over on request, for level measurements: written here on the render
 * thread, no frame is ever missing, however busy the page's main thread is. `currentFrame` is the frame of the first sample of this render quantum on the
 * context's own counter, so an onset's frame — and so its context time — is sample-exact.
 *
 * Bundled on its own by Vite (`?worker&url`) and loaded with `audioWorklet.addModule` from this
 * origin, so the page's CSP (`script-src 'self'`) allows it. It imports only the pure detector.
 */
import { clickOnsetOptions, OnsetDetector } from '@riffboard/shared/clickOnsets';
import { CLICK_TAP_PROCESSOR, TAP_KEEP_SECONDS, type SamplesRequest, type TapMessage } from './clickTapProtocol.ts';

// AudioWorkletGlobalScope, which the DOM typings don't describe.
declare const currentFrame: number;
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: new () => AudioWorkletProcessorLike;
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
}

class ClickTapProcessor extends AudioWorkletProcessor {
  private readonly detector = new OnsetDetector(clickOnsetOptions(sampleRate));
  private mix = new Float32Array(128);
  private readonly ring = new Float32Array(Math.ceil(sampleRate * TAP_KEEP_SECONDS));
  private written = 0;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<SamplesRequest>) => {
      const n = Math.min(Math.floor(e.data.seconds * sampleRate), this.written, this.ring.length);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = this.ring[(this.written - n + i) % this.ring.length]!;
      this.port.postMessage({ kind: 'samples', id: e.data.id, data, sampleRate } satisfies TapMessage, [data.buffer]);
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const first = channels[0];
    this.keep(channels, first?.length ?? 128);
    if (first) {
      // The loudest channel at each sample: a click panned anywhere is still found.
      if (this.mix.length !== first.length) this.mix = new Float32Array(first.length);
      const mix = this.mix;
      for (let i = 0; i < first.length; i++) {
        let v = 0;
        for (const ch of channels) v = Math.max(v, Math.abs(ch[i] ?? 0));
        mix[i] = v;
      }
      const onsets = this.detector.push(mix, currentFrame);
      if (onsets.length > 0) this.port.postMessage({ kind: 'onsets', onsets, sampleRate } satisfies TapMessage);
    }
    return true; // keep tapping while the node exists, silence included
  }

  /** An input with nothing sounding arrives with no channels: that is a quantum of silence. */
  private keep(channels: Float32Array[], frames: number): void {
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (const ch of channels) sum += ch[i] ?? 0;
      this.ring[this.written % this.ring.length] = channels.length > 0 ? sum / channels.length : 0;
      this.written++;
    }
  }
}

registerProcessor(CLICK_TAP_PROCESSOR, ClickTapProcessor);
