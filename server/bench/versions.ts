/**
 * Versions, in process: what a restore and a preview cost for a big room. A room of 4,000 board
 * shapes (tldraw's per-page maximum) and 500 backlog ideas; the live room has moved half the
 * shapes, deleted a quarter and added 500 since the version. Times (median of 5): encoding the
 * snapshot (what saving a version does), migrating and restoring it into the live doc (one change),
 * and the preview's "what differs" counts (recomputed as the live room changes); plus the size of
 * the restore's one update.
 *
 *   pnpm --filter @riffboard/server exec tsx bench/versions.ts
 */
import * as Y from 'yjs';
import { migrateDoc, restoreContent, versionDiff } from '@riffboard/shared';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';
import { median } from './stats.ts';

const SHAPES = 4000;
const IDEAS = 500;

function room(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const board = doc.getMap<unknown>('board');
    board.set(page().id, page());
    for (let i = 0; i < SHAPES; i++) board.set(`shape:s${i}`, geoShape(`shape:s${i}`, (i % 80) * 150, Math.floor(i / 80) * 120));
    const backlog = doc.getMap<unknown>('backlog');
    for (let i = 0; i < IDEAS; i++)
      backlog.set(
        `idea${i}`,
        new Y.Map<unknown>([
          ['title', `Idea ${i}`],
          ['notes', new Y.Text('riff over the chorus, try 6/8')],
        ]),
      );
  });
  return doc;
}

function diverge(live: Y.Doc): void {
  live.transact(() => {
    const board = live.getMap<unknown>('board');
    for (let i = 0; i < SHAPES; i += 2) board.set(`shape:s${i}`, geoShape(`shape:s${i}`, i, i));
    for (let i = 1; i < SHAPES; i += 4) board.delete(`shape:s${i}`);
    for (let i = 0; i < 500; i++) board.set(`shape:n${i}`, geoShape(`shape:n${i}`, i, 0));
  });
}

const runs = { encode: [] as number[], restore: [] as number[], diff: [] as number[] };
let updateBytes = 0;
let snapshotBytes = 0;
for (let r = 0; r < 5; r++) {
  const live = room();
  let t = performance.now();
  const snapshot = Y.encodeStateAsUpdate(live);
  runs.encode.push(performance.now() - t);
  snapshotBytes = snapshot.byteLength;
  diverge(live);
  const version = new Y.Doc();
  Y.applyUpdate(version, snapshot);
  t = performance.now();
  versionDiff(version, live);
  runs.diff.push(performance.now() - t);
  const updates: Uint8Array[] = [];
  live.on('update', (u: Uint8Array) => updates.push(u));
  t = performance.now();
  migrateDoc(version);
  restoreContent(live, version, 'server');
  runs.restore.push(performance.now() - t);
  updateBytes = updates.reduce((n, u) => n + u.byteLength, 0);
}
const ms = (xs: number[]): string => `${median(xs).toFixed(1)} ms`;
process.stdout.write(
  [
    `| ${SHAPES} shapes + ${IDEAS} ideas | median of 5 |`,
    '| --- | --- |',
    `| snapshot (save) | ${ms(runs.encode)}, ${(snapshotBytes / 1024).toFixed(0)} KiB |`,
    `| what differs (preview) | ${ms(runs.diff)} |`,
    `| migrate + restore (one change) | ${ms(runs.restore)}, update ${(updateBytes / 1024).toFixed(0)} KiB |`,
    '',
  ].join('\n'),
);
