/** Small real media files made in the test, so nothing binary is checked in. */
import fs from 'node:fs';
import zlib from 'node:zlib';

/** The 44-byte header of a 16-bit PCM WAV holding `dataBytes` of samples. */
function wavHeader(dataBytes: number, rate: number, channels: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A mono 16-bit PCM WAV of a sine tone. */
export function sineWav(seconds: number, freq = 440, rate = 8000): Uint8Array {
  const n = Math.round(seconds * rate);
  const buf = Buffer.concat([wavHeader(n * 2, rate, 1), Buffer.alloc(n * 2)]);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 12000), 44 + i * 2);
  return new Uint8Array(buf);
}

/**
 * A mono 16-bit PCM WAV of silence with a click at each of `onsets` (seconds): a 2.5 kHz cosine
 * under a 4 ms decay, loudest on its first sample, so an onset detector finds it exactly there.
 */
export function clicksWav(onsets: readonly number[], seconds: number, rate = 48000, amplitude = 0.6): Uint8Array {
  const n = Math.round(seconds * rate);
  const samples = new Float32Array(n);
  for (const at of onsets) {
    const start = Math.round(at * rate);
    for (let i = 0; i < Math.round(0.03 * rate) && start + i < n; i++)
      samples[start + i]! += amplitude * Math.cos((2 * Math.PI * 2500 * i) / rate) * Math.exp(-i / rate / 0.004);
  }
  const buf = Buffer.concat([wavHeader(n * 2, rate, 1), Buffer.alloc(n * 2)]);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), 44 + i * 2);
  return new Uint8Array(buf);
}

/**
 * Writes a long 16-bit PCM WAV of a 220 Hz tone to `file` a second at a time (benchmarks use
 * files of ~100 MB, which shouldn't be built in memory); returns its size in bytes.
 */
export function writeSineWavFile(file: string, seconds: number, rate: number, channels: number): number {
  const dataBytes = seconds * rate * channels * 2;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, wavHeader(dataBytes, rate, channels));
    const second = Buffer.alloc(rate * channels * 2);
    for (let i = 0; i < rate; i++) {
      const v = Math.round(Math.sin((2 * Math.PI * 220 * i) / rate) * 8000);
      for (let c = 0; c < channels; c++) second.writeInt16LE(v, (i * channels + c) * 2);
    }
    for (let s = 0; s < seconds; s++) fs.writeSync(fd, second);
  } finally {
    fs.closeSync(fd);
  }
  return 44 + dataBytes;
}

/** A valid 1×1 PNG. */
export function tinyPng(rgb: [number, number, number] = [255, 128, 0]): Uint8Array {
  return solidPng(1, 1, rgb);
}

/** A valid PNG of one colour, `width`×`height` pixels (an image big enough to point at). */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [255, 128, 0]): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = [0, ...Array.from({ length: width }, () => rgb).flat()];
  const raw = Buffer.from(Array.from({ length: height }, () => row).flat());
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** `seconds` of a sine tone as 16-bit integers, one array per channel (every channel the same tone). */
function toneSamples(seconds: number, freq: number, rate: number, channels: number): Int16Array[] {
  const n = Math.round(seconds * rate);
  const ch = new Int16Array(n);
  for (let i = 0; i < n; i++) ch[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 12000);
  return Array.from({ length: channels }, () => ch);
}

/** An IEEE 754 80-bit extended float, as AIFF stores its sample rate (integer rates only). */
function extended80(rate: number): Buffer {
  const out = Buffer.alloc(10);
  const exp = Math.floor(Math.log2(rate));
  out.writeUInt16BE(16383 + exp, 0);
  out.writeBigUInt64BE(BigInt(rate) << BigInt(63 - exp), 2);
  return out;
}

function iffChunk(id: string, data: Buffer, bigEndian = true): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  if (bigEndian) head.writeUInt32BE(data.length, 4);
  else head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/**
 * A 16-bit AIFF of a sine tone (the default bounce of several DAWs): big-endian PCM. With
 * `aifc: 'sowt'` an AIFF-C with little-endian samples, as Logic and Pro Tools write it.
 */
export function sineAiff(
  seconds: number,
  { freq = 440, rate = 44100, channels = 1, aifc }: { freq?: number; rate?: number; channels?: number; aifc?: 'NONE' | 'sowt' } = {},
): Uint8Array {
  const samples = toneSamples(seconds, freq, rate, channels);
  const frames = samples[0]!.length;
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels; c++) {
      const v = samples[c]![i]!;
      if (aifc === 'sowt') data.writeInt16LE(v, (i * channels + c) * 2);
      else data.writeInt16BE(v, (i * channels + c) * 2);
    }
  const comm = Buffer.alloc(18);
  comm.writeInt16BE(channels, 0);
  comm.writeUInt32BE(frames, 2);
  comm.writeInt16BE(16, 6);
  extended80(rate).copy(comm, 8);
  const chunks: Buffer[] = [];
  if (aifc) {
    const fver = Buffer.alloc(4);
    fver.writeUInt32BE(0xa2805140);
    chunks.push(iffChunk('FVER', fver));
    const name = aifc === 'sowt' ? 'little endian' : 'not compressed';
    const pstring = Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1')]);
    chunks.push(
      iffChunk('COMM', Buffer.concat([comm, Buffer.from(aifc, 'latin1'), pstring, pstring.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])),
    );
  } else chunks.push(iffChunk('COMM', comm));
  chunks.push(iffChunk('SSND', Buffer.concat([Buffer.alloc(8), data])));
  const body = Buffer.concat([Buffer.from(aifc ? 'AIFC' : 'AIFF', 'latin1'), ...chunks]);
  return new Uint8Array(iffChunk('FORM', body));
}

/** MSB-first bit writer, as ALAC frames are packed. */
class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >>> i) & 1);
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  finish(): Buffer {
    if (this.n > 0) this.write(0, 8 - this.n);
    return Buffer.from(this.bytes);
  }
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const fullBox = (type: string, ...parts: Buffer[]) => box(type, Buffer.alloc(4), ...parts);
const u32 = (...vs: number[]) => {
  const b = Buffer.alloc(4 * vs.length);
  vs.forEach((v, i) => b.writeUInt32BE(v, i * 4));
  return b;
};
const u16 = (...vs: number[]) => {
  const b = Buffer.alloc(2 * vs.length);
  vs.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
};

const ALAC_FRAME = 4096;

/**
 * An Apple Lossless `.m4a` of a sine tone: a minimal but complete MP4 (ftyp `M4A `, one `alac`
 * track with its magic cookie, sample tables, mdat). Its frames use ALAC's verbatim ("escape")
 * mode — valid ALAC every decoder reads, just not compressed, which is all a test needs.
 */
export function sineAlacM4a(
  seconds: number,
  { freq = 440, rate = 44100, channels = 1 }: { freq?: number; rate?: number; channels?: 1 | 2 } = {},
): Uint8Array {
  const samples = toneSamples(seconds, freq, rate, channels);
  const total = samples[0]!.length;
  const frames: Buffer[] = [];
  for (let start = 0; start < total; start += ALAC_FRAME) {
    const count = Math.min(ALAC_FRAME, total - start);
    const w = new BitWriter();
    w.write(channels === 1 ? 0 : 1, 3); // ID_SCE (mono) or ID_CPE (stereo pair)
    w.write(0, 4); // element instance tag
    w.write(0, 12); // unused
    const partial = count < ALAC_FRAME ? 1 : 0;
    w.write((partial << 3) | 1, 4); // partial frame, 0 bytes shifted, escape (verbatim) flag
    if (partial) w.write(count, 32);
    for (let i = 0; i < count; i++) for (let c = 0; c < channels; c++) w.write(samples[c]![start + i]! & 0xffff, 16);
    w.write(7, 3); // ID_END
    frames.push(w.finish());
  }
  const mdatBody = Buffer.concat(frames);
  const cookie = Buffer.concat([
    u32(ALAC_FRAME),
    Buffer.from([0, 16, 40, 10, 14, channels]),
    u16(255),
    u32(Math.max(...frames.map((f) => f.length))),
    u32(rate * 16 * channels),
    u32(rate),
  ]);
  const sampleEntry = box(
    'alac',
    Buffer.alloc(6),
    u16(1), // data reference index
    Buffer.alloc(8),
    u16(channels, 16, 0, 0),
    u32(rate * 65536),
    fullBox('alac', cookie),
  );
  const duration = total;
  const lastCount = total - (frames.length - 1) * ALAC_FRAME;
  const stts =
    frames.length > 1 && lastCount !== ALAC_FRAME ? u32(2, frames.length - 1, ALAC_FRAME, 1, lastCount) : u32(1, frames.length, lastCount);
  const ftyp = box('ftyp', Buffer.from('M4A ', 'latin1'), u32(0), Buffer.from('M4A mp42isom', 'latin1'));
  const moovFor = (mdatOffset: number): Buffer =>
    box(
      'moov',
      fullBox(
        'mvhd',
        u32(0, 0, rate, duration, 0x00010000),
        u16(0x0100, 0),
        Buffer.alloc(8),
        u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000),
        Buffer.alloc(24),
        u32(2),
      ),
      box(
        'trak',
        box(
          'tkhd',
          u32(0x00000007, 0, 0, 1, 0, duration),
          Buffer.alloc(8),
          u16(0, 0, 0x0100, 0),
          u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000),
          u32(0, 0),
        ),
        box(
          'mdia',
          fullBox('mdhd', u32(0, 0, rate, duration), u16(0x55c4, 0)),
          fullBox('hdlr', u32(0), Buffer.from('soun', 'latin1'), Buffer.alloc(12), Buffer.from('SoundHandler\0', 'latin1')),
          box(
            'minf',
            fullBox('smhd', u32(0)),
            box('dinf', fullBox('dref', u32(1), fullBox('url ', Buffer.alloc(0)))),
            box(
              'stbl',
              fullBox('stsd', u32(1), sampleEntry),
              fullBox('stts', stts),
              fullBox('stsc', u32(1, 1, frames.length, 1)),
              fullBox('stsz', u32(0, frames.length, ...frames.map((f) => f.length))),
              fullBox('stco', u32(1, mdatOffset)),
            ),
          ),
        ),
      ),
    );
  const moovSize = moovFor(0).length;
  const moov = moovFor(ftyp.length + moovSize + 8);
  return new Uint8Array(Buffer.concat([ftyp, moov, box('mdat', mdatBody)]));
}

/** An EBML element: id bytes, a size as an 8-byte vint, the data. */
function ebml(id: number, ...data: (Buffer | string | number)[]): Buffer {
  const body = Buffer.concat(
    data.map((d) => {
      if (typeof d === 'string') return Buffer.from(d, 'latin1');
      if (typeof d === 'number') return Buffer.from([d]);
      return d;
    }),
  );
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(body.length) | (1n << 56n));
  return Buffer.concat([idBytes, size, body]);
}

/**
 * A WebM holding one audio track of `codec` (and a VP8 video track with `video`), laid out as a
 * browser's MediaRecorder writes it. The blocks hold Opus "silence" packets: enough for anything
 * that reads the container; browsers' own recordings are used where the sound matters.
 */
export function webmAudio({ codec = 'A_OPUS', video = false }: { codec?: string; video?: boolean } = {}): Uint8Array {
  const opusHead = Buffer.concat([
    Buffer.from('OpusHead', 'latin1'),
    Buffer.from([1, 1]),
    u16(0x3801).reverse(),
    Buffer.from([0x80, 0xbb, 0, 0]),
    Buffer.from([0, 0, 0]),
  ]);
  const track = (n: number, type: number, id: string, extra: Buffer[]) =>
    ebml(0xae, ebml(0xd7, n), ebml(0x73c5, n), ebml(0x83, type), ebml(0x86, id), ...extra);
  const rate = Buffer.alloc(8);
  rate.writeDoubleBE(48000);
  const tracks = [track(1, 2, codec, [ebml(0x63a2, opusHead), ebml(0xe1, ebml(0xb5, rate), ebml(0x9f, 1))])];
  if (video) tracks.push(track(2, 1, 'V_VP8', [ebml(0xe0, ebml(0xb0, 0, 64), ebml(0xba, 0, 64))]));
  const blocks = Array.from({ length: 50 }, (_, i) =>
    ebml(0xa3, Buffer.from([0x81, (i * 20) >> 8, (i * 20) & 0xff, 0x80, 0xf8, 0xff, 0xfe])),
  );
  return new Uint8Array(
    Buffer.concat([
      ebml(
        0x1a45dfa3,
        ebml(0x4286, 1),
        ebml(0x42f7, 1),
        ebml(0x42f2, 4),
        ebml(0x42f3, 8),
        ebml(0x4282, 'webm'),
        ebml(0x4287, 4),
        ebml(0x4285, 2),
      ),
      ebml(
        0x18538067,
        ebml(0x1549a966, ebml(0x2ad7b1, Buffer.from([0x0f, 0x42, 0x40])), ebml(0x4d80, 'riffboard-test'), ebml(0x5741, 'riffboard-test')),
        ebml(0x1654ae6b, ...tracks),
        ebml(0x1f43b675, ebml(0xe7, 0), ...blocks),
      ),
    ]),
  );
}

/** An `.m4a` whose one sound track's sample entry is `codec` (e.g. `mp4a` for AAC), without real frames. */
export function m4aWithCodec(codec: string): Uint8Array {
  const alac = Buffer.from(sineAlacM4a(0.2));
  // The ALAC builder's sample entry is the only box of that name with a child 'alac' cookie; rename the entry.
  const at = alac.indexOf(Buffer.from('alac', 'latin1'));
  alac.write(codec, at, 'latin1');
  return new Uint8Array(alac);
}
