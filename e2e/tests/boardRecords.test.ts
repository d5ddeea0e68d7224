/**
 * A room that already holds a damaged board record (one written before the server checked them,
 * server SPEC B1) opens with the rest of the board live, and tells the person that something
 * could not be shown, instead of failing the whole canvas with tldraw's validation error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoardRecords, writeBoardChanges } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { connectDoc } from '../support/docClient.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
// The store itself, to write what the running server would refuse.
import { SqliteDocStore } from '../../server/src/persistence/SqliteDocStore.ts';

const chromium = chromiumPerFile();
let server: ServerHandle | null = null;
afterAll(async () => server?.dispose());

describe('damaged board records', () => {
  it('B1 a room holding a shape with a string width opens with its other shapes visible and a notice', async () => {
    // Its own server: the test writes into that server's database while it is stopped.
    const first = await startServer();
    const room = await createRoom(first.url);
    const ana = await RoomActor.join(chromium.browser, `${first.url}${room.links.editor}`, 'Ana');
    await ana.drawRectangle(200, 220);
    await ana.drawRectangle(420, 220);
    await ana.drawRectangle(640, 220);
    await expect.poll(() => ana.geoShapeCount()).toBe(3);
    await ana.leave();
    const peer = await connectDoc(first.url, room.id, room.links.editor);
    const shapes = () => readBoardRecords(peer.doc).filter((r) => r.typeName === 'shape');
    await expect.poll(() => shapes().length).toBe(3);
    const geo = shapes()[0]!;
    peer.close();
    await first.stop();

    // The report's record: a rectangle whose width is a string, appended to the stored log.
    const store = SqliteDocStore.open(first.dataDir);
    const stored = await store.load(room.id);
    const doc = new Y.Doc();
    for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(doc, u);
    const before = Y.encodeStateVector(doc);
    const damaged = { ...geo, id: 'shape:damaged', x: (geo.x as number) + 100, props: { ...(geo.props as object), w: 'wide' } };
    writeBoardChanges(doc, { put: [damaged], removed: [] }, 'local');
    await store.append(room.id, [Y.encodeStateAsUpdate(doc, before)]);
    await store.close();

    server = await startServer({ port: first.port, dataDir: first.dataDir });
    const ben = await RoomActor.join(chromium.browser, `${server.url}${room.links.editor}`, 'Ben');
    const errors: string[] = [];
    ben.page.on('pageerror', (e) => errors.push(e.message));
    try {
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(3);
      const notice = ben.page.getByTestId('board-set-aside');
      await expect.poll(() => notice.textContent()).toContain('One item on the board can’t be shown here');
      // The rest of the board is live: Ben can draw, and the damaged record stays in the doc.
      await ben.drawRectangle(420, 420);
      await expect.poll(() => ben.geoShapeCount()).toBe(4);
      const check = await connectDoc(server.url, room.id, room.links.editor);
      await expect.poll(() => readBoardRecords(check.doc).filter((r) => r.typeName === 'shape').length).toBe(5);
      check.close();
      await ben.page.screenshot({ path: new URL('../screenshots/board-set-aside.png', import.meta.url).pathname });
      expect(errors).toEqual([]);
    } finally {
      await ben.leave();
    }
  });
});
