/**
 * The lossless {@link TakeDelivery}: the captured samples as a 32-bit float WAV (exactly what the
 * microphone gave, no rounding), uploaded to the room's asset store with progress, then added to
 * the idea as a take with its placement, length, peaks, section, tempo, key and player (backlog
 * SPEC B8). The take's id is the recording's, so delivering the same recording twice never makes
 * two takes. WAV encoding is `@audio/encode-wav`, the encoder the server already uses.
 */
import encodeWav from '@audio/encode-wav';
import type * as Y from 'yjs';
import { addTake, readTakes, takePeaks, takeSeconds } from '@riffboard/shared';
import { uploadAsset, UploadError } from '../assets/assetUpload.ts';
import type { DeliveryProgress, FinishedRecording, TakeDelivery } from './recordingTypes.ts';

export interface DeliveryTarget {
  readonly doc: Y.Doc;
  readonly roomId: string;
  readonly token: string | null;
  /** Who is delivering (the person whose browser recorded it). */
  readonly person: { readonly id: string; readonly name: string };
}

const takeFileName = (r: FinishedRecording): string => {
  const d = new Date(r.meta.startedAt);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `Take ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}.${pad(d.getSeconds())}.wav`;
};

/** The recording as a WAV file (32-bit float, every channel). */
export async function encodeTakeWav(r: FinishedRecording): Promise<Uint8Array> {
  const encoder = await encodeWav({ sampleRate: r.meta.sampleRate, bitDepth: 32 });
  encoder.encode([...r.channels]);
  const bytes = encoder.flush();
  encoder.free();
  return bytes;
}

export class WavDelivery implements TakeDelivery {
  constructor(private readonly target: DeliveryTarget) {}

  async deliver(r: FinishedRecording, onProgress: (p: DeliveryProgress) => void): Promise<void> {
    const { doc, roomId, token, person } = this.target;
    const id = r.meta.id;
    if (readTakes(doc, r.meta.ideaId).some((t) => t.id === id)) return onProgress({ id, stage: 'done', fraction: 1 });
    const frames = r.channels[0]?.length ?? 0;
    if (frames === 0) throw new Error('Nothing was recorded: the microphone sent no sound.');
    onProgress({ id, stage: 'encoding', fraction: 0 });
    const bytes = await encodeTakeWav(r);
    const file = new File([bytes as Uint8Array<ArrayBuffer>], takeFileName(r), { type: 'audio/wav' });
    onProgress({ id, stage: 'uploading', fraction: 0 });
    let asset;
    try {
      asset = await uploadAsset({
        roomId,
        token,
        file,
        kind: 'audio',
        onProgress: (fraction) => onProgress({ id, stage: 'uploading', fraction }),
      });
    } catch (e) {
      throw e instanceof UploadError ? e : new Error('The take couldn’t be uploaded. It is kept in this tab; try again.');
    }
    onProgress({ id, stage: 'saving', fraction: 0 });
    const result = addTake(
      doc,
      r.meta.ideaId,
      {
        players: [r.meta.by],
        ...(r.meta.bpm !== undefined ? { bpm: r.meta.bpm } : {}),
        ...(r.meta.key !== undefined ? { key: r.meta.key } : {}),
        ...(r.meta.section !== undefined ? { section: r.meta.section } : {}),
        audio: { assetId: asset.id, url: asset.url, name: asset.name || file.name, mime: asset.mime || 'audio/wav', size: asset.size },
        ...(r.placement ? { placement: r.placement } : {}),
        durationSeconds: takeSeconds(frames, r.meta.sampleRate),
        peaks: takePeaks(r.channels),
      },
      person,
      'local',
      r.meta.startedAt,
      id,
    );
    if (!result.ok)
      throw new Error(
        result.error.code === 'unknown_idea'
          ? 'The idea this take was recorded for was deleted, so the take has nowhere to go.'
          : 'The take couldn’t be added to its idea.',
      );
    onProgress({ id, stage: 'done', fraction: 1 });
  }
}
