/**
 * The {@link TakeDelivery} that makes a finished recording a take everybody sees: encode (in the
 * format this person chose, see `takeFormat.ts`), upload through the room's asset store with
 * progress, then add the take to its idea with its placement, length, waveform and who played.
 *
 * The take is added under the recording's own id, and a take with that id already in the document
 * means an earlier attempt got that far: delivering twice never makes two takes (K3).
 *
 * Failures are {@link DeliveryError}s: `retry` says whether trying again later can help (no
 * connection, a server error) or not (the server refused the file: its sentence is the message).
 */
import type * as Y from 'yjs';
import { addTake, readTakes, takePeaks, takeSeconds, type Person, type TakeAudio } from '@riffboard/shared';
import { UploadError, uploadAsset, type UploadOptions, type UploadedAsset } from '../assets/assetUpload.ts';
import { EncodingError, encodeTake, type EncodedTake, type TakeFormat } from './takeEncoding.ts';
import type { DeliveryProgress, FinishedRecording, TakeDelivery } from './recordingTypes.ts';

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when the same delivery may succeed later (connection back, server recovered). */
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Upload failures worth trying again: no connection, no readable answer, or the server's own trouble. */
function retryable(e: UploadError): boolean {
  const c = e.code;
  return (
    c === 'network' ||
    c === 'bad_response' ||
    c === 'aborted' ||
    c === 'internal' ||
    c === 'room_unavailable' ||
    c === 'rate_limited' ||
    (c.startsWith('http_') && Number(c.slice(5)) >= 500)
  );
}

export interface EncodedTakeDeliveryOptions {
  readonly roomId: string;
  readonly token: string | null;
  readonly doc: Y.Doc;
  /** Who adds the take (the person recording in this tab). */
  readonly person: () => Person;
  /** The format chosen now (read at delivery, so a take left by a reload uses today's setting). */
  readonly format: () => TakeFormat;
  readonly upload?: (o: UploadOptions) => Promise<UploadedAsset>;
  readonly encode?: typeof encodeTake;
}

function fileName(r: FinishedRecording, extension: string): string {
  const at = new Date(r.meta.startedAt);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}.${pad(at.getMinutes())}`;
  return `Take ${r.meta.by} ${stamp}.${extension}`.replace(/[\\/:*?"<>|]/g, '');
}

export function createTakeDelivery(o: EncodedTakeDeliveryOptions): TakeDelivery {
  const upload = o.upload ?? uploadAsset;
  const encode = o.encode ?? encodeTake;

  const encodeWithFallback = async (r: FinishedRecording, report: (f: number) => void): Promise<EncodedTake> => {
    const format = o.format();
    try {
      return await encode(r.channels, r.meta.sampleRate, format, report);
    } catch (e) {
      // A browser without an Opus encoder still delivers the take, losslessly.
      if (e instanceof EncodingError && format === 'compressed') return encode(r.channels, r.meta.sampleRate, 'lossless', report);
      throw new DeliveryError(e instanceof Error ? `The take couldn’t be encoded: ${e.message}` : 'The take couldn’t be encoded.', false);
    }
  };

  return {
    async deliver(r: FinishedRecording, onProgress: (p: DeliveryProgress) => void): Promise<void> {
      const { id } = r.meta;
      const report = (stage: DeliveryProgress['stage'], fraction: number): void => onProgress({ id, stage, fraction });
      if (readTakes(o.doc, r.meta.ideaId).some((t) => t.id === id)) return report('done', 1);

      report('encoding', 0);
      const encoded = await encodeWithFallback(r, (f) => report('encoding', f));

      report('uploading', 0);
      const name = fileName(r, encoded.extension);
      let asset: UploadedAsset;
      try {
        asset = await upload({
          roomId: o.roomId,
          token: o.token,
          file: new File([encoded.bytes as Uint8Array<ArrayBuffer>], name, { type: encoded.mime }),
          kind: 'audio',
          onProgress: (f) => report('uploading', f),
        });
      } catch (e) {
        if (e instanceof UploadError) throw new DeliveryError(e.message, retryable(e));
        throw new DeliveryError('The take couldn’t be uploaded.', true);
      }

      report('saving', 0);
      const audio: TakeAudio = {
        assetId: asset.id,
        url: asset.url,
        name: asset.name || name,
        mime: asset.mime || encoded.mime,
        size: asset.size,
      };
      const frames = r.channels[0]?.length ?? 0;
      const result = addTake(
        o.doc,
        r.meta.ideaId,
        {
          players: [r.meta.by],
          audio,
          durationSeconds: takeSeconds(frames, r.meta.sampleRate),
          peaks: takePeaks(r.channels),
          ...(r.placement ? { placement: r.placement } : {}),
          ...(r.meta.bpm !== undefined ? { bpm: r.meta.bpm } : {}),
          ...(r.meta.key !== undefined ? { key: r.meta.key } : {}),
          ...(r.meta.section !== undefined ? { section: r.meta.section } : {}),
        },
        o.person(),
        'local',
        r.meta.startedAt,
        id,
      );
      if (!result.ok) {
        throw new DeliveryError(
          result.error.code === 'unknown_idea'
            ? 'The idea this take was recorded for has been deleted, so the take has nowhere to go.'
            : 'The take’s details were refused by the room.',
          false,
        );
      }
      report('done', 1);
    },
  };
}
