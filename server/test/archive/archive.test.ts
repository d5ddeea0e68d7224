/**
 * AR1–AR9: room archives over raw HTTP. The round trip gives an equal document and byte-identical
 * files; every hostile archive is refused with a sentence, leaving no room, no file and no
 * temporary file behind, and other rooms as they were.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTempoPoint, SCHEMA_VERSION, setMeterAtBar } from '@riffboard/shared';
import { PAGE_ID, geoShape, geoShapeWithStringWidth, page } from '@riffboard/shared/test/boardRecords';
import { startServer, tokenOfLink, type RoomRef, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { providerClient } from '../helpers/clients.ts';
import { sineWav, tinyPng } from '../helpers/media.ts';
import {
  archiveEntries,
  buildTar,
  exportRoom,
  filesUnder,
  importArchive,
  manifestFor,
  readTar,
  roomCount,
  sha256,
  type Imported,
} from '../helpers/archives.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function upload(s: TestServer, room: RoomRef, bytes: Uint8Array, name: string): Promise<{ id: string; url: string }> {
  const res = await fetch(`${s.url}/api/rooms/${room.id}/assets?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body: bytes,
    headers: { authorization: `Bearer ${room.token}` },
  });
  return ((await res.json()) as { asset: { id: string; url: string } }).asset;
}

function imageRecords(assetUrl: string, hash: string): Array<Record<string, unknown> & { id: string }> {
  return [
    {
      id: 'asset:mood',
      typeName: 'asset',
      type: 'image',
      meta: { assetStoreId: hash },
      props: { name: 'mood.png', src: assetUrl, w: 1, h: 1, mimeType: 'image/png', isAnimated: false, fileSize: 70 },
    },
    {
      ...geoShape('shape:img'),
      type: 'image',
      props: {
        w: 200,
        h: 200,
        playing: true,
        url: '',
        assetId: 'asset:mood',
        crop: null,
        flipX: false,
        flipY: false,
        altText: '',
      },
    },
  ];
}

/** The room's document as a client sees it once synced. */
async function roomJson(s: TestServer, room: RoomRef): Promise<Record<string, unknown>> {
  const c = providerClient(s.wsUrl, room);
  await c.synced();
  const json: Record<string, unknown> = {};
  for (const name of ['meta', 'board', 'tempo', 'tempoPoints', 'tempoMeters', 'references', 'referenceComments', 'backlog', 'facilitation'])
    json[name] = c.doc.getMap(name).toJSON();
  c.destroy();
  return json;
}

/** A room with a board image, an audio reference, a shape and a tempo section, written by a client. */
async function richRoom(s: TestServer): Promise<{ room: TestRoom; png: Uint8Array; wav: Uint8Array }> {
  const room = await s.createRoom('Night session');
  const png = tinyPng([10, 200, 30]);
  const wav = sineWav(1);
  const image = await upload(s, room, png, 'mood.png');
  const audio = await upload(s, room, wav, 'ref.wav');
  const c = providerClient(s.wsUrl, room);
  await c.synced();
  c.doc.transact(() => {
    const board = c.doc.getMap('board');
    board.set(PAGE_ID, page());
    board.set('shape:box', geoShape('shape:box', 40, 50));
    for (const r of imageRecords(image.url, image.id)) board.set(r.id, r);
    const ref = new Y.Map<unknown>();
    c.doc.getMap('references').set('ref1', ref);
    ref.set('kind', 'audio');
    ref.set('title', 'Groove reference');
    ref.set('assetId', audio.id);
    ref.set('assetUrl', audio.url);
    ref.set('addedBy', 'Ana');
    const section = new Y.Map<unknown>();
    c.doc.getMap('tempo').set('sec1', section);
    section.set('name', 'Verse');
    section.set('bars', 8);
    // The v3 tempo track: a ramp from bar 1 to a jump at bar 5, and 7/8 from bar 7.
    addTempoPoint(c.doc, { bar: 1, beat: 1, tick: 0, bpm: 100, shape: 'ramp' }, 'local', 'p1');
    addTempoPoint(c.doc, { bar: 5, beat: 3, tick: 120, bpm: 128, shape: 'jump' }, 'local', 'p5');
    setMeterAtBar(c.doc, { bar: 7, numerator: 7, denominator: 8 }, 'local');
  });
  // A client's edits are stored before anyone else sees them; a second client confirms they are in.
  const check = providerClient(s.wsUrl, room);
  await check.synced();
  expect(check.doc.getMap('references').size).toBe(1);
  check.destroy();
  c.destroy();
  return { room, png, wav };
}

const replaceRoomId = (json: unknown, from: string, to: string): unknown =>
  JSON.parse(JSON.stringify(json).split(`/api/rooms/${from}/`).join(`/api/rooms/${to}/`));

describe('X room archives: export and import round trip', () => {
  it('AR1 AR6 export → import gives an equal document and byte-identical files, and the importer is the new room’s facilitator', async () => {
    const s = (server = await startServer());
    const { room, png, wav } = await richRoom(s);
    const exported = await exportRoom(s, room.links.viewer);
    expect(exported.status).toBe(200);
    expect(exported.type).toBe('application/x-tar');
    expect(exported.bytes.length).toBe(exported.length);

    const entries = await readTar(exported.bytes);
    expect(entries.map((e) => e.name)).toEqual([
      'manifest.json',
      'document.yjs',
      ...[`assets/${sha256(png)}`, `assets/${sha256(wav)}`].sort(),
    ]);
    const manifest = JSON.parse(entries[0]!.data.toString('utf8')) as {
      schemaVersion: number;
      title: string;
      entries: Array<{ name: string; size: number; sha256: string }>;
    };
    expect(manifest).toMatchObject({ format: 1, schemaVersion: SCHEMA_VERSION, title: 'Night session' });
    for (const e of entries.slice(1))
      expect(manifest.entries.find((m) => m.name === e.name)).toEqual({ name: e.name, size: e.data.length, sha256: sha256(e.data) });

    const imported = await importArchive(s, exported.bytes);
    expect(imported.status).toBe(201);
    const newId = imported.body.roomId!;
    expect(newId).not.toBe(room.id);
    expect(imported.body.title).toBe('Night session');
    const facilitator = { id: newId, token: tokenOfLink(imported.body.links!.facilitator!) };
    const info = (await (
      await fetch(`${s.url}/api/rooms/${newId}`, { headers: { authorization: `Bearer ${facilitator.token}` } })
    ).json()) as { role: string };
    expect(info.role).toBe('facilitator');
    expect(Object.keys(imported.body.links!).sort()).toEqual(['editor', 'facilitator', 'viewer']);

    const copied = await roomJson(s, facilitator);
    expect(copied).toEqual(replaceRoomId(await roomJson(s, room), room.id, newId));
    expect(copied.tempoPoints).toMatchObject({ p1: { bar: 1, bpm: 100, shape: 'ramp' }, p5: { bar: 5, beat: 3, tick: 120, bpm: 128 } });
    expect(Object.values(copied.tempoMeters as object)).toMatchObject([{ bar: 7, numerator: 7, denominator: 8 }]);
    for (const bytes of [png, wav]) {
      const res = await fetch(`${s.url}/api/rooms/${newId}/assets/${sha256(bytes)}`, {
        headers: { authorization: `Bearer ${facilitator.token}` },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    }
    // And the new room exports the same files again.
    const again = await readTar((await exportRoom(s, facilitator)).bytes);
    expect(again.slice(2)).toEqual(entries.slice(2));
  });

  it('AR1 a download abandoned half-way stops the export and harms nothing: the next export is whole', async () => {
    const s = (server = await startServer());
    const room = await s.createRoom();
    const wav = sineWav(200); // 3.2 MB: many chunks
    const audio = await upload(s, room, wav, 'long.wav');
    const c = providerClient(s.wsUrl, room);
    await c.synced();
    const ref = new Y.Map<unknown>();
    c.doc.getMap('references').set('long', ref);
    ref.set('assetUrl', audio.url);
    const check = providerClient(s.wsUrl, room);
    await check.synced();
    check.destroy();
    c.destroy();
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${s.url}/api/rooms/${room.id}/export`, { headers: { authorization: `Bearer ${room.token}` } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > 256 * 1024) {
            req.destroy();
            resolve(bytes);
          }
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    });
    expect(received).toBeLessThan(wav.length);
    const whole = await exportRoom(s, room);
    expect(whole.bytes.length).toBe(whole.length);
    const entries = await readTar(whole.bytes);
    expect(entries.find((e) => e.name === `assets/${sha256(wav)}`)?.data.equals(Buffer.from(wav))).toBe(true);
  });

  it('AR1 a viewer may export; no token, or another room’s token, may not', async () => {
    const s = (server = await startServer());
    const a = await s.createRoom();
    const b = await s.createRoom();
    expect((await exportRoom(s, a.links.viewer)).status).toBe(200);
    expect((await exportRoom(s, { id: a.id, token: b.token })).status).toBe(401);
    expect((await exportRoom(s, { id: a.id, token: '' })).status).toBe(401);
  });

  it('AR8 A5 an import counts as a room creation against the address’s limit', async () => {
    const s = (server = await startServer({ env: { ROOM_CREATIONS_PER_IP_PER_MINUTE: '1' } }));
    const d = new Y.Doc();
    d.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
    const archive = await buildTar(archiveEntries(Y.encodeStateAsUpdate(d), []));
    expect((await importArchive(s, archive)).status).toBe(201);
    const limited = await importArchive(s, archive);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.message).toMatch(/Too many new rooms from your address; try again in \d+ s\./);
    expect((await fetch(`${s.url}/api/rooms`, { method: 'POST', body: '{}' })).status).toBe(429);
  });

  it('AR3 an archive of an older room schema is imported and migrated (v1 tempo sections arrive as v2 sections)', async () => {
    const s = (server = await startServer());
    const v1 = new Y.Doc();
    v1.getMap('meta').set('schemaVersion', 1);
    v1.getMap('meta').set('title', 'Old song');
    v1.getArray('tempoSections').push([{ id: 'intro', name: 'Intro', bars: 4 }]);
    const doc = Y.encodeStateAsUpdate(v1);
    const imported = await importArchive(s, await buildTar(archiveEntries(doc, [], { schemaVersion: 1 })));
    expect(imported.status).toBe(201);
    const json = await roomJson(s, { id: imported.body.roomId!, token: tokenOfLink(imported.body.links!.editor!) });
    expect(json.meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Old song' });
    expect(json.tempo).toMatchObject({ intro: { name: 'Intro', bars: 4 } });
  });

  it('AR3 a v2 archive (tempo and meter on the sections) arrives as the v3 form, tempo track and meter changes', async () => {
    const s = (server = await startServer());
    const v2 = new Y.Doc();
    v2.getMap('meta').set('schemaVersion', 2);
    v2.getMap('meta').set('title', 'Ramp song');
    const section = (id: string, fields: Record<string, unknown>): void => {
      v2.getMap('tempo').set(id, new Y.Map<unknown>(Object.entries(fields)));
    };
    section('verse', { name: 'Verse', order: 'a0', bars: 8, bpm: 100, ramp: 'linear', meterNumerator: 4, meterDenominator: 4 });
    section('chorus', { name: 'Chorus', order: 'a1', bars: 4, bpm: 128, ramp: 'none', meterNumerator: 6, meterDenominator: 8 });
    const imported = await importArchive(s, await buildTar(archiveEntries(Y.encodeStateAsUpdate(v2), [], { schemaVersion: 2 })));
    expect(imported.status).toBe(201);
    const json = await roomJson(s, { id: imported.body.roomId!, token: tokenOfLink(imported.body.links!.editor!) });
    expect(json.meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Ramp song' });
    expect(json.tempo).toMatchObject({ verse: { name: 'Verse', bars: 8 }, chorus: { name: 'Chorus', bars: 4 } });
    // The v2 ramp is linear in time, kept exactly as a timeRamp to the chorus's tempo.
    const points = Object.values(json.tempoPoints as object) as Array<{ bar: number; bpm: number; shape: string }>;
    expect(points.map((p) => [p.bar, p.bpm, p.shape]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 100, 'timeRamp'],
      [9, 128, 'jump'],
    ]);
    const meters = Object.values(json.tempoMeters as object) as Array<{ bar: number; numerator: number; denominator: number }>;
    expect(meters.map((m) => [m.bar, `${m.numerator}/${m.denominator}`]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, '4/4'],
      [9, '6/8'],
    ]);
  });
});

describe('X hostile archives are refused with a sentence and leave nothing behind', () => {
  const LIMITS = { IMPORT_MAX_BYTES: String(256 * 1024), IMPORT_MAX_ENTRIES: '6' };
  let s: TestServer;
  let other: TestRoom;
  let before: { rooms: number; files: string[] };
  let goodDoc: Uint8Array;
  const png = tinyPng([1, 2, 3]);

  const setup = async (): Promise<void> => {
    s = server = await startServer({ env: LIMITS });
    ({ room: other } = await richRoom(s));
    const d = new Y.Doc();
    d.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
    d.getMap('meta').set('title', 'Evil');
    d.getMap('references').set('r', new Y.Map());
    (d.getMap('references').get('r') as Y.Map<unknown>).set('assetUrl', `/api/rooms/x/assets/${sha256(png)}`);
    goodDoc = Y.encodeStateAsUpdate(d);
    before = { rooms: roomCount(s), files: filesUnder(s.dataDir) };
  };

  /** Sends `bytes`, expects the refusal, and checks that nothing changed. */
  const refused = async (bytes: Uint8Array, status: number, code: string, sentence: RegExp): Promise<Imported> => {
    const res = await importArchive(s, bytes);
    expect(res.body.error?.message).toMatch(sentence);
    expect(res.body.error?.code).toBe(code);
    expect(res.status).toBe(status);
    await expectNothingLeft();
    return res;
  };

  const expectNothingLeft = async (): Promise<void> => {
    expect(roomCount(s)).toBe(before.rooms);
    expect(filesUnder(s.dataDir)).toEqual(before.files);
    expect(fs.readdirSync(path.dirname(s.dataDir)).filter((f) => /evil|passwd/.test(f))).toEqual([]);
    // The room that was there is as it was, files and all.
    const again = await exportRoom(s, other);
    expect(again.status).toBe(200);
    expect((await readTar(again.bytes)).length).toBe(4);
  };

  it('AR9 a valid archive passes the same gate (the refusals below are each for their own reason)', async () => {
    await setup();
    const ok = await importArchive(s, await buildTar(archiveEntries(goodDoc, [png])));
    expect(ok.status).toBe(201);
  });

  it('AR2 path traversal, absolute and odd entry names are refused, and nothing is written anywhere', async () => {
    await setup();
    for (const name of ['../../evil.txt', '/etc/passwd', `assets/../../evil`, `./document.yjs`, 'assets/EVIL', 'document.yjs/..']) {
      const entries = archiveEntries(goodDoc, [png]);
      entries.push({ name, data: new Uint8Array([1, 2, 3]) });
      await refused(await buildTar(entries), 400, 'bad_archive', /entry named “.*”, which a room archive can’t hold/);
    }
  });

  it('AR2 duplicate entries, links, directories and a manifest that is not first are refused', async () => {
    await setup();
    const dup = archiveEntries(goodDoc, [png]);
    dup.push({ name: `assets/${sha256(png)}`, data: png });
    await refused(await buildTar(dup), 400, 'bad_archive', /holds the file [0-9a-f]{12}… twice/);
    const link = archiveEntries(goodDoc, []);
    link.push({ name: 'document.yjs', type: 'symlink', linkname: '/etc/passwd' });
    await refused(await buildTar(link), 400, 'bad_archive', /not a plain file/);
    const dir = [{ name: 'assets/', type: 'directory' as const }, ...archiveEntries(goodDoc, [png])];
    await refused(await buildTar(dir), 400, 'bad_archive', /not a plain file/);
    const [manifest, document, asset] = archiveEntries(goodDoc, [png]);
    await refused(await buildTar([document!, manifest!, asset!]), 400, 'bad_archive', /first entry must be its manifest/);
    await refused(
      Buffer.from('this is not a tar file at all, just text that goes on for a while'.repeat(20)),
      400,
      'bad_archive',
      /not a Riffboard room archive/,
    );
  });

  it('AR3 a newer archive format or room schema is refused, and so is a document whose schema the manifest misstates', async () => {
    await setup();
    await refused(
      await buildTar(archiveEntries(goodDoc, [png], { format: 2 })),
      422,
      'archive_version',
      /newer Riffboard \(archive format 2\)/,
    );
    const future = new Y.Doc();
    future.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const fdoc = Y.encodeStateAsUpdate(future);
    await refused(await buildTar(archiveEntries(fdoc, [], { schemaVersion: SCHEMA_VERSION + 1 })), 422, 'archive_version', /room schema/);
    await refused(await buildTar(archiveEntries(fdoc, [])), 422, 'archive_damaged', /schema version .* manifest says/);
  });

  it('AR4 archive bombs: too many entries, a declared size over the limit, and an upload over the limit are refused', async () => {
    await setup();
    const many = Array.from({ length: 6 }, (_, i) => tinyPng([i, i, i]));
    await refused(await buildTar(archiveEntries(goodDoc, many)), 413, 'archive_too_large', /holds 8 entries; this server takes at most 6/);
    // The manifest claims a 10 GB file: refused before a byte of it is read.
    const bomb = archiveEntries(goodDoc, [png]);
    const m = JSON.parse(Buffer.from(bomb[0]!.data!).toString()) as { entries: Array<{ size: number }> };
    m.entries[1]!.size = 10 * 1024 ** 3;
    bomb[0] = { name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) };
    await refused(await buildTar(bomb), 413, 'archive_too_large', /unpacks to 10240 MB/);
    // Entries the manifest doesn't list can't be used to get past the count either.
    const unlisted = archiveEntries(goodDoc, [png]);
    for (let i = 0; i < 6; i++) unlisted.push({ name: `assets/${'0'.repeat(63)}${i}`, data: new Uint8Array(1) });
    await refused(await buildTar(unlisted), 422, 'archive_damaged', /manifest doesn’t list/);
    // Content-Length over the limit: refused from the header.
    const big = await buildTar(archiveEntries(goodDoc, [new Uint8Array(300 * 1024).fill(7)]));
    await refused(big, 413, 'archive_too_large', /That archive is 303 KB; this server takes archives up to 256 KB/);
  });

  it('AR4 an upload that passes the limit without announcing its length is cut off, and nothing stays', async () => {
    await setup();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${s.url}/api/rooms/import`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      void (async () => {
        const tarBytes = await buildTar(archiveEntries(goodDoc, [png]));
        req.write(tarBytes.subarray(0, 2048));
        const chunk = Buffer.alloc(64 * 1024);
        for (let i = 0; i < 8 && !req.destroyed; i++) {
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
    }).catch((err: Error) => ({ status: -1, body: err.message }));
    // Either the refusal arrives, or the connection is cut before it could be read.
    if (answer.status !== -1) {
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/larger than 256 KB/);
    }
    await expectNothingLeft();
  });

  it('AR5 a changed file, a missing file, a size that differs from the manifest and a document pointing at a file not in the archive are refused', async () => {
    await setup();
    const altered = archiveEntries(goodDoc, [png]);
    const tampered = Buffer.from(png);
    tampered[tampered.length - 5]! ^= 0xff;
    altered[2] = { name: altered[2]!.name, data: tampered };
    await refused(await buildTar(altered), 422, 'archive_damaged', /has been changed: its SHA-256/);
    const missing = archiveEntries(goodDoc, [png]).slice(0, 2);
    await refused(await buildTar(missing), 422, 'archive_damaged', /listed in the archive’s manifest but missing/);
    const shorter = archiveEntries(goodDoc, [png]);
    shorter[2] = { name: shorter[2]!.name, data: png.subarray(0, png.length - 1) };
    await refused(await buildTar(shorter), 422, 'archive_damaged', /bytes in the archive but \d+ in its manifest/);
    const unlisted = [
      { name: 'manifest.json', data: manifestFor(goodDoc, []) },
      { name: 'document.yjs', data: goodDoc },
    ];
    await refused(await buildTar(unlisted), 422, 'archive_damaged', /points at a file missing from the archive/);
    const badDoc = archiveEntries(goodDoc, [png]);
    badDoc[1] = { name: 'document.yjs', data: Buffer.from(goodDoc).fill(0, 0, 4) };
    await refused(await buildTar(badDoc), 422, 'archive_damaged', /SHA-256/);
  });

  it('AR5 a file that is not an accepted type (an SVG) is refused even when its checksum matches', async () => {
    await setup();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await refused(await buildTar(archiveEntries(goodDoc, [svg])), 415, 'unsupported_type', /type Riffboard doesn’t accept/);
  });

  it('AR7 B1 B2 a document that breaks the board rules, writes an unknown root or can’t be decoded is refused', async () => {
    await setup();
    const make = (fill: (d: Y.Doc) => void): Uint8Array => {
      const d = new Y.Doc();
      d.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
      fill(d);
      return Y.encodeStateAsUpdate(d);
    };
    const invalidBoard = make((d) => d.getMap('board').set('shape:x', geoShapeWithStringWidth('shape:x')));
    await refused(await buildTar(archiveEntries(invalidBoard, [])), 422, 'bad_document', /breaks the room rules/);
    const unknownRoot = make((d) => d.getMap('secrets').set('k', 'x'.repeat(100)));
    await refused(await buildTar(archiveEntries(unknownRoot, [])), 422, 'bad_document', /not part of a room/);
    const garbage = new Uint8Array([200, 1, 2, 3, 4, 5, 6]);
    await refused(await buildTar(archiveEntries(garbage, [])), 422, 'bad_document', /can’t be read/);
  });

  it('AR8 a truncated archive and an upload cut off mid-way are refused, and nothing stays', async () => {
    await setup();
    const whole = await buildTar(archiveEntries(goodDoc, [png]));
    // Sent whole, but the tar itself stops inside the asset.
    await refused(whole.subarray(0, 1536 + 100), 400, 'archive_incomplete', /ended early/);
    // The client announces the whole length, sends half and goes away.
    await new Promise<void>((resolve) => {
      const req = http.request(`${s.url}/api/rooms/import`, { method: 'POST', headers: { 'content-length': String(whole.length) } });
      req.on('error', () => resolve());
      req.write(whole.subarray(0, whole.length / 2), () =>
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50),
      );
    });
    await new Promise((r) => setTimeout(r, 200));
    await expectNothingLeft();
  });
});
