/**
 * The three ways a client's write reaches a room (update, solicited and unsolicited sync step 2),
 * and the check that a refused write closed its sender and reached nobody: shared by the tests of
 * what may be written (SPEC B), so every rule is proven on every path the same way.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { RawClient } from './clients.ts';
import { waitFor, type TestRoom, type TestServer } from './testServer.ts';
import type { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';
import { scratchMap } from './scratch.ts';

export type Write = (doc: Y.Doc) => void;

/** The transaction's bytes as an update on top of what `c` holds. */
export function forge(c: RawClient, write: Write): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(c.doc));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => write(doc));
  return Y.encodeStateAsUpdate(doc, before);
}

export const WRITE_PATHS: Record<string, (c: RawClient, write: Write) => Promise<void>> = {
  update: async (c, write) => {
    await c.connect();
    c.send(encodeUpdate(forge(c, write)));
  },
  'unsolicited step 2': async (c, write) => {
    await c.connect();
    c.send(encodeSyncStep2(forge(c, write)));
  },
  'solicited step 2': async (c, write) => {
    // Written before the socket opens: the client's answer to the server's step 1 carries it.
    c.doc.transact(() => write(c.doc));
    await c.connect();
  },
};

export interface WriteTarget {
  readonly server: TestServer;
  readonly store: SqliteDocStore;
  readonly room: TestRoom;
}

/**
 * Sends `write` on `path`; checks the sender is closed with `close` and that nobody else (another
 * client, a newcomer, the live room, the database) has any of it (`seen` counts what landed).
 * Returns the sentences the sender was told.
 */
export async function expectRefused(
  { server, store, room }: WriteTarget,
  path: string,
  write: Write,
  close: number,
  seen: (doc: Y.Doc) => number,
): Promise<string[]> {
  const watcher = await new RawClient(server.wsUrl, room).connect();
  const writer = new RawClient(server.wsUrl, room);
  await WRITE_PATHS[path]!(writer, write);
  expect((await writer.waitClosed()).code).toBe(close);
  // The room goes on: a later edit from the watcher reaches a newcomer, and nothing refused did.
  scratchMap(watcher.doc).set('after', 1);
  const newcomer = await new RawClient(server.wsUrl, room).connect();
  await waitFor(() => scratchMap(newcomer.doc).get('after') === 1, 'the room keeps syncing');
  expect(seen(watcher.doc)).toBe(0);
  expect(seen(newcomer.doc)).toBe(0);
  const live = await server.app.registry.acquire(room.id);
  expect(seen(live.doc)).toBe(0);
  server.app.registry.release(room.id);
  const stored = await store.load(room.id);
  const fromDisk = new Y.Doc();
  for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(fromDisk, u);
  expect(seen(fromDisk)).toBe(0);
  expect(watcher.closed).toBeNull();
  watcher.close();
  newcomer.close();
  const denials = writer.denials();
  writer.close();
  return denials;
}
