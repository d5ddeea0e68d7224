/**
 * The crash-safety scenario (S3, M1): one client writes a burst of entries, another watches, and
 * the server is killed with SIGKILL once the watcher has received `atLeast` of them. The promise
 * to keep is about what a client *received*: every entry the watcher saw must be served by the
 * next server, even though its author never reconnects to send it again.
 */
import { RawClient } from './clients.ts';
import type { ChildServer } from './childServer.ts';
import { scratchMap } from './scratch.ts';
import { waitFor, type RoomRef } from './testServer.ts';

/** Kills `server` during a burst in `room`; returns the keys the watching client had received. */
export async function killDuringBurst(server: ChildServer, room: RoomRef, atLeast: number, timeoutMs: number): Promise<string[]> {
  const writer = await new RawClient(server.wsUrl, room).connect();
  const observer = await new RawClient(server.wsUrl, room).connect();
  let stop = false;
  const burst = (async () => {
    for (let i = 0; i < 5000 && !stop; i++) {
      scratchMap(writer.doc).set(`shape:${i}`, { id: `shape:${i}`, typeName: 'shape', i });
      if (i % 25 === 0) await new Promise((r) => setImmediate(r));
    }
  })();
  await waitFor(() => scratchMap(observer.doc).size >= atLeast, 'observer receives part of the burst', timeoutMs);
  server.child.kill('SIGKILL');
  await server.exited();
  stop = true;
  await burst;
  const seen = [...scratchMap(observer.doc).keys()];
  writer.close();
  observer.close();
  return seen;
}

/** The keys of `seen` that a fresh client of `room` on `server` does not get. */
export async function missingFrom(server: ChildServer, room: RoomRef, seen: readonly string[]): Promise<string[]> {
  const fresh = await new RawClient(server.wsUrl, room).connect();
  const board = scratchMap(fresh.doc);
  const missing = seen.filter((k) => !board.has(k));
  fresh.close();
  return missing;
}
