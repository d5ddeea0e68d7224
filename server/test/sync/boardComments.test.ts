/**
 * SPEC B5 and A2 for comments on the board: every write to the `boardComments` root is checked
 * on every write path (update, solicited and unsolicited sync step 2) with a raw client. A
 * malformed thread or reply is refused whole with a sentence and closes its sender; a viewer's
 * comment is dropped with a sentence and the viewer stays; well-formed comments are relayed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, boardComments, type NewThread } from '@riffboard/shared';
import { RawClient } from '../helpers/clients.ts';
import { startServer, tempDir, waitFor, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { WRITE_PATHS, expectRefused, type Write } from '../helpers/writePaths.ts';

let server: TestServer;
let store: SqliteDocStore;
let room: TestRoom;
beforeEach(async () => {
  const dataDir = tempDir();
  store = SqliteDocStore.open(dataDir);
  server = await startServer({ dataDir, store });
  room = await server.createRoom();
});
afterEach(() => server.stop());

const thread = (id: string, over: Partial<NewThread> = {}): NewThread => ({
  id,
  shapeId: 'shape:cover',
  shapeType: 'image',
  point: { x: 0.3, y: 0.6 },
  author: 'p-ana',
  personName: 'Ana',
  createdAt: 1000,
  text: 'Darker here?',
  ...over,
});
const raw = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>('boardComments');
const commentCount = (doc: Y.Doc): number => raw(doc).size;
const target = () => ({ server, store, room });

describe('B5 board comments are checked on every write path', () => {
  const cases: Array<[string, Write, string]> = [
    [
      'a thread with empty text among a valid one',
      (doc) => {
        boardComments(doc).startThread(thread('ok'), 'local');
        raw(doc).set('thread:bad', { ...raw(doc).get('thread:ok')!, text: '' });
      },
      'text must not be empty',
    ],
    [
      'a thread pinned to something that is not a shape',
      (doc) => raw(doc).set('thread:t', { ...validThread(), shapeId: 'page:1' }),
      'board shape id',
    ],
    ['a pin point outside its shape', (doc) => raw(doc).set('thread:t', { ...validThread(), point: { x: 1.5, y: 0 } }), 'between 0 and 1'],
    [
      'a comment carrying a field comments do not have',
      (doc) => raw(doc).set('thread:t', { ...validThread(), blob: 'x'.repeat(1000) }),
      '"blob"',
    ],
    [
      'a comment over 4,000 characters',
      (doc) => raw(doc).set('thread:t', { ...validThread(), text: 'x'.repeat(4001) }),
      'longer than 4000',
    ],
    [
      'a reply that names no thread',
      (doc) => raw(doc).set('reply:r', { author: 'p', personName: 'P', createdAt: 1, text: 'hi' }),
      'name the thread',
    ],
    ['an entry that is neither a thread nor a reply', (doc) => raw(doc).set('stash', 'x'), '"thread:<id>" or "reply:<id>"'],
    [
      'a comment written in parts (a nested map)',
      (doc) => {
        const m = new Y.Map<unknown>();
        raw(doc).set('thread:t', m);
        m.set('text', 'hi');
      },
      'written whole',
    ],
  ];
  for (const path of Object.keys(WRITE_PATHS)) {
    it.each(cases)(`B5 %s is refused whole on the ${path} path (4434) with a sentence`, async (_what, write, says) => {
      const denials = await expectRefused(target(), path, write, CLOSE.invalidBoardComment.code, commentCount);
      expect(denials.join(' ')).toContain(says);
    });
  }

  it('B5 threads, replies, resolve and deletions from an editor are accepted, relayed and stored', async () => {
    const a = await new RawClient(server.wsUrl, room).connect();
    const b = await new RawClient(server.wsUrl, room).connect();
    boardComments(a.doc).startThread(thread('t1'), 'local');
    await waitFor(() => boardComments(b.doc).thread('t1') !== undefined, 'b sees the thread');
    boardComments(b.doc).reply({ id: 'r1', threadId: 't1', author: 'p-ben', personName: 'Ben', createdAt: 2000, text: 'Yes' }, 'local');
    await waitFor(() => boardComments(a.doc).thread('t1')?.replies.length === 1, 'a sees the reply');
    boardComments(a.doc).setResolved('t1', true, 'Ana', 3000, 'local');
    await waitFor(() => boardComments(b.doc).thread('t1')?.resolved === true, 'b sees it resolved');
    boardComments(a.doc).startThread(thread('t2'), 'local');
    boardComments(a.doc).removeThread('t2', 'local');
    expect(a.closed).toBeNull();
    expect(b.closed).toBeNull();
    const later = await new RawClient(server.wsUrl, room).connect();
    await waitFor(() => boardComments(later.doc).threads().length === 1, 'a newcomer gets the stored thread');
    expect(boardComments(later.doc).thread('t1')).toMatchObject({
      resolved: true,
      resolvedBy: 'Ana',
      replies: [{ id: 'r1', text: 'Yes' }],
    });
    for (const c of [a, b, later]) c.close();
  });
});

describe('A2 viewers read comments but cannot write them', () => {
  it.each(Object.keys(WRITE_PATHS))(
    'A2 a viewer’s comment on the %s path is dropped and the viewer told, staying connected',
    async (path) => {
      const editor = await new RawClient(server.wsUrl, room).connect();
      boardComments(editor.doc).startThread(thread('t1'), 'local');
      const viewer = new RawClient(server.wsUrl, room.links.viewer);
      await WRITE_PATHS[path]!(viewer, (doc) =>
        boardComments(doc).startThread(thread('fromViewer', { author: 'p-vi', personName: 'Vi' }), 'local'),
      );
      await waitFor(() => viewer.denials().length >= 1, 'the viewer is told');
      expect(viewer.denials()[0]).toMatch(/view-only/);
      // The viewer reads the editor's thread, and keeps receiving.
      await waitFor(() => boardComments(viewer.doc).thread('t1') !== undefined, 'the viewer reads the thread');
      boardComments(editor.doc).reply(
        { id: 'r1', threadId: 't1', author: 'p-ana', personName: 'Ana', createdAt: 2, text: 'more' },
        'local',
      );
      await waitFor(() => boardComments(viewer.doc).thread('t1')?.replies.length === 1, 'the viewer still receives');
      expect(viewer.closed).toBeNull();
      const check = await new RawClient(server.wsUrl, room).connect();
      await waitFor(() => boardComments(check.doc).thread('t1') !== undefined, 'check synced');
      expect(boardComments(check.doc).thread('fromViewer')).toBeUndefined();
      const stored = await store.load(room.id);
      const fromDisk = new Y.Doc();
      for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(fromDisk, u);
      expect(boardComments(fromDisk).thread('fromViewer')).toBeUndefined();
      for (const c of [editor, viewer, check]) c.close();
    },
  );
});

function validThread(): Record<string, unknown> {
  return { shapeId: 'shape:a', author: 'p', personName: 'P', createdAt: 1, text: 'hi', resolved: false };
}
