/**
 * A take's waveform levels (backlog SPEC B9) when the take doesn't carry them: from a file about
 * to be uploaded (decoded here, so its length and levels go into the doc with the take), or from a
 * stored take without peaks (an older upload), through the references' peaks sidecar — computed
 * from the decoded audio and stored for the next person when nobody has yet.
 */
import { takeLevelsFromPeaks, takePeaks } from '@riffboard/shared';
import { channelsOf, decodeAudio } from '../audio/audioDecode.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { loadAssetPeaks } from '../references/referenceAudio.ts';

export interface TakeFileFacts {
  readonly durationSeconds: number;
  readonly peaks: number[];
}

/** Length and waveform of an audio file; throws `DecodeError` (with its sentence) when it can't be read. */
export async function takeFileFacts(file: Blob): Promise<TakeFileFacts> {
  const buf = await decodeAudio(await file.arrayBuffer());
  return { durationSeconds: buf.duration, peaks: takePeaks(channelsOf(buf)) };
}

/** A stored take's levels from its file's peaks sidecar (or its decoded audio). */
export async function storedTakeLevels(room: RoomConnection, audioUrl: string, canEdit: boolean): Promise<number[]> {
  return takeLevelsFromPeaks(await loadAssetPeaks(room, audioUrl, canEdit));
}
