/** What the tap's worklet and its main-thread half agree on (the worklet file itself can only run in an AudioWorkletGlobalScope). */
import type { Onset } from '@riffboard/shared/clickOnsets';

export const CLICK_TAP_PROCESSOR = 'riffboard-click-tap';

/** Seconds of output the worklet keeps for {@link SamplesRequest} (what a level measurement may ask for). */
export const TAP_KEEP_SECONDS = 12;

/** Main thread → worklet: the last `seconds` of what the master bus played. */
export interface SamplesRequest {
  readonly id: number;
  readonly seconds: number;
}

/** Worklet → main thread: a batch of onsets, or the answer to a {@link SamplesRequest}. */
export type TapMessage =
  | { readonly kind: 'onsets'; readonly onsets: readonly Onset[]; readonly sampleRate: number }
  | {
      readonly kind: 'samples';
      readonly id: number;
      /** The channels' average, oldest first, with no frame missing (the render thread writes every quantum). */
      readonly data: Float32Array;
      readonly sampleRate: number;
    };
