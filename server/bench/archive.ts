/**
 * Room archive benchmark (server SPEC AR1–AR8): a room with a 10 MB document (3,500 shapes with
 * text on the board) and 200 MB of files (four 50 MB WAV references), exported through
 * `GET /api/rooms/<id>/export` to a file and imported back through `POST /api/rooms/import`.
 * Reports each direction's time and the server's peak RSS growth: the files are streamed, never
 * held whole, so the growth stays far below their 200 MB (aim: under 50 MB). Each direction runs
 * twice; the first also pays one-time costs (code paths warming up, buffer pools growing).
 *
 *   pnpm --filter @riffboard/server exec tsx bench/archive.ts     (also part of `pnpm bench`)
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as Y from 'yjs';
import { PAGE_ID, geoShape, page } from '@riffboard/shared/test/boardRecords';
import { cleanupAll, installCleanupHandlers, makeTempDir } from './cleanup.ts';
import { procCpuMs, procRssKiB } from './procStats.ts';
import { launch, type ServerHandle } from './servers.ts';
import { writeSineWavFile } from '../test/helpers/media.ts';
import { providerClient } from '../test/helpers/clients.ts';
import { waitFor } from '../test/helpers/testServer.ts';

const SHAPES = 3500;
const TEXT_PER_SHAPE = 2800;
const AUDIO_FILES = 4;
// 8 kHz mono 16-bit is 16,000 bytes a second: 3,125 s is 50 MB.
const AUDIO_SECONDS = 3125;

interface Measured {
  readonly ms: number;
  readonly cpuMs: number;
  readonly growthMiB: number;
}

/** Runs `fn` while sampling the server's RSS every 10 ms; returns its time, CPU and peak growth. */
async function measure(server: ServerHandle, fn: () => Promise<void>): Promise<Measured> {
  await new Promise((r) => setTimeout(r, 500));
  const before = procRssKiB(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, procRssKiB(server.pid))), 10);
  const cpu0 = procCpuMs(server.pid);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  return { ms, cpuMs: procCpuMs(server.pid) - cpu0, growthMiB: (Math.max(peak, procRssKiB(server.pid)) - before) / 1024 };
}

function upload(url: string, token: string, file: string): Promise<{ id: string; url: string }> {
  return new Promise((resolve, reject) => {
    const size = fs.statSync(file).size;
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-length': size } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        res.statusCode === 201 || res.statusCode === 200
          ? resolve((JSON.parse(body) as { asset: { id: string; url: string } }).asset)
          : reject(new Error(`upload → ${res.statusCode}: ${body.slice(0, 200)}`)),
      );
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

async function exportTo(base: string, roomId: string, token: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/api/rooms/${roomId}/export`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`export → ${res.statusCode}`));
        const length = Number(res.headers['content-length']);
        pipeline(res, fs.createWriteStream(file)).then(() => {
          const size = fs.statSync(file).size;
          if (size !== length) reject(new Error(`export wrote ${size} bytes, announced ${length}`));
          else resolve(size);
        }, reject);
      })
      .on('error', reject);
  });
}

function importFrom(base: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const size = fs.statSync(file).size;
    const req = http.request(`${base}/api/rooms/import`, { method: 'POST', headers: { 'content-length': size } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        res.statusCode === 201
          ? resolve((JSON.parse(body) as { roomId: string }).roomId)
          : reject(new Error(`import → ${res.statusCode}: ${body.slice(0, 300)}`)),
      );
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

/** Fills the room's board with `SHAPES` shapes carrying text, and adds one reference per file. */
async function fillRoom(
  server: ServerHandle,
  roomId: string,
  token: string,
  files: ReadonlyArray<{ id: string; url: string }>,
): Promise<void> {
  const wsBase = `ws://127.0.0.1:${server.port}/sync`;
  const writer = providerClient(wsBase, { id: roomId, token });
  await writer.synced();
  const board = writer.doc.getMap('board');
  writer.doc.transact(() => board.set(PAGE_ID, page()));
  const text = 'la '.repeat(Math.ceil(TEXT_PER_SHAPE / 3)).slice(0, TEXT_PER_SHAPE);
  // In batches well under one WebSocket message (MAX_MESSAGE_BYTES).
  for (let start = 0; start < SHAPES; start += 250) {
    writer.doc.transact(() => {
      for (let i = start; i < Math.min(SHAPES, start + 250); i++) {
        const s = geoShape(`shape:s${i}`, (i % 60) * 120, Math.floor(i / 60) * 100);
        board.set(s.id, {
          ...s,
          props: {
            ...(s.props as object),
            richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `${i} ${text}` }] }] },
          },
        });
      }
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  writer.doc.transact(() => {
    files.forEach((f, i) => {
      const ref = new Y.Map<unknown>();
      writer.doc.getMap('references').set(`ref${i}`, ref);
      ref.set('kind', 'audio');
      ref.set('title', `Reference ${i + 1}`);
      ref.set('assetId', f.id);
      ref.set('assetUrl', f.url);
      ref.set('addedBy', 'bench');
    });
  });
  // Stored once a fresh client sees all of it.
  const reader = providerClient(wsBase, { id: roomId, token });
  await reader.synced();
  await waitFor(
    () => reader.doc.getMap('board').size === SHAPES + 1 && reader.doc.getMap('references').size === files.length,
    'the room filled',
    120_000,
  );
  reader.destroy();
  writer.destroy();
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const dir = makeTempDir('archive-src');
  const wavs = Array.from({ length: AUDIO_FILES }, (_, i) => {
    const f = path.join(dir, `ref-${i}.wav`);
    writeSineWavFile(f, AUDIO_SECONDS + i, 8000, 1);
    return f;
  });
  const server = await launch('riffboard');
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const roomId = await server.createRoom();
    const token = new URL(server.wsUrl(roomId)).searchParams.get('token') ?? '';
    const files = [];
    for (const f of wavs) files.push(await upload(`${base}/api/rooms/${roomId}/assets?name=${path.basename(f)}`, token, f));
    await fillRoom(server, roomId, token, files);
    const assetBytes = wavs.reduce((s, f) => s + fs.statSync(f).size, 0);
    // Let the room unload, so the export pays for loading it as a real one would.
    await new Promise((r) => setTimeout(r, 1500));

    const archive = path.join(dir, 'room.riffboard.tar');
    let archiveBytes = 0;
    const exports: Measured[] = [];
    for (let run = 0; run < 2; run++)
      exports.push(await measure(server, async () => void (archiveBytes = await exportTo(base, roomId, token, archive))));
    const documentBytes = archiveBytes - assetBytes;
    const imports: Measured[] = [];
    const imported: string[] = [];
    for (let run = 0; run < 2; run++) imports.push(await measure(server, async () => void imported.push(await importFrom(base, archive))));

    const row = (what: string, m: readonly Measured[]) =>
      `| ${what} | ${(m[0]!.ms / 1000).toFixed(2)} s (then ${(m[1]!.ms / 1000).toFixed(2)} s) | ${(archiveBytes / 1e6 / (m[0]!.ms / 1000)).toFixed(0)} MB/s | ${m
        .map((x) => x.cpuMs.toFixed(0))
        .join(' / ')} ms | **${m[0]!.growthMiB.toFixed(1)} MiB** (then ${m[1]!.growthMiB.toFixed(1)} MiB) |`;
    const lines = [
      '## Room archive: export and import of a 10 MB room with 200 MB of files',
      '',
      `Machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(
          ' ',
        )}. Room: ${SHAPES} shapes with text (document ≈ ${(documentBytes / 1e6).toFixed(1)} MB in the archive), ${AUDIO_FILES} WAV references, ${(assetBytes / 1e6).toFixed(0)} MB of files; archive ${(archiveBytes / 1e6).toFixed(0)} MB. Loopback; the bench writes and reads the archive on the same disk.`,
      '',
      '| direction | time (first, then second) | throughput | server CPU (first / second) | **server peak RSS growth** (aim < 50 MB) |',
      '|:--|--:|--:|--:|--:|',
      row('export (`GET …/export` → file; the room loads first)', exports),
      row('import (file → `POST /api/rooms/import`, a new room each time)', imports),
      '',
      `Imported rooms: ${imported.join(', ')}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    cleanupAll();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`archive bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  cleanupAll();
  process.exit(1);
});
