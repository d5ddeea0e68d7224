/**
 * Where the server's CPU per update goes, measured in process with the sends stubbed out, so the
 * figures hold only the work a server does besides writing to sockets (which Riffboard and the
 * in-memory peer pay alike, per receiver). The load is the fan-out benchmark's many-rooms case:
 * 50 rooms × 10 peers, two writers per room, each update one backlog entry set, one update per
 * turn of the event loop (as at 500 updates/s).
 *
 * Each step adds one part of Riffboard's pipeline to the one before, so the differences are what
 * each part costs:
 *   1. what the in-memory peer does: apply the update, encode one message, hand it to 10 peers;
 *   2. the Riffboard room on the in-memory store (write rules, write-ahead queue, outbox);
 *   3. plus activity attribution (server SPEC H2–H5);
 *   4. plus the SQLite commit: the server as `pnpm start` runs it.
 * Rounds interleave the steps; the median is reported.
 *
 *   pnpm --filter @riffboard/server exec tsx bench/updateCost.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { SqliteDocStore } from '../src/persistence/SqliteDocStore.ts';
import { MemoryDocStore } from '../src/persistence/MemoryDocStore.ts';
import type { DocStore } from '../src/persistence/DocStore.ts';
import { SqliteActivityStore } from '../src/activity/SqliteActivityStore.ts';
import { ActivityRecorder, DEFAULT_RECORDER_OPTIONS } from '../src/activity/ActivityRecorder.ts';
import { RoomRegistry } from '../src/rooms/RoomRegistry.ts';
import { Metrics } from '../src/ops/metrics.ts';
import { createRoom } from '../src/http/rooms.ts';
import { createLogger } from '../src/log.ts';
import type { Peer, Room } from '../src/rooms/Room.ts';
import { median } from './stats.ts';

const ROOMS = 50;
const PEERS = 10;
const WRITES_PER_WRITER = Number(process.env.BENCH_UPDATE_COST_WRITES ?? 80);
const ROUNDS = Number(process.env.BENCH_UPDATE_COST_ROUNDS ?? 5);

type Step = 'peer' | 'room' | 'attribution' | 'sqlite';
const STEPS: readonly Step[] = ['peer', 'room', 'attribution', 'sqlite'];
const LABEL: Record<Step, string> = {
  peer: '1. in-memory peer: apply, encode, hand to 10 peers',
  room: '2. Riffboard room, in-memory store (write rules, write-ahead queue, outbox)',
  attribution: '3. + activity attribution',
  sqlite: '4. + SQLite commit (the server as `pnpm start` runs it)',
};

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every writer's updates, in the order they are sent: [room index, update]. */
function makeUpdates(): Array<[number, Uint8Array]> {
  const writers = Array.from({ length: ROOMS * 2 }, () => new Y.Doc());
  const perWriter: Uint8Array[][] = writers.map(() => []);
  writers.forEach((d, i) => d.on('update', (u: Uint8Array) => perWriter[i]!.push(u)));
  for (let k = 0; k < WRITES_PER_WRITER; k++) writers.forEach((d, i) => d.getMap('backlog').set(`w${i % 2}`, { t: Date.now(), s: k }));
  const order: Array<[number, Uint8Array]> = [];
  for (let k = 0; k < WRITES_PER_WRITER; k++) for (let w = 0; w < writers.length; w++) order.push([Math.floor(w / 2), perWriter[w]![k]!]);
  return order;
}

/** CPU µs per update of step 1: what `@y/websocket-server` does with an update, minus the socket writes. */
async function peerStep(order: ReadonlyArray<[number, Uint8Array]>): Promise<number> {
  let handed = 0;
  const docs = Array.from({ length: ROOMS }, () => new Y.Doc());
  for (const doc of docs) {
    doc.on('update', (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
      const message = encoding.toUint8Array(e);
      for (let i = 0; i < PEERS; i++) handed += message.byteLength;
    });
  }
  const c0 = process.cpuUsage();
  for (const [r, update] of order) {
    Y.applyUpdate(docs[r]!, update, 'peer');
    await nextTurn();
  }
  const c = process.cpuUsage(c0);
  if (handed === 0) throw new Error('peer step handed nothing on');
  return (c.user + c.system) / order.length;
}

/** CPU µs per update through Riffboard's rooms (steps 2–4). */
async function roomStep(order: ReadonlyArray<[number, Uint8Array]>, step: Exclude<Step, 'peer'>): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffboard-update-cost-'));
  const log = createLogger('warn');
  const store: DocStore & { close?: () => void } = step === 'sqlite' ? SqliteDocStore.open(dir) : new MemoryDocStore();
  const activity = SqliteActivityStore.open(dir);
  const recorder = new ActivityRecorder(activity, log, DEFAULT_RECORDER_OPTIONS);
  const registry = new RoomRegistry(
    store,
    {
      unloadDelayMs: 60_000,
      compaction: { afterUpdates: 500, afterBytes: 4 * 1024 * 1024 },
      maxRoomBytes: 128 * 1024 * 1024,
      ...(step === 'room' ? {} : { observer: recorder }),
      awareness: { maxClientsPerConnection: 4, maxStateBytes: 8192 },
    },
    log,
    null,
    new Metrics(),
  );
  let handed = 0;
  const rooms: Room[] = [];
  const writers: Peer[][] = [];
  for (let r = 0; r < ROOMS; r++) {
    const room = await registry.acquire((await createRoom(store, `room ${r}`)).roomId);
    const peers: Peer[] = [];
    for (let i = 0; i < PEERS; i++) {
      const peer: Peer = {
        id: r * PEERS + i,
        role: 'editor',
        linkGen: 1,
        send: (data) => {
          handed += data.byteLength;
        },
        close: (info) => {
          throw new Error(`peer closed: ${info.reason}`);
        },
        person: { id: `person-${i}`, name: `Player ${i}` },
      };
      room.addPeer(peer);
      peers.push(peer);
    }
    rooms.push(room);
    writers.push(peers);
  }
  await nextTurn();
  await nextTurn();
  handed = 0;
  const c0 = process.cpuUsage();
  let n = 0;
  for (const [r, update] of order) {
    rooms[r]!.handle(writers[r]![n++ % 2]!, { type: 'update', update });
    await nextTurn();
  }
  await nextTurn();
  const c = process.cpuUsage(c0);
  if (handed === 0) throw new Error('rooms handed nothing on');
  await recorder.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return (c.user + c.system) / order.length;
}

async function main(): Promise<void> {
  const order = makeUpdates();
  const results = new Map<Step, number[]>(STEPS.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const step of STEPS) {
      const us = step === 'peer' ? await peerStep(order) : await roomStep(order, step);
      results.get(step)!.push(us);
    }
  }
  const med = (s: Step): number => median(results.get(s)!);
  console.log(
    `## CPU per update besides the socket writes (${ROOMS} rooms × ${PEERS} peers, ${order.length.toLocaleString('en-US')} updates, median of ${ROUNDS} rounds)`,
  );
  console.log('');
  console.log('| step | µs per update | added by this step | per round |');
  console.log('| --- | ---: | ---: | --- |');
  let before = 0;
  for (const step of STEPS) {
    const v = med(step);
    const added = step === 'peer' ? '' : `+${(v - before).toFixed(1)}`;
    console.log(
      `| ${LABEL[step]} | ${v.toFixed(1)} | ${added} | ${results
        .get(step)!
        .map((x) => x.toFixed(0))
        .join(', ')} |`,
    );
    before = v;
  }
  console.log('');
  console.log(
    `Riffboard's own work per update is ${(med('sqlite') - med('peer')).toFixed(0)} µs more than the peer's; with ${PEERS - 1} receivers per update ` +
      `that is ${((med('sqlite') - med('peer')) / (PEERS - 1)).toFixed(1)} ms more per 1,000 deliveries.`,
  );
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
