import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { barStartSeconds, buildTimeline, CLOSE, readSchemaVersion, readSongOrder, readTempoMap, SCHEMA_VERSION } from '@riffboard/shared';
import { RawClient } from '../helpers/clients.ts';
import { startServer, tempDir, type TestServer } from '../helpers/testServer.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const ROOM = 'LegacyRoomId123456789';

describe('S6 undecodable stored rooms', () => {
  it('S6 a room whose stored bytes cannot be decoded is refused with 4500 and left untouched', async () => {
    const dir = tempDir();
    const store = SqliteDocStore.open(dir);
    const doc = new Y.Doc();
    scratchMap(doc).set('shape:1', { id: 'shape:1', typeName: 'shape' });
    await store.createRoom({ id: ROOM, createdAt: 1 }, Y.encodeStateAsUpdate(doc));
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    await store.append(ROOM, [garbage]);
    const before = await store.load(ROOM);
    server = await startServer({ dataDir: dir, store });

    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    expect((await c.waitClosed()).code).toBe(CLOSE.roomUnavailable.code);
    const res = await fetch(`${server.url}/api/rooms/${ROOM}`, { headers: { authorization: `Bearer ${(await server.ref(ROOM)).token}` } });
    expect(res.status).toBe(503);
    // Nothing was written over it, and other rooms still work.
    expect(await store.load(ROOM)).toEqual(before);
    const other = await server.createRoom();
    const d = new RawClient(server.wsUrl, other);
    await d.connect();
    expect(d.synced).toBe(true);
    d.close();
  });
});

describe('S10 schema migration on load', () => {
  it('S10 a room written at schema v1 is migrated before any client is answered', async () => {
    const dir = tempDir();
    const store = SqliteDocStore.open(dir);
    // A v1 document, built with raw Yjs calls: v1 kept sections in an array called tempoSections.
    const v1 = new Y.Doc();
    v1.getMap('meta').set('schemaVersion', 1);
    v1.getMap('meta').set('createdAt', 5);
    v1.getArray('tempoSections').push([
      { id: 'intro', name: 'Intro', bars: 4, bpm: 90, meterNumerator: 4, meterDenominator: 4, ramp: 'none' },
      { id: 'verse', name: 'Verse', bars: 8, bpm: 120, meterNumerator: 6, meterDenominator: 8, ramp: 'linear' },
    ]);
    await store.createRoom({ id: ROOM, createdAt: 5 }, Y.encodeStateAsUpdate(v1));
    server = await startServer({ dataDir: dir, store });
    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    await c.connect();
    expect(readSchemaVersion(c.doc)).toBe(SCHEMA_VERSION);
    expect(readSongOrder(c.doc).map((s) => [s.id, s.name, s.bars])).toEqual([
      ['intro', 'Intro', 4],
      ['verse', 'Verse', 8],
    ]);
    // On through v2 to v3: 4 bars of 4/4 at 90 BPM, then 6/8 at 120 (the v1 ramp has no next section).
    const tl = buildTimeline(readTempoMap(c.doc));
    expect(barStartSeconds(tl, 5)).toBeCloseTo((16 * 60) / 90, 9);
    expect(barStartSeconds(tl, 13)).toBeCloseTo((16 * 60) / 90 + (8 * 3 * 60) / 120, 9);
    expect(c.doc.getArray('tempoSections').length).toBe(0);
    c.close();
    // The migration itself was persisted.
    const reloaded = new Y.Doc();
    const st = await store.load(ROOM);
    if (st.snapshot) Y.applyUpdate(reloaded, st.snapshot);
    for (const u of st.updates) Y.applyUpdate(reloaded, u);
    expect(readSchemaVersion(reloaded)).toBe(SCHEMA_VERSION);
  });

  it('S10 a room written at schema v2 (sections carrying BPM, meter, ramp) loads as form + tempo track with every bar at the same time', async () => {
    const dir = tempDir();
    const store = SqliteDocStore.open(dir);
    const v2 = new Y.Doc();
    v2.getMap('meta').set('schemaVersion', 2);
    v2.getMap('meta').set('createdAt', 5);
    const tempo = v2.getMap<Y.Map<unknown>>('tempo');
    const put = (id: string, fields: Record<string, unknown>): void => {
      const m = new Y.Map<unknown>();
      tempo.set(id, m);
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
    };
    put('a', { order: 'a0', name: 'Build', bars: 4, bpm: 100, meterNumerator: 4, meterDenominator: 4, ramp: 'linear' });
    put('b', { order: 'a1', name: 'Drop', bars: 2, bpm: 140, meterNumerator: 7, meterDenominator: 8, ramp: 'none' });
    await store.createRoom({ id: ROOM, createdAt: 5 }, Y.encodeStateAsUpdate(v2));
    server = await startServer({ dataDir: dir, store });
    const c = new RawClient(server.wsUrl, await server.ref(ROOM));
    await c.connect();
    expect(readSchemaVersion(c.doc)).toBe(3);
    const map = readTempoMap(c.doc);
    expect(map.sections.map((s) => [s.id, s.name, s.bars])).toEqual([
      ['a', 'Build', 4],
      ['b', 'Drop', 2],
    ]);
    const tl = buildTimeline(map);
    // v2 timing: a ramp 100 → 140 linear in time over 16 quarters lasts 120·16/240 = 8 s; a 7/8 bar at 140 is 3.5·60/140 s.
    expect(barStartSeconds(tl, 5)).toBeCloseTo(8, 9);
    expect(barStartSeconds(tl, 7)).toBeCloseTo(8 + 2 * 1.5, 9);
    c.close();
  });
});
