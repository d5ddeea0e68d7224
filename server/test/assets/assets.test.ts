/**
 * F1–F8: the asset store over real HTTP: sniffing, limits while streaming, dedupe, Range, auth.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { sineWav, tinyPng } from '../helpers/media.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

interface Uploaded {
  status: number;
  body: {
    asset?: { id: string; kind: string; mime: string; size: number; name: string; url: string };
    error?: { code: string; message: string };
  };
}

async function upload(s: TestServer, token: string | null, roomId: string, bytes: Uint8Array, name: string, extra = ''): Promise<Uploaded> {
  const res = await fetch(`${s.url}/api/rooms/${roomId}/assets?name=${encodeURIComponent(name)}${extra}`, {
    method: 'POST',
    body: bytes,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Uploaded['body'] };
}

const blobs = (s: TestServer) =>
  fs
    .readdirSync(path.join(s.dataDir, 'assets'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('F asset uploads', () => {
  let room: TestRoom;
  const setup = async (env: Record<string, string> = {}) => {
    server = await startServer({ env });
    room = await server.createRoom();
    return server;
  };

  it('F1 the type comes from the bytes: a real WAV is accepted, a PNG named .wav is refused', async () => {
    const s = await setup();
    const wav = await upload(s, room.token, room.id, sineWav(1), 'take 1.wav');
    expect(wav.status).toBe(201);
    expect(wav.body.asset).toMatchObject({ kind: 'audio', mime: 'audio/wav', name: 'take 1.wav' });
    const fake = await upload(s, room.token, room.id, tinyPng(), 'song.wav');
    expect(fake.status).toBe(415);
    expect(fake.body.error?.code).toBe('type_mismatch');
    const png = await upload(s, room.token, room.id, tinyPng(), 'mood.png');
    expect(png.body.asset).toMatchObject({ kind: 'image', mime: 'image/png' });
  });

  it('F1 SVG, text, empty files and the wrong kind for the place are refused with a reason', async () => {
    const s = await setup();
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await upload(s, room.token, room.id, svg, 'logo.svg')).body.error?.code).toBe('unsupported_type');
    expect((await upload(s, room.token, room.id, new TextEncoder().encode('just text'.repeat(1000)), 'notes.wav')).status).toBe(415);
    const empty = await upload(s, room.token, room.id, new Uint8Array(0), 'nothing.wav');
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/empty/);
    expect((await upload(s, room.token, room.id, sineWav(0.2), 'a.wav', '&expect=image')).body.error?.code).toBe('wrong_kind');
  });

  it('F2 an upload over the limit is cut off while streaming and leaves nothing on disk', async () => {
    const s = await setup({ ASSET_MAX_AUDIO_BYTES: String(200 * 1024) });
    // A WAV header followed by 30 MB, sent chunked with no Content-Length: far more than the socket
    // buffers hold, so the client can only finish sending if the server reads everything.
    const big = new Uint8Array(30 * 1024 * 1024);
    big.set(sineWav(0.5));
    const outcome = await new Promise<{ status?: number; error?: string; sent: number }>((resolve) => {
      let sent = 0;
      const req = http.request(`${s.url}/api/rooms/${room.id}/assets?name=long.wav`, {
        method: 'POST',
        headers: { authorization: `Bearer ${room.token}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode, sent });
      });
      req.on('error', (err) => resolve({ error: err.message, sent }));
      const pump = () => {
        while (sent < big.length) {
          const chunk = big.subarray(sent, sent + 16 * 1024);
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    // Either the 413 arrived before the cut, or the cut came first; both stop far short of the end.
    if (outcome.status !== undefined) expect(outcome.status).toBe(413);
    expect(outcome.sent).toBeLessThan(big.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(blobs(s)).toEqual([]);
    const ok = await upload(s, room.token, room.id, sineWav(1), 'short.wav');
    expect(ok.status).toBe(201);
  });

  it('F3 the same file uploaded twice, even at once, is stored once', async () => {
    const s = await setup();
    const wav = sineWav(2);
    const [a, b] = await Promise.all([upload(s, room.token, room.id, wav, 'a.wav'), upload(s, room.token, room.id, wav, 'b.wav')]);
    expect(a.body.asset?.id).toBe(b.body.asset?.id);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const again = await upload(s, room.token, room.id, wav, 'c.wav');
    expect(again.status).toBe(200);
    expect(blobs(s)).toEqual([a.body.asset!.id]);
  });

  it('F4 downloads serve the right type, immutable caching, nosniff and byte ranges', async () => {
    const s = await setup();
    const wav = sineWav(1);
    const { body } = await upload(s, room.token, room.id, wav, 'x.wav');
    const url = `${s.url}${body.asset!.url}?token=${room.links.viewer.token}`;
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(wav);
    const part = await fetch(url, { headers: { range: 'bytes=100-163' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-163/${wav.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(wav.slice(100, 164));
    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(wav.slice(-10));
    expect((await fetch(url, { headers: { range: `bytes=${wav.length + 5}-` } })).status).toBe(416);
  });

  it('F5 uploads need an editor token; downloads any token of that room, and only for its own files', async () => {
    const s = await setup();
    const wav = sineWav(0.5);
    expect((await upload(s, null, room.id, wav, 'a.wav')).status).toBe(401);
    expect((await upload(s, room.links.viewer.token, room.id, wav, 'a.wav')).status).toBe(403);
    const { body } = await upload(s, room.links.facilitator.token, room.id, wav, 'a.wav');
    const other = await s.createRoom();
    expect((await fetch(`${s.url}${body.asset!.url}`)).status).toBe(401);
    expect((await fetch(`${s.url}${body.asset!.url}?token=${room.links.viewer.token}`)).status).toBe(200);
    // The other room's link, with this room's file id under the other room: not found.
    expect((await fetch(`${s.url}/api/rooms/${other.id}/assets/${body.asset!.id}?token=${other.token}`)).status).toBe(404);
  });

  it('F6 hostile file names are cleaned and never reach the file system', async () => {
    const s = await setup();
    const names = ['../../../etc/passwd.wav', '..\\..\\boot.ini.wav', `${'ü'.repeat(400)}.wav`, 'a\u0000b\u202ec.wav'];
    for (const name of names) {
      const { status, body } = await upload(s, room.token, room.id, sineWav(0.1, 300 + names.indexOf(name)), name);
      expect(status).toBe(201);
      expect(body.asset!.name).not.toMatch(/[\\/\u0000\u202e]/);
      expect([...body.asset!.name].length).toBeLessThanOrEqual(200);
    }
    expect(blobs(s).every((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true);
  });

  it('F7 waveform peaks are stored once by an editor and read by anyone in the room', async () => {
    const s = await setup();
    const { body } = await upload(s, room.token, room.id, sineWav(1), 'x.wav');
    const peaksUrl = `${s.url}${body.asset!.url}/peaks`;
    const peaks = new Uint8Array(2000).map((_, i) => i % 256);
    expect((await fetch(`${peaksUrl}?token=${room.links.viewer.token}`)).status).toBe(404);
    expect((await fetch(`${peaksUrl}?token=${room.links.viewer.token}`, { method: 'PUT', body: peaks })).status).toBe(403);
    expect((await fetch(`${peaksUrl}?token=${room.token}`, { method: 'PUT', body: peaks })).status).toBe(204);
    const got = await fetch(`${peaksUrl}?token=${room.links.viewer.token}`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(peaks);
  });
});
