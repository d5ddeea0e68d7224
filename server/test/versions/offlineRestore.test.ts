/**
 * RV12, the offline rule, between separate y-websocket providers (BroadcastChannel off): a tab
 * that was offline during a restore keeps what it changed or created while offline, and what it
 * merely still held does not come back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoardRecords, restorableContent, writeBoardChanges } from '@riffboard/shared';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';
import { providerClient, type ProviderClient } from '../helpers/clients.ts';
import { scratchMap } from '../helpers/scratch.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { versionApi } from '../helpers/versions.ts';

let server: TestServer | null = null;
const clients: ProviderClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  server = null;
});

const shapes = (doc: Y.Doc): Record<string, number> =>
  Object.fromEntries(
    readBoardRecords(doc)
      .filter((r) => r.typeName === 'shape')
      .map((r) => [r.id, r.x as number]),
  );

describe('RV12 offline clients and a restore', () => {
  it('RV12 a tab offline during a restore keeps the shapes it moved or added offline; what it merely held stays removed', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const ana = providerClient(server.wsUrl, room);
    const cleo = providerClient(server.wsUrl, room);
    clients.push(ana, cleo);
    await Promise.all([ana.synced(), cleo.synced()]);

    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:base', 0)], removed: [] }, 'local');
    await waitFor(() => 'shape:base' in shapes(cleo.doc), 'cleo has the base');
    const api = versionApi(server.url, room);
    const base = await api.saved('Base');

    writeBoardChanges(ana.doc, { put: [geoShape('shape:held', 10), geoShape('shape:moved', 20)], removed: [] }, 'local');
    scratchMap(ana.doc).set('idea:held', new Y.Map<unknown>([['title', 'Held idea']]));
    await waitFor(() => 'shape:moved' in shapes(cleo.doc) && scratchMap(cleo.doc).has('idea:held'), 'cleo has everything');
    await waitFor(async () => {
      const check = providerClient(server!.wsUrl, room);
      await check.synced();
      const ok = 'shape:moved' in shapes(check.doc);
      check.destroy();
      return ok;
    }, 'stored');

    // Cleo's laptop goes offline; she keeps working.
    cleo.provider.disconnect();
    writeBoardChanges(cleo.doc, { put: [geoShape('shape:moved', 999), geoShape('shape:new', 30)], removed: [] }, 'local');
    (scratchMap(cleo.doc).get('idea:held') as Y.Map<unknown>).set('title', 'Renamed offline');

    // Meanwhile Ben restores the base version.
    expect((await versionApi(server.url, room.links.facilitator).restore(base.id)).status).toBe(200);
    await waitFor(() => Object.keys(shapes(ana.doc)).join() === 'shape:base', 'ana sees the restore');
    expect(scratchMap(ana.doc).has('idea:held')).toBe(false);

    // Cleo comes back.
    cleo.provider.connect();
    await cleo.synced();
    await waitFor(() => 'shape:new' in shapes(ana.doc) && Object.keys(shapes(cleo.doc)).length === 3, 'both merge');
    await waitFor(() => JSON.stringify(restorableContent(ana.doc)) === JSON.stringify(restorableContent(cleo.doc)), 'converged');
    for (const d of [ana.doc, cleo.doc]) {
      // Changed and created offline: kept. Merely held: stays removed (the shape, and the idea
      // whose field she changed, since a field change does not bring back a removed entry).
      expect(shapes(d)).toEqual({ 'shape:base': 0, 'shape:moved': 999, 'shape:new': 30 });
      expect(scratchMap(d).has('idea:held')).toBe(false);
    }
  });
});
