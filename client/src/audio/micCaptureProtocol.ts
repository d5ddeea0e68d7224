/** What the microphone capture worklet and its main-thread half (`MicInput.ts`) say to each other. */

export const MIC_CAPTURE_PROCESSOR = 'riffboard-mic-capture';

/** Main thread → worklet: keep frames from the next render quantum on, or stop keeping them. */
export interface CaptureCommand {
  readonly type: 'capture';
  readonly on: boolean;
}

/** Worklet → main thread. */
export type CaptureMessage =
  /** Kept frames, one array per channel; `startFrame` is the context frame of the first one. */
  | { readonly type: 'frames'; readonly startFrame: number; readonly sampleRate: number; readonly channels: Float32Array[] }
  /** The input's loudest sample since the last level message (0–1), for the meter; sent whether or not frames are kept. */
  | { readonly type: 'level'; readonly peak: number }
  /** Capture is off and every kept frame has been sent. */
  | { readonly type: 'stopped' };
