/**
 * What audio a container holds, read from its structure without decoding anything: the codecs of
 * an MP4's sound tracks (`alac` vs `mp4a`…) and of a WebM's tracks (an audio codec, no video).
 * The magic number says "MP4" or "WebM"; only this says whether a browser can play it as audio,
 * and whether it must be converted first (Apple Lossless, which no browser but Safari decodes).
 *
 * Untrusted bytes: every length is checked against what is there, walks are bounded in depth and
 * count, and anything that doesn't parse reads as "no audio found" — never an exception.
 */

/** How many boxes/elements a walk looks at before giving up (a hostile file of tiny boxes). */
const MAX_NODES = 100_000;

/** The sample-entry codes of an MP4's sound tracks (`hdlr` type `soun`), e.g. `['alac']`. */
export function mp4AudioCodecs(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  let budget = MAX_NODES;
  /** The boxes in [start, end): type, body start, end. */
  const children = (start: number, end: number): { type: string; body: number; end: number }[] => {
    const out: { type: string; body: number; end: number }[] = [];
    let at = start;
    while (at + 8 <= end && budget-- > 0) {
      let size = view.getUint32(at);
      let header = 8;
      if (size === 1) {
        if (at + 16 > end) break;
        const big = view.getBigUint64(at + 8);
        size = big > BigInt(end - at) ? end - at + 1 : Number(big);
        header = 16;
      } else if (size === 0) size = end - at; // to the end of the enclosing box
      if (size < header || at + size > end) break;
      out.push({ type: text(at + 4), body: at + header, end: at + size });
      at += size;
    }
    return out;
  };
  const child = (box: { body: number; end: number }, type: string) => children(box.body, box.end).find((c) => c.type === type);
  const codecs: string[] = [];
  const moov = children(0, bytes.length).find((b) => b.type === 'moov');
  if (!moov) return codecs;
  for (const trak of children(moov.body, moov.end).filter((b) => b.type === 'trak')) {
    const mdia = child(trak, 'mdia');
    const hdlr = mdia && child(mdia, 'hdlr');
    // hdlr: version/flags (4), pre_defined (4), handler type (4).
    if (!mdia || !hdlr || hdlr.body + 12 > hdlr.end || text(hdlr.body + 8) !== 'soun') continue;
    const minf = child(mdia, 'minf');
    const stbl = minf && child(minf, 'stbl');
    const stsd = stbl && child(stbl, 'stsd');
    // stsd: version/flags (4), entry count (4), then the sample entries as boxes.
    if (!stsd || stsd.body + 8 > stsd.end) continue;
    for (const entry of children(stsd.body + 8, stsd.end)) codecs.push(entry.type);
  }
  return codecs;
}

/** A WebM/Matroska track: its type (1 video, 2 audio, …) and codec id (`A_OPUS`, `V_VP8`…). */
export interface WebmTrack {
  readonly type: number | undefined;
  readonly codec: string | undefined;
}

const EBML_ID = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const CODEC_ID = 0x86;
const CLUSTER = 0x1f43b675;

/** The tracks of a WebM file (DocType `webm`), or null when it isn't one. */
export function webmTracks(bytes: Uint8Array): WebmTrack[] | null {
  let budget = MAX_NODES;
  /** A variable-length integer at `at`: its value and length; `marker` keeps the length bits (element ids do). */
  const vint = (at: number, marker: boolean): { value: number; len: number; unknown: boolean } | null => {
    const first = bytes[at];
    if (first === undefined || first === 0) return null;
    const len = Math.clz32(first) - 23;
    if (len > 8 || at + len > bytes.length) return null;
    let value = marker ? first : first & (0xff >> len);
    let allOnes = value === 0xff >> len;
    for (let i = 1; i < len; i++) {
      const b = bytes[at + i]!;
      value = value * 256 + b;
      if (b !== 0xff) allOnes = false;
    }
    return { value, len, unknown: !marker && allOnes };
  };
  /** The elements in [start, end): id, data start, data end (an unknown size runs to `end`). */
  const elements = (start: number, end: number): { id: number; data: number; end: number }[] => {
    const out: { id: number; data: number; end: number }[] = [];
    let at = start;
    while (at < end && budget-- > 0) {
      const id = vint(at, true);
      const size = id && vint(at + id.len, false);
      if (!id || !size) break;
      const data = at + id.len + size.len;
      const stop = size.unknown ? end : data + size.value;
      if (stop > end) {
        // Cut short (a file still being sniffed, or truncated): keep what is whole.
        out.push({ id: id.value, data, end });
        break;
      }
      out.push({ id: id.value, data, end: stop });
      at = stop;
    }
    return out;
  };
  const ascii = (e: { data: number; end: number }): string =>
    String.fromCharCode(...bytes.subarray(e.data, Math.min(e.end, e.data + 64))).replace(/\0+$/, '');
  const uint = (e: { data: number; end: number }): number => {
    let v = 0;
    for (let i = e.data; i < e.end && i < e.data + 6; i++) v = v * 256 + bytes[i]!;
    return v;
  };
  const top = elements(0, bytes.length);
  const header = top[0];
  if (header?.id !== EBML_ID) return null;
  const docType = elements(header.data, header.end).find((e) => e.id === DOC_TYPE);
  if (!docType || ascii(docType) !== 'webm') return null;
  const segment = top.find((e) => e.id === SEGMENT);
  if (!segment) return [];
  const tracks: WebmTrack[] = [];
  for (const level1 of elements(segment.data, segment.end)) {
    if (level1.id === CLUSTER) break; // tracks come before the media
    if (level1.id !== TRACKS) continue;
    for (const entry of elements(level1.data, level1.end).filter((e) => e.id === TRACK_ENTRY)) {
      const fields = elements(entry.data, entry.end);
      const type = fields.find((f) => f.id === TRACK_TYPE);
      const codec = fields.find((f) => f.id === CODEC_ID);
      tracks.push({ type: type && uint(type), codec: codec && ascii(codec) });
    }
  }
  return tracks;
}

/** Audio codecs of WebM that browsers play. */
const WEBM_AUDIO_CODECS = new Set(['A_OPUS', 'A_VORBIS']);

/** Why a WebM file is not audio Riffboard plays, or undefined when it is (Opus or Vorbis, no video). */
export function webmRefusal(tracks: readonly WebmTrack[] | null): string | undefined {
  if (tracks === null) return 'That file is not a WebM file.';
  if (tracks.some((t) => t.type === 1)) return 'That WebM file has video in it; upload its audio only (Opus or Vorbis).';
  const audio = tracks.filter((t) => t.type === 2);
  if (audio.length === 0) return 'That WebM file has no audio track.';
  const other = audio.find((t) => !WEBM_AUDIO_CODECS.has(t.codec ?? ''));
  if (other) return `That WebM file’s audio is ${other.codec ?? 'in an unknown codec'}; Riffboard plays WebM with Opus or Vorbis.`;
  return undefined;
}
