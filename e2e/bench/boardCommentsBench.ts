/**
 * Board comments benchmark (not a test), in Node: a board with 1,000 threads of 5 replies each.
 *
 * Measures: the encoded size of the comments; reading every thread the first time (what a tab
 * opening the room does) and again after one new reply (what every open tab does on each comment,
 * entries read before are not parsed again); and the server's check of one comment write (server
 * SPEC B5), per write. `BENCH_QUICK=1` runs fewer iterations.
 */
import * as Y from 'yjs';
import { boardComments } from '@riffboard/shared';
import { checkWrites } from '@riffboard/shared/board';

const THREADS = 1000;
const REPLIES = 5;
const QUICK = process.env.BENCH_QUICK === '1';
const REREADS = QUICK ? 10 : 50;
const CHECKS = QUICK ? 10_000 : 100_000;

const doc = new Y.Doc();
const comments = boardComments(doc);
doc.transact(() => {
  for (let t = 0; t < THREADS; t++) {
    comments.startThread(
      {
        id: `t${t}`,
        shapeId: `shape:s${t}`,
        shapeType: 'image',
        point: { x: 0.25, y: 0.75 },
        author: 'p-ana',
        personName: 'Ana',
        createdAt: t,
        text: 'Could the sky be darker here, and the horizon warmer?',
      },
      'local',
    );
    for (let r = 0; r < REPLIES; r++)
      comments.reply(
        { id: `t${t}r${r}`, threadId: `t${t}`, author: 'p-ben', personName: 'Ben', createdAt: t + r, text: 'Agreed, trying it now' },
        'local',
      );
  }
});

let t0 = performance.now();
const all = comments.threads();
const firstRead = performance.now() - t0;
if (all.length !== THREADS) throw new Error(`read ${all.length} threads`);

const rereads: number[] = [];
for (let i = 0; i < REREADS; i++) {
  comments.reply({ id: `late${i}`, threadId: `t${i}`, author: 'p-cy', personName: 'Cy', createdAt: 1e6 + i, text: 'late' }, 'local');
  t0 = performance.now();
  comments.threads();
  rereads.push(performance.now() - t0);
}
rereads.sort((a, b) => a - b);

const write = {
  root: 'boardComments',
  key: 'reply:x',
  nested: false,
  content: { kind: 'json' as const, value: { threadId: 't1', author: 'p', personName: 'P', createdAt: 1, text: 'a reply' } },
};
t0 = performance.now();
for (let i = 0; i < CHECKS; i++) if (!checkWrites(doc, [write]).ok) throw new Error('refused');
const checkUs = ((performance.now() - t0) / CHECKS) * 1000;

console.log(
  JSON.stringify({
    threads: THREADS,
    replies: THREADS * REPLIES,
    commentBytes: Y.encodeStateAsUpdate(doc).byteLength,
    firstReadMs: +firstRead.toFixed(1),
    rereadAfterOneReplyMedianMs: +(rereads[Math.floor(rereads.length / 2)] ?? NaN).toFixed(2),
    serverCheckPerCommentWriteUs: +checkUs.toFixed(2),
  }),
);
