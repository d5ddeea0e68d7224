/**
 * Asset store benchmark: stream a ~98 MB file (a 10-minute 41 kHz stereo WAV) into
 * Riffboard and report upload throughput and the server's peak RSS growth — streaming means the
 * growth stays far below the file's size (aim: under 30 MB). Then the latency that decides time to
 * first audio for that 10-minute reference: the first ranged chunk a streaming player needs, next
 * to a full download (what a player that fetches the whole file waits for).
 *
 *   pnpm --filter @riffboard/server exec tsx bench/upload.ts     (also part of `pnpm bench`)
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { cleanupAll, installCleanupHandlers, makeTempDir } from './cleanup.ts';
import { procCpuMs, procRssKiB } from './procStats.ts';
import { launch } from './servers.ts';
import { writeSineWavFile } from '../test/helpers/media.ts';
import { median } from './stats.ts';

const SECONDS = 600;
// 41 kHz stereo keeps ten minutes just under the 100 MiB audio limit (44.1 kHz would be 106 MB).
const RATE = 41_000;
const CHANNELS = 2;
const FIRST_CHUNK = 256 * 1024;

function upload(url: string, token: string, file: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-length': size } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

/** ms until `bytes` of the asset have arrived (the whole file when `bytes` is undefined). */
function timedGet(url: string, range: string | undefined): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: range ? { range } : {} }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const dir = makeTempDir('upload-src');
  const file = path.join(dir, 'ten-minutes.wav');
  const size = writeSineWavFile(file, SECONDS, RATE, CHANNELS);
  const server = await launch('riffboard');
  // Right after /healthz answers: anything moved to startup to flatter the upload figures shows here.
  const startupRss = procRssKiB(server.pid);
  try {
    const roomId = await server.createRoom();
    const token = new URL(server.wsUrl(roomId)).searchParams.get('token') ?? '';
    const base = `http://127.0.0.1:${server.port}/api/rooms/${roomId}/assets`;
    // Three uploads of the same file: the first also pays one-time costs (code paths warming up,
    // buffer pools growing), so the steady-state growth is the later runs'. A later run's growth is
    // measured from the RSS the earlier ones left behind, so the RSS after all three is reported too.
    const growth: number[] = [];
    const times: number[] = [];
    const cpu: number[] = [];
    let res = { status: 0, body: '' };
    let baseline = 0;
    for (let run = 0; run < 3; run++) {
      await new Promise((r) => setTimeout(r, 500));
      const before = procRssKiB(server.pid);
      if (run === 0) baseline = before;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, procRssKiB(server.pid))), 10);
      const cpu0 = procCpuMs(server.pid);
      const t0 = performance.now();
      res = await upload(`${base}?name=ten-minutes.wav`, token, file, size);
      times.push(performance.now() - t0);
      cpu.push(procCpuMs(server.pid) - cpu0);
      clearInterval(sampler);
      growth.push((Math.max(peak, procRssKiB(server.pid)) - before) / 1024);
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload → ${res.status}: ${res.body.slice(0, 200)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    const afterUploads = procRssKiB(server.pid);
    const uploadMs = times[0] ?? Number.NaN;
    const asset = (JSON.parse(res.body) as { asset: { url: string } }).asset;
    const assetUrl = `http://127.0.0.1:${server.port}${asset.url}?token=${encodeURIComponent(token)}`;

    const first: number[] = [];
    const middle: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      first.push((await timedGet(assetUrl, `bytes=0-${FIRST_CHUNK - 1}`)).ms);
      const mid = Math.floor(size / 2);
      middle.push((await timedGet(assetUrl, `bytes=${mid}-${mid + FIRST_CHUNK - 1}`)).ms);
    }
    for (let i = 0; i < 3; i++) full.push((await timedGet(assetUrl, undefined)).ms);

    const mb = size / 1e6;
    const lines = [
      '## Asset store: 100 MB upload and a 10-minute reference',
      '',
      `Machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}. File: ${mb.toFixed(1)} MB WAV (10 min, 41 kHz stereo), streamed with Content-Length.`,
      '',
      '| measure | value |',
      '|:--|--:|',
      `| upload time (first; then ${times
        .slice(1)
        .map((t) => (t / 1000).toFixed(2))
        .join(', ')} s) | ${(uploadMs / 1000).toFixed(2)} s |`,
      `| upload throughput | ${(mb / (uploadMs / 1000)).toFixed(0)} MB/s |`,
      `| server CPU time per upload (first / second / third) | ${cpu.map((c) => c.toFixed(0)).join(' / ')} ms |`,
      `| server RSS right after startup → before the first upload | ${(startupRss / 1024).toFixed(1)} → ${(baseline / 1024).toFixed(1)} MiB |`,
      `| **server peak RSS growth during the first upload** (aim < 30 MB) | ${(growth[0] ?? Number.NaN).toFixed(1)} MiB |`,
      `| server peak RSS growth during the second upload (steady state; third: ${(growth[2] ?? Number.NaN).toFixed(1)} MiB) | ${(growth[1] ?? Number.NaN).toFixed(1)} MiB |`,
      `| server RSS kept after the three uploads (vs before the first) | +${((afterUploads - baseline) / 1024).toFixed(1)} MiB |`,
      `| first 256 KiB of the reference (Range, what a streaming player needs to start), median of 5 | ${median(first).toFixed(1)} ms |`,
      `| 256 KiB from the middle (a seek), median of 5 | ${median(middle).toFixed(1)} ms |`,
      `| the whole file (what a player that downloads everything waits for), median of 3 | ${median(full).toFixed(0)} ms |`,
      '',
      'Loopback only: the network time a real connection adds scales with the bytes fetched, so the ratio of the last row to the first is what a slow link multiplies.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    cleanupAll();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`upload bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  cleanupAll();
  process.exit(1);
});
