/**
 * The microphone capture's render-thread half: an AudioWorkletProcessor fed by the microphone's
 * MediaStreamAudioSourceNode, on the same AudioContext that plays the click. `currentFrame` is the
 * context frame of the first sample of each render quantum, so every captured frame knows its
 * context time exactly, and the recorder can place the take against the clicks it scheduled on the
 * same clock (recording SPEC R3).
 *
 * Frames are batched into blocks of {@link BLOCK_FRAMES} and transferred to the main thread while
 * capture is on; the input's peak level goes out every {@link LEVEL_FRAMES} frames for the meter.
 * Loaded with `audioWorklet.addModule` from this origin (the page's CSP allows only 'self').
 */
import { MIC_CAPTURE_PROCESSOR, type CaptureCommand, type CaptureMessage } from './micCaptureProtocol.ts';

declare const currentFrame: number;
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: new () => AudioWorkletProcessorLike;
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
}

/** ~93 ms at 44.1 kHz: few messages, and little lost if the page dies mid-block. */
const BLOCK_FRAMES = 4096;
/** ~23 ms: a meter that follows a drum hit. */
const LEVEL_FRAMES = 1024;

class MicCaptureProcessor extends AudioWorkletProcessor {
  private capturing = false;
  private block: Float32Array[] = [];
  private filled = 0;
  private blockStart = 0;
  private peak = 0;
  private sinceLevel = 0;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<CaptureCommand>) => {
      if (e.data.type !== 'capture') return;
      this.capturing = e.data.on;
      if (!e.data.on) {
        this.flush();
        this.port.postMessage({ type: 'stopped' } satisfies CaptureMessage);
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const first = channels[0];
    if (!first) return true; // no input connected (yet): nothing to keep
    for (const ch of channels) for (let i = 0; i < ch.length; i++) this.peak = Math.max(this.peak, Math.abs(ch[i]!));
    this.sinceLevel += first.length;
    if (this.sinceLevel >= LEVEL_FRAMES) {
      this.port.postMessage({ type: 'level', peak: this.peak } satisfies CaptureMessage);
      this.peak = 0;
      this.sinceLevel = 0;
    }
    if (this.capturing) this.keep(channels, first.length);
    return true;
  }

  private keep(channels: Float32Array[], length: number): void {
    if (this.filled === 0) {
      this.blockStart = currentFrame;
      this.block = channels.map(() => new Float32Array(BLOCK_FRAMES));
    }
    // A channel count change mid-block (a device switch) ends the block first.
    if (this.block.length !== channels.length) {
      this.flush();
      this.keep(channels, length);
      return;
    }
    channels.forEach((ch, c) => this.block[c]!.set(ch.subarray(0, length), this.filled));
    this.filled += length;
    if (this.filled + length > BLOCK_FRAMES) this.flush();
  }

  private flush(): void {
    if (this.filled === 0) return;
    const channels = this.block.map((b) => b.slice(0, this.filled));
    this.port.postMessage(
      { type: 'frames', startFrame: this.blockStart, sampleRate, channels } satisfies CaptureMessage,
      channels.map((c) => c.buffer),
    );
    this.filled = 0;
  }
}

registerProcessor(MIC_CAPTURE_PROCESSOR, MicCaptureProcessor);
