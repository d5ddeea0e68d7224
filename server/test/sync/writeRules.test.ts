/**
 * SPEC B1–B3: what an editor may write. Each refusal is checked on every write path (update,
 * solicited and unsolicited sync step 2) with a raw client: the sender is told and closed, the
 * others in the room see nothing of the refused update, and nothing of it is stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, readBoardRecords } from '@riffboard/shared';
import { RawClient } from '../helpers/clients.ts';
import { startServer, tempDir, waitFor, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { WRITE_PATHS, expectRefused as refusedOn, type Write } from '../helpers/writePaths.ts';
import { geoShape, geoShapeWithStringWidth, page } from '@riffboard/shared/test/boardRecords';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer;
let store: SqliteDocStore;
let room: TestRoom;
beforeEach(async () => {
  const dataDir = tempDir();
  store = SqliteDocStore.open(dataDir);
  server = await startServer({ dataDir, store, env: { MAX_ROOM_BYTES: String(256 * 1024) } });
  room = await server.createRoom();
});
afterEach(() => server.stop());

const PATHS = WRITE_PATHS;
const expectRefused = (path: string, write: Write, close: number, seen: (doc: Y.Doc) => number): Promise<string[]> =>
  refusedOn({ server, store, room }, path, write, close, seen);

describe('B1 board records are tldraw records', () => {
  const badTransaction: Write = (doc) => {
    const board = doc.getMap('board');
    board.set('page:page', page());
    for (let i = 0; i < 10; i++) board.set(`shape:ok${i}`, geoShape(`shape:ok${i}`, i * 120, 0));
    board.set('shape:bad', geoShapeWithStringWidth('shape:bad'));
  };
  const boardSize = (doc: Y.Doc) => doc.getMap('board').size;

  it.each(Object.keys(PATHS))('B1 one invalid shape among ten valid ones is refused whole on the %s path (4424)', async (path) => {
    const denials = await expectRefused(path, badTransaction, CLOSE.invalidBoardRecord.code, boardSize);
    expect(denials.join(' ')).toContain('Expected number, got a string');
  });

  it.each(Object.keys(PATHS))('B1 a board entry that is not a record, or under another id, is refused on the %s path', async (path) => {
    await expectRefused(path, (doc) => doc.getMap('board').set('shape:x', 'hello'), CLOSE.invalidBoardRecord.code, boardSize);
    await expectRefused(path, (doc) => doc.getMap('board').set('shape:x', geoShape('shape:y')), CLOSE.invalidBoardRecord.code, boardSize);
  });

  it('B1 valid records, their updates and deletions are accepted and relayed', async () => {
    const a = await new RawClient(server.wsUrl, room).connect();
    const b = await new RawClient(server.wsUrl, room).connect();
    const board = a.doc.getMap('board');
    a.doc.transact(() => {
      board.set('page:page', page());
      for (let i = 0; i < 10; i++) board.set(`shape:ok${i}`, geoShape(`shape:ok${i}`, i * 120, 0));
    });
    await waitFor(() => readBoardRecords(b.doc).length === 11, 'b sees the ten shapes and the page');
    board.set('shape:ok0', geoShape('shape:ok0', 500, 500));
    board.delete('shape:ok1');
    await waitFor(
      () => b.doc.getMap('board').size === 10 && (b.doc.getMap('board').get('shape:ok0') as { x: number }).x === 500,
      'b sees the move and the deletion',
    );
    expect(a.closed).toBeNull();
    a.close();
    b.close();
  });
});

describe('B2 only the room schema’s roots', () => {
  it.each(Object.keys(PATHS))('B2 a write to a root the schema does not name is refused on the %s path (4425)', async (path) => {
    const big = 'x'.repeat(64 * 1024);
    await expectRefused(
      path,
      (doc) => {
        scratchMap(doc).set('legit', 1);
        doc.getMap('stash').set('blob', big);
      },
      CLOSE.unknownRoot.code,
      (doc) => doc.getMap('stash').size + (scratchMap(doc).has('legit') ? 1 : 0),
    );
  });
});

describe('B3 room size limit', () => {
  it.each(Object.keys(PATHS))(
    'B3 an update that would take the room past MAX_ROOM_BYTES is refused on the %s path (4431)',
    async (path) => {
      const filler = await new RawClient(server.wsUrl, room).connect();
      // Fill most of the 256 KiB room in honest steps.
      for (let i = 0; i < 6; i++) scratchMap(filler.doc).set(`fill${i}`, 'f'.repeat(32 * 1024));
      await waitFor(async () => {
        const r = await server.app.registry.acquire(room.id);
        server.app.registry.release(room.id);
        return scratchMap(r.doc).size === 6;
      }, 'filler stored');
      const denials = await expectRefused(
        path,
        (doc) => scratchMap(doc).set('tooMuch', 'x'.repeat(96 * 1024)),
        CLOSE.roomTooLarge.code,
        (doc) => (scratchMap(doc).has('tooMuch') ? 1 : 0),
      );
      expect(denials.join(' ')).toContain('limit');
      // Deleting still works in a full room, and so room is made.
      for (let i = 0; i < 6; i++) scratchMap(filler.doc).delete(`fill${i}`);
      const check = await new RawClient(server.wsUrl, room).connect();
      await waitFor(() => !scratchMap(check.doc).has('fill0'), 'deletion accepted');
      expect(filler.closed).toBeNull();
      filler.close();
      check.close();
    },
  );
});

describe('B6 tempo points and meter changes are whole and valid', () => {
  const point =
    (fields: Record<string, unknown>): Write =>
    (doc) => {
      const m = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('tempoPoints').set('p1', m);
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
    };
  const points = (doc: Y.Doc) => doc.getMap('tempoPoints').size;
  const good = { bar: 3, beat: 2, tick: 120, bpm: 96, shape: 'ramp' };

  it.each(Object.keys(PATHS))('B6 a tempo point at 9000 BPM is refused on the %s path (4428)', async (path) => {
    const denials = await expectRefused(path, point({ ...good, bpm: 9000 }), CLOSE.invalidTempoMap.code, points);
    expect(denials.join(' ')).toContain('a tempo must be between 20 and 400 BPM');
  });

  it.each(Object.keys(PATHS))('B6 a tempo point with a missing field, or a meter of 4/3, is refused on the %s path', async (path) => {
    const { shape: _shape, ...noShape } = good;
    await expectRefused(path, point(noShape), CLOSE.invalidTempoMap.code, points);
    await expectRefused(
      path,
      (doc) => {
        const m = new Y.Map<unknown>();
        doc.getMap<Y.Map<unknown>>('tempoMeters').set('m1', m);
        m.set('bar', 2);
        m.set('numerator', 4);
        m.set('denominator', 3);
      },
      CLOSE.invalidTempoMap.code,
      (doc) => doc.getMap('tempoMeters').size,
    );
    await expectRefused(path, (doc) => doc.getMap('tempoPoints').set('p2', { ...good }), CLOSE.invalidTempoMap.code, points);
  });

  it('B6 a valid point and a valid edit are accepted and relayed; an edit that breaks the point is refused', async () => {
    const a = await new RawClient(server.wsUrl, room).connect();
    const b = await new RawClient(server.wsUrl, room).connect();
    a.doc.transact(() => point(good)(a.doc)); // one transaction: the entry arrives whole
    await waitFor(
      () => (b.doc.getMap<Y.Map<unknown>>('tempoPoints').get('p1')?.get('bpm') as number | undefined) === 96,
      'b sees the point',
    );
    a.doc.getMap<Y.Map<unknown>>('tempoPoints').get('p1')!.set('bpm', 132.5);
    await waitFor(() => b.doc.getMap<Y.Map<unknown>>('tempoPoints').get('p1')?.get('bpm') === 132.5, 'b sees the edit');
    const denials = await expectRefused(
      'update',
      (doc) => doc.getMap<Y.Map<unknown>>('tempoPoints').get('p1')!.set('shape', 'wobble'),
      CLOSE.invalidTempoMap.code,
      (doc) => (doc.getMap<Y.Map<unknown>>('tempoPoints').get('p1')?.get('shape') === 'wobble' ? 1 : 0),
    );
    expect(denials.join(' ')).toContain('shape must be one of jump, ramp, timeRamp');
    expect(a.closed).toBeNull();
    a.close();
    b.close();
  });
});
