/**
 * What the write rules (SPEC B1, B2) cost per update, measured in process: the dependency check
 * the server already ran, and the same plus the item placement and the content check, for a
 * one-shape drag (one tldraw record re-validated) and for a backlog edit (no record to validate).
 *
 *   pnpm --filter @riffboard/server exec tsx bench/writeRules.ts
 */
import * as Y from 'yjs';
import { checkUpdate, itemWrites } from '../src/sync/updateCheck.ts';
import { checkContent } from '../src/sync/contentRules.ts';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';

const N = 20_000;

function updates(write: (doc: Y.Doc, i: number) => void): { room: Y.Doc; list: Uint8Array[] } {
  const room = new Y.Doc();
  room.getMap('board').set('page:page', page());
  room.getMap('board').set('shape:a', geoShape('shape:a'));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
  const list: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => list.push(u));
  for (let i = 0; i < N; i++) write(client, i);
  return { room, list };
}

function time(label: string, list: Uint8Array[], room: Y.Doc, withRules: boolean): number {
  // Each update is checked against the room before it (as the server does), then applied.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room));
  let spent = 0;
  for (const u of list) {
    const t0 = performance.now();
    const v = checkUpdate(doc, u);
    if (!v.ok) throw new Error(v.reason);
    if (withRules && !checkContent(doc, itemWrites(doc, v.decoded)).ok) throw new Error('refused');
    spent += performance.now() - t0;
    Y.applyUpdate(doc, u);
  }
  const us = (spent * 1000) / list.length;
  console.log(`${label.padEnd(44)} ${us.toFixed(1)} µs per update`);
  return us;
}

const drag = updates((doc, i) => doc.getMap('board').set('shape:a', geoShape('shape:a', i, i)));
const backlog = updates((doc, i) => doc.getMap('backlog').set(`idea${i % 50}`, { title: `idea ${i}`, votes: i }));
for (const round of [1, 2])
  for (const [name, u] of [
    ['one-shape drag', drag],
    ['backlog edit', backlog],
  ] as const) {
    const base = time(`${name}: dependency check only`, u.list, u.room, false);
    const full = time(`${name}: + placement and write rules`, u.list, u.room, true);
    if (round === 2) console.log(`${name}: write rules add ${(full - base).toFixed(1)} µs per update (${N} updates)`);
  }
