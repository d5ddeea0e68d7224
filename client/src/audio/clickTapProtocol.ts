/** What the tap's worklet and its main-thread half agree on (the worklet file itself can only run in an AudioWorkletGlobalScope). */
import type { Onset } from '@riffboard/shared/clickOnsets';

export const CLICK_TAP_PROCESSOR = 'riffboard-click-tap';

/** The message the tap posts for each batch of onsets. */
export interface TapMessage {
  readonly onsets: readonly Onset[];
  readonly sampleRate: number;
}
