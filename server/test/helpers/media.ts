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
