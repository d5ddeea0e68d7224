/**
 * F9–F11: every file a musician bounces, over raw HTTP: AIFF and Apple Lossless are converted to a
 * WAV that holds the same samples; AAC M4A and WebM Opus/Vorbis are stored as sent; a WebM with
 * video, an M4A of another codec, and damaged AIFF/ALAC files are refused with a sentence, leave
 * nothing behind, and the next upload works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { m4aWithCodec, sineAiff, sineAlacM4a, sineWav, webmAudio } from '../helpers/media.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

interface Uploaded {
  status: number;
  body: { asset?: { id: string; kind: string; mime: string; size: number; url: string }; error?: { code: string; message: string } };
}

async function upload(s: TestServer, room: TestRoom, bytes: Uint8Array, name: string): Promise<Uploaded> {
  const res = await fetch(`${s.url}/api/rooms/${room.id}/assets?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body: bytes,
    headers: { authorization: `Bearer ${room.token}` },
  });
  return { status: res.status, body: (await res.json()) as Uploaded['body'] };
}

async function download(s: TestServer, room: TestRoom, url: string): Promise<{ type: string | null; bytes: Buffer }> {
  const res = await fetch(`${s.url}${url}`, { headers: { authorization: `Bearer ${room.token}` } });
  return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A PCM WAV's format and its samples as floats (first channel), read by hand from the stored bytes. */
function readWav(bytes: Buffer): { channels: number; rate: number; bits: number; format: number; first: number[]; frames: number } {
  expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
  expect(bytes.toString('latin1', 8, 12)).toBe('WAVE');
  let at = 12;
  let fmt = { channels: 0, rate: 0, bits: 0, format: 0 };
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ')
      fmt = {
        format: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        rate: bytes.readUInt32LE(at + 12),
        bits: bytes.readUInt16LE(at + 22),
      };
    if (id === 'data') {
      const width = fmt.bits / 8;
      const frames = size / width / fmt.channels;
      const first: number[] = [];
      for (let i = 0; i < frames; i++) {
        const p = at + 8 + i * width * fmt.channels;
        first.push(fmt.bits === 16 ? bytes.readInt16LE(p) : Math.round(bytes.readFloatLE(p) * 32768));
      }
      return { ...fmt, first, frames };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** The tone every generated file holds, as 16-bit values. */
function tone(seconds: number, rate: number, freq = 440): number[] {
  return Array.from({ length: Math.round(seconds * rate) }, (_, i) => Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 12000));
}

const blobs = (s: TestServer) =>
  fs
    .readdirSync(path.join(s.dataDir, 'assets'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('F audio formats', () => {
  it('F9 AIFF, AIFF-C and Apple Lossless are stored as a 16-bit WAV with the same samples, which the download serves', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const cases: [string, Uint8Array, number][] = [
      ['bounce.aif', sineAiff(0.5), 1],
      ['logic bounce.aiff', sineAiff(0.5, { aifc: 'sowt', channels: 2 }), 2],
      ['pro tools.aifc', sineAiff(0.5, { aifc: 'NONE' }), 1],
      ['master.m4a', sineAlacM4a(0.5), 1],
      ['master stereo.m4a', sineAlacM4a(0.5, { channels: 2 }), 2],
    ];
    const ids = new Set<string>();
    for (const [name, bytes, channels] of cases) {
      const up = await upload(server, room, bytes, name);
      // Every format holds the same tone: the mono ones become one WAV, the stereo ones another,
      // so a later one finds its WAV already stored (200) — lossless, byte for byte.
      expect(up.status, `${name}: ${JSON.stringify(up.body)}`).toBe(ids.has(up.body.asset?.id ?? '') ? 200 : 201);
      ids.add(up.body.asset!.id);
      expect(up.body.asset).toMatchObject({ kind: 'audio', mime: 'audio/wav' });
      const got = await download(server, room, up.body.asset!.url);
      expect(got.type).toBe('audio/wav');
      expect(got.bytes.length).toBe(up.body.asset!.size);
      const wav = readWav(got.bytes);
      expect({ format: wav.format, channels: wav.channels, rate: wav.rate, bits: wav.bits }, name).toEqual({
        format: 1,
        channels,
        rate: 44100,
        bits: 16,
      });
      expect(wav.first, name).toEqual(tone(0.5, 44100));
    }
    expect(ids.size).toBe(2);
  });

  it('F10 AAC M4A and WebM with Opus or Vorbis are stored byte for byte as sent', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const cases: [string, Uint8Array, string][] = [
      ['mix.m4a', m4aWithCodec('mp4a'), 'audio/mp4'],
      ['voice memo.webm', webmAudio(), 'audio/webm'],
      ['idea.webm', webmAudio({ codec: 'A_VORBIS' }), 'audio/webm'],
    ];
    for (const [name, bytes, mime] of cases) {
      const up = await upload(server, room, bytes, name);
      expect(up.status, `${name}: ${JSON.stringify(up.body)}`).toBe(201);
      expect(up.body.asset?.mime).toBe(mime);
      expect((await download(server, room, up.body.asset!.url)).bytes.equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('F10 a WebM with video, a WebM or M4A of a codec browsers do not play, and a WAV named .aiff are refused with a sentence', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const video = await upload(server, room, webmAudio({ video: true }), 'screen recording.webm');
    expect(video.status).toBe(415);
    expect(video.body.error?.message).toBe('That WebM file has video in it; upload its audio only (Opus or Vorbis).');
    const flacInWebm = await upload(server, room, webmAudio({ codec: 'A_AC3' }), 'x.webm');
    expect(flacInWebm.body.error?.message).toMatch(/A_AC3; Riffboard plays WebM with Opus or Vorbis\./);
    const ac3 = await upload(server, room, m4aWithCodec('ac-3'), 'surround.m4a');
    expect(ac3.status).toBe(415);
    expect(ac3.body.error?.message).toMatch(/“ac-3”; Riffboard plays M4A with AAC or Apple Lossless\./);
    const named = await upload(server, room, sineWav(0.2), 'take.aiff');
    expect(named.body.error?.code).toBe('type_mismatch');
    expect(blobs(server)).toEqual([]);
  });

  it('F11 damaged AIFF and Apple Lossless files are refused with a sentence, store nothing, and the server goes on', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const alac = Buffer.from(sineAlacM4a(0.5));
    // The frames are overwritten with noise: the container reads, the ALAC inside doesn't.
    const mdat = alac.indexOf(Buffer.from('mdat', 'latin1'));
    const noisy = Buffer.from(alac);
    for (let i = mdat + 4; i < noisy.length; i++) noisy[i] = (i * 7919) & 0xff;
    // Cut off in the middle of its header.
    const cut = Buffer.from(sineAlacM4a(0.5)).subarray(0, 300);
    const aiff = Buffer.from(sineAiff(0.5));
    // The sample-format chunk claims 0 channels.
    const noChannels = Buffer.from(aiff);
    noChannels.writeInt16BE(0, aiff.indexOf(Buffer.from('COMM', 'latin1')) + 8);
    for (const [name, bytes] of [
      ['noisy.m4a', noisy],
      ['cut.m4a', cut],
      ['no channels.aif', noChannels],
    ] as const) {
      const up = await upload(server, room, new Uint8Array(bytes), name);
      expect([415, 422], `${name}: ${JSON.stringify(up.body)}`).toContain(up.status);
      expect(up.body.error?.message, name).toMatch(/^That .+\.$/);
    }
    expect(blobs(server)).toEqual([]);
    const ok = await upload(server, room, sineAiff(0.2), 'fine.aif');
    expect(ok.status).toBe(201);
  });
});
