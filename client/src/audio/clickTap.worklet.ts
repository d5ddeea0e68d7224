/**
 * The audio tap's render-thread half: an AudioWorkletProcessor on the master bus that finds click
 * onsets in what this page is about to play (A1) and posts their frame numbers to the main thread
 * (`AudioTap.ts`). `currentFrame` is the frame of the first sample of this render quantum on the
 * context's own counter, so an onset's frame — and so its context time — is sample-exact.
 *
 * Bundled on its own by Vite (`?worker&url`) and loaded with `audioWorklet.addModule` from this
 * origin, so the page's CSP (`script-src 'self'`) allows it. It imports only the pure detector.
 */
import { clickOnsetOptions, OnsetDetector } from '@riffboard/shared/clickOnsets';
import { CLICK_TAP_PROCESSOR, type TapMessage } from './clickTapProtocol.ts';

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

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const first = channels[0];
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
      if (onsets.length > 0) this.port.postMessage({ onsets, sampleRate } satisfies TapMessage);
    }
    return true; // keep tapping while the node exists, silence included
  }
}

registerProcessor(CLICK_TAP_PROCESSOR, ClickTapProcessor);
