/**
 * The microphone, on the page's one AudioContext (the one that plays the click), so that every
 * captured frame's context time is comparable with every scheduled click's (recording SPEC R3).
 *
 * Echo cancellation, noise suppression and automatic gain are off unless asked for: they delay,
 * gate and pump a musician's signal, and the click is meant to be in headphones, not in the mic.
 * The capture itself runs in an AudioWorklet (`micCapture.worklet.ts`) that tags each block with
 * its context frame; this half forwards blocks and levels, and turns every failure into a
 * {@link MicError} whose message is a sentence for the person.
 */
import captureUrl from './micCapture.worklet.ts?worker&url';
import { MIC_CAPTURE_PROCESSOR, type CaptureCommand, type CaptureMessage } from './micCaptureProtocol.ts';
import type { AudioEngine } from './audioEngine.ts';
import { MIC_SENTENCES, MicError } from './micErrors.ts';

export { MIC_SENTENCES, MicError, type MicFailure } from './micErrors.ts';

export interface MicOptions {
  /** An input from {@link listInputs}; the system default when absent. */
  readonly deviceId?: string;
  /** Echo cancellation, noise suppression and auto gain (all off by default, as musicians expect). */
  readonly voiceProcessing: boolean;
}

export interface InputDevice {
  readonly deviceId: string;
  readonly label: string;
}

/** Frames captured while capture is on: one array per channel, the first at context frame `startFrame`. */
export interface CapturedBlock {
  readonly startFrame: number;
  readonly sampleRate: number;
  readonly channels: readonly Float32Array[];
}

function errorOf(e: unknown): MicError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return new MicError('no_microphone', MIC_SENTENCES.no_microphone);
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return new MicError('permission_denied', MIC_SENTENCES.permission_denied);
    case 'NotReadableError':
    case 'AbortError':
      return new MicError('in_use', MIC_SENTENCES.in_use);
    default:
      return new MicError('no_microphone', MIC_SENTENCES.no_microphone);
  }
}

/** The audio inputs this browser lets the page see (labels appear once the microphone was allowed). */
export async function listInputs(): Promise<InputDevice[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

const loadedContexts = new WeakSet<BaseAudioContext>();

export class MicInput {
  private readonly blockListeners = new Set<(b: CapturedBlock) => void>();
  private readonly levelListeners = new Set<(peak: number) => void>();
  private readonly endListeners = new Set<(e: MicError) => void>();
  private closed = false;
  private stopWaiters: (() => void)[] = [];

  private constructor(
    private readonly engine: AudioEngine,
    private readonly stream: MediaStream,
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
  ) {
    node.port.onmessage = (e: MessageEvent<CaptureMessage>) => this.onMessage(e.data);
    for (const track of stream.getAudioTracks())
      track.addEventListener('ended', () => {
        if (this.closed) return;
        const err = new MicError('unplugged', MIC_SENTENCES.unplugged);
        for (const l of this.endListeners) l(err);
      });
  }

  /** Opens the microphone on the engine's context; rejects with a {@link MicError}. */
  static async open(engine: AudioEngine, options: MicOptions): Promise<MicInput> {
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined')
      throw new MicError('unsupported', MIC_SENTENCES.unsupported);
    const processing = options.voiceProcessing;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
          echoCancellation: processing,
          noiseSuppression: processing,
          autoGainControl: processing,
        },
      });
    } catch (e) {
      throw errorOf(e);
    }
    try {
      const raw = engine.raw;
      if (!loadedContexts.has(raw)) {
        await raw.audioWorklet.addModule(captureUrl);
        loadedContexts.add(raw);
      }
      const source = raw.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(raw, MIC_CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        channelCountMode: 'max',
      });
      source.connect(node);
      // The node's output is silent; connecting it keeps the render thread pulling it every quantum.
      node.connect(raw.destination);
      return new MicInput(engine, stream, source, node);
    } catch (e) {
      for (const t of stream.getTracks()) t.stop();
      throw e;
    }
  }

  get sampleRate(): number {
    return this.engine.raw.sampleRate;
  }

  /** The microphone's name as the browser gives it. */
  get label(): string {
    return this.stream.getAudioTracks()[0]?.label ?? 'Microphone';
  }

  /** The input device in use (for the per-device calibration). */
  get deviceId(): string {
    return this.stream.getAudioTracks()[0]?.getSettings().deviceId ?? 'default';
  }

  /** Input latency the browser reports for the track (s), 0 when it says nothing (R1). */
  inputLatencySeconds(): number {
    const settings = this.stream.getAudioTracks()[0]?.getSettings() as (MediaTrackSettings & { latency?: number }) | undefined;
    const latency = settings?.latency;
    return typeof latency === 'number' && Number.isFinite(latency) && latency > 0 ? latency : 0;
  }

  /** Keeps frames from the next render quantum on; they arrive through {@link onBlock}. */
  startCapture(): void {
    this.node.port.postMessage({ type: 'capture', on: true } satisfies CaptureCommand);
  }

  /** Stops keeping frames; resolves once the last block has been delivered. */
  stopCapture(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.stopWaiters.push(resolve);
      this.node.port.postMessage({ type: 'capture', on: false } satisfies CaptureCommand);
    });
  }

  onBlock(l: (b: CapturedBlock) => void): () => void {
    this.blockListeners.add(l);
    return () => this.blockListeners.delete(l);
  }

  onLevel(l: (peak: number) => void): () => void {
    this.levelListeners.add(l);
    return () => this.levelListeners.delete(l);
  }

  /** The microphone went away (unplugged, or its permission revoked) while open. */
  onEnded(l: (e: MicError) => void): () => void {
    this.endListeners.add(l);
    return () => this.endListeners.delete(l);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.stopWaiters) w();
    this.stopWaiters = [];
    this.node.port.onmessage = null;
    this.source.disconnect();
    this.node.disconnect();
    for (const t of this.stream.getTracks()) t.stop();
    this.blockListeners.clear();
    this.levelListeners.clear();
    this.endListeners.clear();
  }

  private onMessage(msg: CaptureMessage): void {
    if (msg.type === 'level') for (const l of this.levelListeners) l(msg.peak);
    else if (msg.type === 'stopped') {
      const waiters = this.stopWaiters;
      this.stopWaiters = [];
      for (const w of waiters) w();
    } else for (const l of this.blockListeners) l({ startFrame: msg.startFrame, sampleRate: msg.sampleRate, channels: msg.channels });
  }
}
