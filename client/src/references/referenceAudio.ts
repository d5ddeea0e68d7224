/**
 * Audio for references, per room: where to stream each one from, the whole-file download and
 * decode (once per asset; listen-together hands over to it, and a missing waveform is computed
 * from it),
 * the waveform peaks sidecar (GET it; if nobody has stored it yet, an editor computes it from the
 * decoded audio and PUTs it, a viewer just computes it for itself), and the room's player.
 */
import { computePeaks, decodePeaks, encodePeaks, references, type Peaks, type Reference } from '@riffboard/shared';
import { channelsOf, decodeAudio } from '../audio/audioDecode.ts';
import { ReferencePlayer } from '../audio/referencePlayer.ts';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { authHeaders } from '../room/roomApi.ts';
import { assetSrc } from '../assets/assetUpload.ts';
import { mixGains } from '@riffboard/shared';
import { roomMix } from '../mix/roomMix.ts';

interface RoomAudio {
  readonly buffers: Map<string, Promise<AudioBuffer>>;
  /** The buffers that have finished decoding, for a start that must not wait. */
  readonly decoded: Map<string, AudioBuffer>;
  readonly peaks: Map<string, Promise<Peaks>>;
  readonly player: ReferencePlayer;
  /** Stops following this person's mix. */
  readonly offMix: () => void;
}

/**
 * Decoded audio is big (a 10-minute stereo file is ~210 MB of samples) and only listen-together
 * needs it once a file streams: keep the most recently used ones up to this many bytes.
 */
const DECODED_BUDGET_BYTES = 450 * 1024 * 1024;

function sizeOf(buf: AudioBuffer): number {
  return buf.length * buf.numberOfChannels * 4;
}

/** Remembers a decoded file as the most recently used, letting the least recently used go past the budget. */
function keepDecoded(ra: Pick<RoomAudio, 'buffers' | 'decoded'>, assetUrl: string, buf: AudioBuffer): void {
  ra.decoded.delete(assetUrl);
  ra.decoded.set(assetUrl, buf);
  let total = 0;
  for (const b of ra.decoded.values()) total += sizeOf(b);
  for (const [url, b] of ra.decoded) {
    if (total <= DECODED_BUDGET_BYTES || url === assetUrl) break;
    ra.decoded.delete(url);
    ra.buffers.delete(url);
    total -= sizeOf(b);
  }
}

const roomAudio = perRoom(createRoomAudio, (ra) => {
  ra.offMix();
  ra.player.dispose();
});

function createRoomAudio(room: RoomConnection): RoomAudio {
  const buffers = new Map<string, Promise<AudioBuffer>>();
  const decoded = new Map<string, AudioBuffer>();
  const assetUrlOf = (referenceId: string): string | undefined => references(room.doc).get(referenceId)?.assetUrl;
  const player = new ReferencePlayer({
    doc: room.doc,
    serverNow: () => room.clock.serverNow(),
    toPerf: (ms) => room.clock.toPerf(ms),
    settled: () => room.clock.settled(),
    load: async (referenceId) => {
      const url = assetUrlOf(referenceId);
      if (!url) throw new Error('This reference has no audio file.');
      return loadBuffer(room, url);
    },
    decoded: (referenceId) => {
      const url = assetUrlOf(referenceId);
      const buf = url === undefined ? undefined : decoded.get(url);
      if (url !== undefined && buf) keepDecoded({ buffers, decoded }, url, buf);
      return buf;
    },
    streamUrl: (referenceId) => {
      const url = assetUrlOf(referenceId);
      return url === undefined ? undefined : assetSrc(url, room.token);
    },
    gainOf: (referenceId) => mixGains(roomMix(room).get()).reference(referenceId),
  });
  const offMix = roomMix(room).subscribe(() => player.mixChanged());
  return { buffers, decoded, peaks: new Map(), player, offMix };
}

export function referencePlayer(room: RoomConnection): ReferencePlayer {
  return roomAudio(room).player;
}

function loadBuffer(room: RoomConnection, assetUrl: string): Promise<AudioBuffer> {
  const ra = roomAudio(room);
  const { buffers } = ra;
  let p = buffers.get(assetUrl);
  if (!p) {
    p = fetch(assetSrc(assetUrl, room.token)).then(async (res) => {
      if (!res.ok) throw new Error('The audio file could not be downloaded.');
      const buf = await decodeAudio(await res.arrayBuffer());
      keepDecoded(ra, assetUrl, buf);
      return buf;
    });
    p.catch(() => buffers.delete(assetUrl)); // a network failure may be retried; a decode error is re-detected cheaply
    buffers.set(assetUrl, p);
  }
  return p;
}

/** The decoded audio of a stored file (downloaded once per room; e.g. the WAV the server converted an upload into). */
export function loadStoredAudio(room: RoomConnection, assetUrl: string): Promise<AudioBuffer> {
  return loadBuffer(room, assetUrl);
}

/** Keeps a decoded buffer the uploader already has, so it isn't downloaded again. */
export function rememberBuffer(room: RoomConnection, assetUrl: string, buf: AudioBuffer): void {
  const ra = roomAudio(room);
  ra.buffers.set(assetUrl, Promise.resolve(buf));
  keepDecoded(ra, assetUrl, buf);
}

export async function putPeaks(room: RoomConnection, assetUrl: string, peaks: Peaks): Promise<void> {
  await fetch(`${assetUrl}/peaks`, {
    method: 'PUT',
    headers: { ...authHeaders(room.token), 'content-type': 'application/octet-stream' },
    body: new Blob([encodePeaks(peaks) as Uint8Array<ArrayBuffer>]),
  }).catch(() => undefined);
}

/** The reference's waveform: the stored sidecar, or computed from the audio when there is none. */
export function loadPeaks(room: RoomConnection, ref: Reference, canEdit: boolean): Promise<Peaks> {
  const url = ref.assetUrl;
  if (!url) return Promise.reject(new Error('This reference has no audio file.'));
  return loadAssetPeaks(room, url, canEdit);
}

/** Any stored audio file's waveform (a reference's, a take's): the sidecar, or computed from the audio. */
export function loadAssetPeaks(room: RoomConnection, url: string, canEdit: boolean): Promise<Peaks> {
  const { peaks } = roomAudio(room);
  let p = peaks.get(url);
  if (!p) {
    p = (async () => {
      const res = await fetch(`${url}/peaks`, { headers: authHeaders(room.token) }).catch(() => undefined);
      if (res?.ok) {
        const decoded = decodePeaks(new Uint8Array(await res.arrayBuffer()));
        if (decoded) return decoded;
      }
      // None stored yet (the uploader's PUT may still be on its way, or it left): compute it here.
      const buf = await loadBuffer(room, url);
      const computed = computePeaks(channelsOf(buf), buf.sampleRate);
      if (canEdit) void putPeaks(room, url, computed);
      return computed;
    })();
    p.catch(() => peaks.delete(url));
    peaks.set(url, p);
  }
  return p;
}

export function rememberPeaks(room: RoomConnection, assetUrl: string, p: Peaks): void {
  roomAudio(room).peaks.set(assetUrl, Promise.resolve(p));
}
