/**
 * Take audio through the room's asset store: upload a file (raw body, the link token as bearer)
 * and build the address an <audio> element streams from (the server supports Range requests).
 * Only the asset's id, address and a little metadata go into the doc, never bytes.
 */
import { readApiError, type TakeAudio } from '@riffboard/shared';
import { authHeaders } from '../../room/roomApi.ts';

export class AssetUploadError extends Error {}

export async function uploadTakeAudio(roomId: string, token: string | null, file: File): Promise<TakeAudio> {
  let res: Response;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/assets?name=${encodeURIComponent(file.name)}&expect=audio`, {
      method: 'POST',
      headers: { ...authHeaders(token), 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new AssetUploadError('Couldn’t reach the server to upload the audio. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    throw new AssetUploadError(readApiError(body, `The upload failed (HTTP ${res.status}).`).message);
  }
  const asset = (body as { asset?: Record<string, unknown> } | null)?.asset;
  if (!asset || typeof asset.id !== 'string' || typeof asset.url !== 'string')
    throw new AssetUploadError('The server answered the upload in a way Riffboard doesn’t understand.');
  return {
    assetId: asset.id,
    url: asset.url,
    name: typeof asset.name === 'string' ? asset.name : file.name,
    mime: typeof asset.mime === 'string' ? asset.mime : file.type,
    size: typeof asset.size === 'number' ? asset.size : file.size,
  };
}

/** Where an <audio> element streams a take from (the token rides along as a query parameter). */
export function takeAudioSrc(audio: TakeAudio, token: string | null): string {
  return token ? `${audio.url}${audio.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : audio.url;
}
