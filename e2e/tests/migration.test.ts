/**
 * A board written by an older tldraw opens in today's client: records are migrated with tldraw's
 * schema on load, and written back with the new schema so the next reader needn't migrate.
 */
import { describe, expect, inject, it } from 'vitest';
import { readBoardRecords, readBoardSchema, writeBoardChanges, writeBoardSchema } from '@riffboard/shared';
import { asGeoVersion9 } from '@riffboard/shared/test/boardRecords';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { connectDoc } from '../support/docClient.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

interface Schema {
  schemaVersion: number;
  sequences: Record<string, number>;
}

describe('boards written by an older tldraw', () => {
  it('are migrated on load and saved back with the current schema', async () => {
    // A board as today's client writes it, to borrow well-formed records from.
    const modernRoom = await createRoom(baseUrl);
    const ana = await RoomActor.join(chromium.browser, `${baseUrl}${modernRoom.links.editor}`, 'Ana');
    await ana.drawRectangle(200, 200, 200, 120);
    await expect.poll(() => ana.geoShapeCount()).toBe(1);
    await ana.leave();
    const modern = await connectDoc(baseUrl, modernRoom.id, modernRoom.links.editor);
    const records = readBoardRecords(modern.doc);
    const schema = readBoardSchema(modern.doc) as Schema;
    modern.close();
    const geo = records.find((r) => r.typeName === 'shape');
    expect(geo).toBeDefined();
    expect(schema.sequences['com.tldraw.shape.geo']).toBeGreaterThan(10);

    // The same board, as an older client (geo shapes at version 9) would have stored it.
    const oldRoom = await createRoom(baseUrl);
    const older = await connectDoc(baseUrl, oldRoom.id, oldRoom.links.editor);
    const oldSchema: Schema = { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.geo': 9 } };
    older.doc.transact(() => {
      writeBoardChanges(
        older.doc,
        {
          put: [
            ...records.filter((r) => r.typeName !== 'shape'),
            { ...asGeoVersion9(geo!, 'Old label'), id: 'shape:fromOlderClient', x: (geo!.x as number) + 300 },
          ],
          removed: [],
        },
        'local',
      );
      writeBoardSchema(older.doc, oldSchema, 'local');
    });

    const ben = await RoomActor.join(chromium.browser, `${baseUrl}${oldRoom.links.editor}`, 'Ben');
    try {
      await expect.poll(() => ben.geoShapeCount(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => ben.page.getByText('Old label').count()).toBeGreaterThan(0);
      // Saved back migrated: rich text instead of `text`, and today's schema.
      await expect
        .poll(() => (readBoardSchema(older.doc) as Schema).sequences['com.tldraw.shape.geo'], { timeout: 10_000 })
        .toBe(schema.sequences['com.tldraw.shape.geo']);
      const migrated = readBoardRecords(older.doc).find((r) => r.id === 'shape:fromOlderClient');
      expect(migrated?.props).toHaveProperty('richText');
      expect(migrated?.props).not.toHaveProperty('text');
    } finally {
      await ben.leave();
      older.close();
    }
  });
});
