/**
 * S13: a change too large for one WebSocket message reaches the room in parts, under the same
 * rules as any other (roles, dependencies, write-ahead); one over MAX_UPDATE_BYTES is refused with
 * a sentence and leaves the connection open for the sender's other edits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { CLOSE, MESSAGE, readPartsBody, sendingInParts, splitSyncMessage, type PartsBody } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { geoShape } from '@riffboard/shared/test/boardRecords';
import { encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';

const MiB = 1024 * 1024;
const PartedWebSocket = sendingInParts(WebSocket);

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function serverWith(env: Record<string, string>, dataDir?: string): Promise<TestServer> {
  const s = await startServer({ env, ...(dataDir ? { dataDir } : {}) });
  servers.push(s);
  return s;
}

/**
 * A day of freehand drawing: `mb` megabytes of strokes in many transactions, as board records
 * shaped like tldraw's draw shapes (each segment's points packed in a base64 path string).
 */
function drawOffline(doc: Y.Doc, mb: number, prefix = 'stroke'): void {
  const path = Buffer.from(Float32Array.from({ length: 12_000 }, (_, i) => Math.sin(i / 40) * 100).buffer).toString('base64');
  const strokes = Math.ceil((mb * MiB) / path.length);
  for (let i = 0; i < strokes; i += 20) {
    doc.transact(() => {
      for (let j = i; j < Math.min(strokes, i + 20); j++)
        doc
          .getMap('board')
          .set(`shape:${prefix}${j}`, { ...geoShape(`shape:${prefix}${j}`), meta: { segments: [{ type: 'free', path }] } });
    });
  }
}

/** The parts-protocol messages (refusals, receipts) a raw client received. */
function partsMessages(c: RawClient): PartsBody[] {
  const out: PartsBody[] = [];
  for (const m of c.received) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) === MESSAGE.parts) out.push(readPartsBody(d));
  }
  return out;
}

describe('S13 changes too large for one message', () => {
  it('S13 20 MB drawn offline reach the room in parts through the stock provider, are stored, and a later small edit follows', async () => {
    const s = await serverWith({ MAX_MESSAGE_BYTES: String(MiB) });
    const room = await s.createRoom();
    const watcher = new RawClient(s.wsUrl, room);
    await watcher.connect();

    const doc = new Y.Doc();
    drawOffline(doc, 20);
    const strokes = doc.getMap('board').size;
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(20 * MiB);
    let opened = 0;
    class CountingSocket extends PartedWebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        opened++;
      }
    }
    const writer = providerClient(s.wsUrl, room, doc, CountingSocket as unknown as typeof WebSocket);
    await waitFor(() => watcher.doc.getMap('board').size === strokes, 'watcher receives the offline drawing', 60_000);
    doc.getMap('board').set('shape:later', geoShape('shape:later'));
    await waitFor(() => watcher.doc.getMap('board').has('shape:later'), 'a small edit made after it arrives');
    expect(opened).toBe(1); // never refused, never reconnected
    writer.destroy();
    watcher.close();

    // Stored (S2): a server started on the same data has all of it.
    const dataDir = s.dataDir;
    await s.stop();
    servers = [];
    const s2 = await serverWith({ MAX_MESSAGE_BYTES: String(MiB) }, dataDir);
    const fresh = providerClient(s2.wsUrl, room);
    await fresh.synced();
    expect(fresh.doc.getMap('board').size).toBe(strokes + 1);
    expect(fresh.doc.getMap('board').has('shape:later')).toBe(true);
    fresh.destroy();
  }, 120_000);

  it('S13 a change over MAX_UPDATE_BYTES is refused with a sentence on its first part; nothing of it is applied and the sender’s other edits still sync', async () => {
    const s = await serverWith({ MAX_MESSAGE_BYTES: String(MiB), MAX_UPDATE_BYTES: String(2 * MiB) });
    const room = await s.createRoom();
    const watcher = new RawClient(s.wsUrl, room);
    await watcher.connect();
    const sender = new RawClient(s.wsUrl, room);
    await sender.connect();

    const big = new Y.Doc();
    drawOffline(big, 3, 'huge');
    const parts = splitSyncMessage(encodeUpdate(Y.encodeStateAsUpdate(big))) ?? [];
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) sender.send(p);
    await waitFor(() => partsMessages(sender).some((m) => m.sub === 'refused'), 'refusal');
    const refusal = partsMessages(sender).find((m) => m.sub === 'refused');
    expect(refusal).toMatchObject({ sub: 'refused', total: Y.encodeStateAsUpdate(big).byteLength });
    expect(refusal?.sub === 'refused' && refusal.sentence).toMatch(
      /^This change is 3\.\d MB, more than the 2 MB a room accepts at once.*\.$/,
    );

    // The rest of the refused change was read and dropped; the connection takes the next edit.
    sender.doc.getMap('board').set('shape:small', geoShape('shape:small'));
    await waitFor(() => watcher.doc.getMap('board').has('shape:small'), 'a later small edit arrives');
    expect(sender.closed).toBeNull();
    expect([...watcher.doc.getMap('board').keys()]).toEqual(['shape:small']);
    sender.close();
    watcher.close();
  });

  it('S13 A2 a viewer’s change in parts is denied whole, and the viewer stays connected', async () => {
    const s = await serverWith({ MAX_MESSAGE_BYTES: String(MiB) });
    const room = await s.createRoom();
    const viewer = new RawClient(s.wsUrl, room.links.viewer);
    await viewer.connect();
    const big = new Y.Doc();
    drawOffline(big, 2);
    for (const p of splitSyncMessage(encodeSyncStep2(Y.encodeStateAsUpdate(big))) ?? []) viewer.send(p);
    await waitFor(() => viewer.received.some((m) => m[0] === MESSAGE.auth), 'permission denied');
    const fresh = new RawClient(s.wsUrl, room);
    await fresh.connect();
    expect(fresh.doc.getMap('board').size).toBe(0);
    expect(viewer.closed).toBeNull();
    fresh.close();
    viewer.close();
  });

  it('S13 S7 a change in parts whose dependencies the room lacks is refused whole with 4422', async () => {
    const s = await serverWith({ MAX_MESSAGE_BYTES: String(MiB) });
    const room = await s.createRoom();
    const doc = new Y.Doc();
    doc.getMap('board').set('shape:base', { id: 'shape:base' });
    const before = Y.encodeStateVector(doc);
    drawOffline(doc, 2);
    // Everything after the first record, without the record it continues from.
    const rest = Y.encodeStateAsUpdate(doc, before);
    const offender = new RawClient(s.wsUrl, room);
    await offender.connect();
    for (const p of splitSyncMessage(encodeUpdate(rest)) ?? []) offender.send(p);
    expect((await offender.waitClosed()).code).toBe(CLOSE.badUpdate.code);
    const fresh = new RawClient(s.wsUrl, room);
    await fresh.connect();
    expect(fresh.doc.getMap('board').size).toBe(0);
    fresh.close();
  });

  it('S13 S7 parts out of order, or another message between two parts, close with 4400 and apply nothing', async () => {
    const s = await serverWith({ MAX_MESSAGE_BYTES: String(MiB) });
    const room = await s.createRoom();
    const big = new Y.Doc();
    drawOffline(big, 1);
    const parts = splitSyncMessage(encodeUpdate(Y.encodeStateAsUpdate(big))) ?? [];
    expect(parts.length).toBeGreaterThan(2);
    const [first, second, third] = parts as [Uint8Array, Uint8Array, Uint8Array];

    const skipper = new RawClient(s.wsUrl, room);
    await skipper.connect();
    skipper.send(first);
    skipper.send(third);
    expect((await skipper.waitClosed()).code).toBe(CLOSE.malformedMessage.code);

    const interleaver = new RawClient(s.wsUrl, room);
    await interleaver.connect();
    interleaver.send(first);
    interleaver.doc.getMap('board').set('shape:between', { id: 'shape:between' });
    interleaver.send(second);
    expect((await interleaver.waitClosed()).code).toBe(CLOSE.malformedMessage.code);

    const fresh = new RawClient(s.wsUrl, room);
    await fresh.connect();
    expect(fresh.doc.getMap('board').size).toBe(0);
    fresh.close();
  });
});
