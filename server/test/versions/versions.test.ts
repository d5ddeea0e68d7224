/**
 * Named and automatic versions over raw HTTP and real sockets (RV2–RV11 in
 * shared/src/versions/SPEC.md): who may do what, restore as one live change with its undo,
 * automatic versions, and versions surviving compaction and a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  SCHEMA_VERSION,
  readBoardRecords,
  readRestoreNotice,
  readSongOrder,
  buildTimeline,
  readTempoMap,
  tempoAtTicks,
  ticks,
  writeBoardChanges,
  restorableContent,
} from '@riffboard/shared';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { personIdOf } from '../../src/activity/personKey.ts';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';
import { denials, RawClient } from '../helpers/clients.ts';
import { scratchMap } from '../helpers/scratch.ts';
import { startServer, tempDir, waitFor, type TestServer } from '../helpers/testServer.ts';
import { versionApi } from '../helpers/versions.ts';
import { encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});

async function start(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const s = await startServer({ env, ...(dataDir ? { dataDir } : {}) });
  servers.push(s);
  return s;
}

const shapeIds = (doc: Y.Doc): string[] =>
  readBoardRecords(doc)
    .filter((r) => r.typeName === 'shape')
    .map((r) => r.id)
    .sort();

/** The board shapes a fresh connection gets from the server now. */
async function storedShapes(server: TestServer, room: { id: string; token: string }): Promise<string[]> {
  const c = await new RawClient(server.wsUrl, room).connect();
  const ids = shapeIds(c.doc);
  c.close();
  return ids;
}

function addShapes(doc: Y.Doc, ids: readonly string[]): void {
  writeBoardChanges(doc, { put: [page(), ...ids.map((id, i) => geoShape(id, i * 10, 0))], removed: [] }, 'local');
}

describe('RV3 RV5 who may list, preview, save and restore', () => {
  it('RV3 a viewer may list and fetch versions but saving or restoring is refused with a sentence; bad names and unknown ids too', async () => {
    const server = await start();
    const room = await server.createRoom();
    const editor = versionApi(server.url, room);
    const viewer = versionApi(server.url, room.links.viewer);
    const saved = await editor.saved('First groove', 'Ana');
    expect(saved).toMatchObject({ name: 'First groove', kind: 'named', author: { name: 'Ana' } });

    const refused = await viewer.save('Sneaky');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/view-only link.*save a version/);
    const noRestore = await viewer.restore(saved.id);
    expect(noRestore.status).toBe(403);
    expect(((await noRestore.json()) as { error: { message: string } }).error.message).toMatch(/view-only link.*restore/);

    expect((await viewer.list()).map((v) => v.name)).toEqual(['First groove']);
    const snap = await viewer.snapshot(saved.id);
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-type')).toBe('application/octet-stream');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await snap.arrayBuffer()));

    for (const [name, sentence] of [
      ['   ', /needs a name/],
      ['x'.repeat(121), /at most 120/],
      [42, /needs a name/],
    ] as const) {
      const res = await editor.save(name);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(sentence);
    }
    const missing = await editor.restore('no-such-version');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('version_not_found');
    const otherRoom = await server.createRoom();
    expect((await versionApi(server.url, otherRoom).snapshot(saved.id)).status).toBe(404);
    const anonymous = await fetch(`${server.url}/api/rooms/${room.id}/versions`);
    expect(anonymous.status).toBe(401);
  });
});

describe('RV4 retention', () => {
  it('RV4 a room keeps at most 200 named versions: the next save is refused with a sentence and nothing is stored', async () => {
    const server = await start();
    const room = await server.createRoom();
    const api = versionApi(server.url, room);
    for (let i = 0; i < 200; i++) await api.saved(`Take ${i}`);
    const res = await api.save('One too many');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/already keeps 200 saved versions/);
    expect((await api.list()).filter((v) => v.kind === 'named')).toHaveLength(200);
  });
});

describe('RV6 RV8 restore is one change everybody sees live, attributed and undoable', () => {
  it('RV6 save, change, restore: another connection sees the version’s content live; the restore is undone by restoring the automatic version', async () => {
    const server = await start();
    const room = await server.createRoom();
    const ana = await new RawClient(server.wsUrl, room).connect();
    const ben = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    addShapes(ana.doc, ['shape:a', 'shape:b']);
    scratchMap(ana.doc).set('idea1', new Y.Map<unknown>([['title', 'Chorus riff']]));
    await waitFor(() => shapeIds(ben.doc).length === 2 && scratchMap(ben.doc).has('idea1'), 'ben sees the first content');
    const api = versionApi(server.url, room);
    const v1 = await api.saved('Two shapes');
    const atV1 = restorableContent(ana.doc);

    // Change: remove a shape, add one, rename the idea.
    writeBoardChanges(ana.doc, { put: [geoShape('shape:c', 50, 50)], removed: ['shape:a'] }, 'local');
    (scratchMap(ana.doc).get('idea1') as Y.Map<unknown>).set('title', 'Bridge riff');
    await waitFor(() => shapeIds(ben.doc).join() === 'shape:b,shape:c', 'ben sees the change');
    const changed = restorableContent(ana.doc);

    let updatesToAna = 0;
    ana.doc.on('update', (_u: Uint8Array, origin: unknown) => origin === 'remote' && updatesToAna++);
    const res = await versionApi(server.url, room.links.facilitator).restore(v1.id, 'Ben');
    expect(res.status).toBe(200);
    const { restored, undo } = (await res.json()) as { restored: { id: string }; undo: { id: string; kind: string; name: string } };
    expect(restored.id).toBe(v1.id);
    expect(undo).toMatchObject({ kind: 'before-restore', name: 'Before restoring “Two shapes”', author: { name: 'Ben' } });

    // Both connections have the version's content, and Ana got it as one update.
    await waitFor(() => shapeIds(ana.doc).join() === 'shape:a,shape:b', 'ana sees the restore');
    await waitFor(() => shapeIds(ben.doc).join() === 'shape:a,shape:b', 'ben sees the restore');
    expect(restorableContent(ana.doc)).toEqual(atV1);
    expect(restorableContent(ben.doc)).toEqual(atV1);
    expect(updatesToAna).toBe(1);
    expect(readRestoreNotice(ana.doc)).toMatchObject({ versionId: v1.id, versionName: 'Two shapes', by: 'Ben', undoVersionId: undo.id });

    // Undo the restore: restore the automatic version taken just before it.
    expect((await api.restore(undo.id, 'Ana')).status).toBe(200);
    await waitFor(() => shapeIds(ben.doc).join() === 'shape:b,shape:c', 'the undo reaches ben');
    expect(restorableContent(ben.doc)).toEqual(changed);
    expect(restorableContent(ana.doc)).toEqual(changed);
    const kinds = (await api.list()).filter((v) => v.kind !== 'periodic').map((v) => `${v.kind}:${v.author.name}:${v.name}`);
    expect(kinds).toEqual([
      'before-restore:Ana:Before undoing the restore of “Two shapes”',
      'before-restore:Ben:Before restoring “Two shapes”',
      'named:Ana:Two shapes',
    ]);
    expect(readRestoreNotice(ben.doc)).toMatchObject({ by: 'Ana', versionKind: 'before-restore', versionId: undo.id });
    ana.close();
    ben.close();
  });

  it('RV6 while the board is locked only the facilitator can restore; an editor is told why', async () => {
    const server = await start();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    const v = await versionApi(server.url, room).saved('Before lock');
    fac.doc.getMap('facilitation').set('lock', { locked: true, by: 'Cleo' });
    await waitFor(async () => (await versionApi(server.url, room).restore(v.id)).status === 403, 'restore refused while locked');
    const res = await versionApi(server.url, room).restore(v.id);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Cleo locked the board/);
    expect((await versionApi(server.url, room.links.facilitator).restore(v.id)).status).toBe(200);
    fac.close();
  });

  it('RV8 nobody can write the restore notice: an update, a solicited or an unsolicited step 2 forging it is refused', async () => {
    const server = await start();
    const room = await server.createRoom();
    const forge = (d: Y.Doc): void => {
      d.getMap('versions').set('lastRestore', { versionId: 'x', versionName: 'x', by: 'Mallory', at: 1, undoVersionId: 'y' });
    };
    const handshake = new RawClient(server.wsUrl, room.links.facilitator);
    forge(handshake.doc);
    await handshake.connect();
    const byUpdate = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    forge(byUpdate.doc);
    const unsolicited = await new RawClient(server.wsUrl, room).connect();
    const fork = new Y.Doc();
    Y.applyUpdate(fork, Y.encodeStateAsUpdate(unsolicited.doc));
    forge(fork);
    unsolicited.send(encodeSyncStep2(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(unsolicited.doc))));
    const raw = await new RawClient(server.wsUrl, room).connect();
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(raw.doc))));
    for (const c of [handshake, byUpdate, unsolicited, raw]) await waitFor(() => denials(c).length >= 1, 'the forger is told');
    const check = await new RawClient(server.wsUrl, room.links.viewer).connect();
    expect(readRestoreNotice(check.doc)).toBeNull();
    for (const c of [handshake, byUpdate, unsolicited, raw, check]) c.close();
  });
});

describe('RV3 version authors', () => {
  it("RV3 H1 a version is recorded under the person id the server derives from the caller's person key, whatever name it claims", async () => {
    const server = await start();
    const room = await server.createRoom();
    const anaKey = 'ana-browser-secret-0001';
    const ana = versionApi(server.url, room, anaKey);
    const impostor = versionApi(server.url, room, 'somebody-else-secret-02');
    const keyless = versionApi(server.url, room);
    const mine = await ana.saved('Ana take', 'Ana');
    const claimed = await impostor.saved('Claims to be Ana', 'Ana');
    const anonymous = await keyless.saved('No key', 'Ana');

    expect(mine.author.personId).toBe(personIdOf(anaKey));
    expect(claimed.author).toEqual({ name: 'Ana', personId: personIdOf('somebody-else-secret-02') });
    expect(claimed.author.personId).not.toBe(mine.author.personId);
    expect(anonymous.author.personId).toBeNull();
    // The key itself is never handed back.
    expect(JSON.stringify(await ana.list())).not.toContain(anaKey);
  });
});

describe('RV6 versions across document schemas', () => {
  it('RV6 a version saved under an older schema is migrated before it is restored; one from a newer release is refused with a sentence', async () => {
    const dataDir = tempDir();
    const store = SqliteDocStore.open(dataDir);
    const server = await startServer({ dataDir, store });
    servers.push(server);
    const room = await server.createRoom();
    const old = new Y.Doc();
    old.getMap('meta').set('schemaVersion', 1);
    // Schema v1 kept the tempo map as a list of plain sections.
    old
      .getArray('tempoSections')
      .push([{ id: 'verse', name: 'Verse', bars: 8, bpm: 96, meterNumerator: 4, meterDenominator: 4, ramp: 'none' }]);
    const future = new Y.Doc();
    future.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    future.getMap('tempo').set('x', new Y.Map<unknown>([['name', 'From the future']]));
    const stored = (id: string, doc: Y.Doc) => {
      const snapshot = Y.encodeStateAsUpdate(doc);
      return {
        id,
        name: id,
        kind: 'named' as const,
        author: { name: 'Ana', personId: null },
        createdAt: Date.now(),
        bytes: snapshot.byteLength,
        snapshot,
      };
    };
    await store.addVersion(room.id, stored('old', old), 50);
    await store.addVersion(room.id, stored('future', future), 50);
    const api = versionApi(server.url, room);

    expect((await api.restore('old')).status).toBe(200);
    const check = await new RawClient(server.wsUrl, room).connect();
    expect(readSongOrder(check.doc).map((s) => [s.name, s.bars])).toEqual([['Verse', 8]]);
    // The v1 section's tempo came back as the v3 tempo track: 96 BPM from bar 1.
    const tl = buildTimeline(readTempoMap(check.doc));
    expect(tempoAtTicks(tl, ticks(0))).toBe(96);
    expect(tl.totalSeconds).toBeCloseTo((8 * 4 * 60) / 96, 9);

    const refused = await api.restore('future');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/newer Riffboard/);
    expect(readSongOrder(check.doc).map((s) => s.name)).toEqual(['Verse']);
    check.close();
  });
});

describe('RV10 RV11 automatic versions', () => {
  it('RV10 a change removing 10 or more things gets a version of the room as it was just before; removing 9 does not', async () => {
    const server = await start();
    const room = await server.createRoom();
    const ana = await new RawClient(server.wsUrl, room).connect();
    const ids = Array.from({ length: 19 }, (_, i) => `shape:s${String(i).padStart(2, '0')}`);
    addShapes(ana.doc, ids);
    // Moving every shape overwrites each record: a change, not a removal.
    writeBoardChanges(ana.doc, { put: ids.map((id) => geoShape(id, 500, 500)), removed: [] }, 'local');
    writeBoardChanges(ana.doc, { put: [], removed: ids.slice(0, 9) }, 'local');
    const api = versionApi(server.url, room);
    await waitFor(async () => (await storedShapes(server, room)).length === 10, 'nine removed');
    await server.app.versions.settled();
    expect((await api.list()).filter((v) => v.kind === 'before-mass-delete')).toEqual([]);

    writeBoardChanges(ana.doc, { put: [], removed: ids.slice(9) }, 'local');
    await waitFor(async () => (await api.list()).some((v) => v.kind === 'before-mass-delete'), 'automatic version');
    const [auto] = (await api.list()).filter((v) => v.kind === 'before-mass-delete');
    expect(auto).toMatchObject({ name: 'Before 10 things were removed', author: { name: 'Riffboard' } });
    const snap = new Y.Doc();
    Y.applyUpdate(snap, new Uint8Array(await (await api.snapshot(auto!.id)).arrayBuffer()));
    expect(shapeIds(snap)).toEqual(ids.slice(9));
    ana.close();
  });

  it('RV10 a mass delete arriving as a solicited or unsolicited sync step 2 (a tab back from offline) gets its version too', async () => {
    const server = await start();
    const room = await server.createRoom();
    const ana = await new RawClient(server.wsUrl, room).connect();
    const ids = Array.from({ length: 24 }, (_, i) => `shape:t${String(i).padStart(2, '0')}`);
    addShapes(ana.doc, ids);
    await waitFor(async () => (await storedShapes(server, room)).length === 24, 'stored');
    const api = versionApi(server.url, room);
    const automatic = async (): Promise<number> => (await api.list()).filter((v) => v.kind === 'before-mass-delete').length;

    // Solicited: a tab that deleted 12 shapes while offline answers the server's sync request.
    const back = new RawClient(server.wsUrl, room);
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(ana.doc));
    writeBoardChanges(back.doc, { put: [], removed: ids.slice(0, 12) }, 'local');
    await back.connect();
    await waitFor(async () => (await automatic()) === 1, 'a version before the solicited step 2');
    await waitFor(async () => (await storedShapes(server, room)).length === 12, 'the deletion is applied');

    // Unsolicited: a step 2 sent on its own, deleting the other 12.
    const fork = new Y.Doc();
    Y.applyUpdate(fork, Y.encodeStateAsUpdate(ana.doc));
    writeBoardChanges(fork, { put: [], removed: ids.slice(12) }, 'local');
    ana.send(encodeSyncStep2(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(ana.doc))));
    await waitFor(async () => (await automatic()) === 2, 'a version before the unsolicited step 2');
    const [newest] = (await api.list()).filter((v) => v.kind === 'before-mass-delete');
    const snap = new Y.Doc();
    Y.applyUpdate(snap, new Uint8Array(await (await api.snapshot(newest!.id)).arrayBuffer()));
    expect(shapeIds(snap)).toEqual(ids.slice(12));
    back.close();
    ana.close();
  });

  it('RV11 while a room is edited it gets at most one periodic version per VERSION_INTERVAL_MS, the first one interval after it opened', async () => {
    const server = await start({ VERSION_INTERVAL_MS: '2500' });
    const room = await server.createRoom();
    const api = versionApi(server.url, room);
    const ana = await new RawClient(server.wsUrl, room).connect();
    const opened = Date.now();
    const periodic = async (): Promise<number> => (await api.list()).filter((v) => v.kind === 'periodic').length;
    // Edits for a while, within the first interval: no version yet.
    let n = 0;
    while (Date.now() - opened < 1000) {
      scratchMap(ana.doc).set('n', n++);
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.app.versions.settled();
    expect(await periodic()).toBe(0);
    await new Promise((r) => setTimeout(r, 2700 - (Date.now() - opened)));
    scratchMap(ana.doc).set('n', n++);
    await waitFor(async () => (await periodic()) === 1, 'a periodic version once the interval has passed');
    const second = Date.now();
    while (Date.now() - second < 1000) {
      scratchMap(ana.doc).set('n', n++);
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.app.versions.settled();
    expect(await periodic()).toBe(1);
    await new Promise((r) => setTimeout(r, 2600 - (Date.now() - second)));
    scratchMap(ana.doc).set('n', n++);
    await waitFor(async () => (await periodic()) === 2, 'the next one an interval later');
    ana.close();
  });
});

describe('RV2 versions outlive compaction and restarts', () => {
  it('RV2 a version saved before many compactions and a restart is listed and restores the content it had', async () => {
    const first = await start({ COMPACT_AFTER_UPDATES: '5' });
    const room = await first.createRoom();
    const ana = await new RawClient(first.wsUrl, room).connect();
    addShapes(ana.doc, ['shape:keep']);
    await waitFor(async () => (await storedShapes(first, room)).length === 1, 'stored');
    const v = await versionApi(first.url, room).saved('Keep me');
    const atV = restorableContent(ana.doc);
    for (let i = 0; i < 40; i++) scratchMap(ana.doc).set(`k${i}`, i);
    writeBoardChanges(ana.doc, { put: [], removed: ['shape:keep'] }, 'local');
    await waitFor(async () => (await storedShapes(first, room)).length === 0, 'edits stored');
    ana.close();
    await first.stop();
    servers = servers.filter((s) => s !== first);

    const second = await start({}, first.dataDir);
    const api = versionApi(second.url, room);
    expect((await api.list()).map((x) => x.name)).toContain('Keep me');
    expect((await api.restore(v.id)).status).toBe(200);
    const check = await new RawClient(second.wsUrl, room).connect();
    expect(restorableContent(check.doc)).toEqual(atV);
    check.close();
  });
});
