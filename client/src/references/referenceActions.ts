/**
 * Adding references (audio and image files through the asset store, links as they are) and
 * deleting them.
 *
 * Audio is decoded in the browser *before* it is uploaded: a truncated or undecodable file is
 * refused with "couldn't decode this file" instead of becoming a broken player for everyone, and
 * the same decode gives the duration and the waveform peaks, which are PUT as the asset's sidecar
 * once the upload is in. Only ids, addresses and small metadata go into the doc.
 *
 * AIFF and Apple Lossless are the exception: browsers can't decode them, the server converts them
 * to WAV on upload (refusing a damaged one with a sentence), and the uploader decodes that WAV.
 */
import { ACCEPTED_TYPES_SENTENCE, computePeaks, convertedOnUpload, deleteReference, references, safeLinkUrl } from '@riffboard/shared';
import { channelsOf, decodeAudio, DecodeError } from '../audio/audioDecode.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { checkBeforeUpload, guessKind, uploadAsset } from '../assets/assetUpload.ts';
import { loadStoredAudio, putPeaks, rememberBuffer, rememberPeaks } from './referenceAudio.ts';
import { selectReference } from './referenceSelection.ts';
import { uploadProgress } from '../assets/uploadProgress.ts';

function titleFrom(name: string): string {
  // Hostile names are only ever text in the UI; strip the extension and control characters.
  const clean = name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .trim();
  return (clean || 'Untitled reference').slice(0, 200);
}

/** Uploads a file as a reference; resolves to the new reference id, or undefined (failure shown). */
export async function addFileReference(room: RoomConnection, file: File, addedBy: string): Promise<string | undefined> {
  const kind = guessKind(file);
  if (!kind) {
    uploadProgress.failNow(file.name, `“${file.name}” isn’t a file Riffboard can use. Use ${ACCEPTED_TYPES_SENTENCE}.`);
    return undefined;
  }
  let decoded: AudioBuffer | undefined;
  try {
    checkBeforeUpload(file, kind);
    if (kind === 'audio')
      decoded = await decodeAudio(await file.arrayBuffer()).catch((err: unknown) => {
        // The server converts these and is the judge of whether they decode.
        if (err instanceof DecodeError && convertedOnUpload(file.name)) return undefined;
        throw err;
      });
  } catch (err) {
    uploadProgress.failNow(
      file.name,
      err instanceof DecodeError
        ? `Couldn’t decode this file (“${file.name}”): it may be truncated or not really audio.`
        : err instanceof Error
          ? err.message
          : String(err),
    );
    return undefined;
  }
  const id = uploadProgress.start(file.name);
  try {
    const asset = await uploadAsset({
      roomId: room.roomId,
      token: room.token,
      file,
      kind,
      onProgress: (f) => uploadProgress.progress(id, f),
    });
    const refId = crypto.randomUUID();
    if (kind === 'audio' && !decoded) decoded = await loadStoredAudio(room, asset.url);
    if (decoded) {
      const peaks = computePeaks(channelsOf(decoded), decoded.sampleRate);
      rememberBuffer(room, asset.url, decoded);
      rememberPeaks(room, asset.url, peaks);
      await putPeaks(room, asset.url, peaks);
    }
    references(room.doc).put(
      {
        id: refId,
        kind,
        title: titleFrom(asset.name || file.name),
        addedBy,
        addedAt: Date.now(),
        assetId: asset.id,
        assetUrl: asset.url,
        mime: asset.mime,
        size: asset.size,
        ...(decoded ? { durationSeconds: decoded.duration } : {}),
      },
      'local',
    );
    uploadProgress.done(id);
    return refId;
  } catch (err) {
    uploadProgress.fail(id, err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

/** Adds a link reference; returns an error sentence, or the new id. */
export function addLinkReference(room: RoomConnection, rawUrl: string, title: string, addedBy: string): { id: string } | { error: string } {
  const url = safeLinkUrl(rawUrl.trim());
  if (!url) return { error: 'Paste a full web address starting with http:// or https://.' };
  const id = crypto.randomUUID();
  let fallback = url;
  try {
    fallback = new URL(url).hostname;
  } catch {
    // safeLinkUrl accepted it; the hostname is only a nicer default title.
  }
  references(room.doc).put(
    { id, kind: 'link', title: (title.trim() || fallback).slice(0, 200), url, addedBy, addedAt: Date.now() },
    'local',
  );
  return { id };
}

/**
 * Deletes a reference for everyone: the entry, its comments, its cards on the board and the room's
 * playback of it go in one transaction (`deleteReference`). This tab goes back to the list; every
 * player holding it stops itself (`ReferencePlayer` watches the references). The file itself stays in the asset store on purpose: it is
 * content-addressed, so the same bytes may back another reference, another room or a backlog take.
 */
export function removeReference(room: RoomConnection, id: string): void {
  // Closing the detail view first tells the panel this deletion was ours (no "was deleted" notice).
  selectReference(undefined);
  deleteReference(room.doc, id, 'local');
}
