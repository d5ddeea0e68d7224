import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, readSchemaVersion, readSongOrder, SCHEMA_VERSION } from '@riffboard/shared';
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
    expect(readSongOrder(c.doc).map((s) => [s.id, s.name, s.bars, s.bpm, s.meterNumerator, s.meterDenominator, s.ramp])).toEqual([
      ['intro', 'Intro', 4, 90, 4, 4, 'none'],
      ['verse', 'Verse', 8, 120, 6, 8, 'linear'],
    ]);
    expect(c.doc.getArray('tempoSections').length).toBe(0);
    c.close();
    // The migration itself was persisted.
    const reloaded = new Y.Doc();
    const st = await store.load(ROOM);
    if (st.snapshot) Y.applyUpdate(reloaded, st.snapshot);
    for (const u of st.updates) Y.applyUpdate(reloaded, u);
    expect(readSchemaVersion(reloaded)).toBe(SCHEMA_VERSION);
  });
});
