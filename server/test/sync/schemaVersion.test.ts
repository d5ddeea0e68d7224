/**
 * S14: a tab built for another document schema than the server's (a deploy while it was open, or
 * a new tab reaching a server not yet updated) is closed before anything it sends is read, with a
 * code that tells it to reload; stock clients, which announce nothing, sync as before.
 * S17: a tab that announced its schema is told the server's before anything else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { CLOSE, MESSAGE, SCHEMA_VERSION, readSchemaAnnounce } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { encodeSyncStep1, encodeUpdate } from '../../src/sync/messages.ts';
import { geoShape } from '@riffboard/shared/test/boardRecords';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Opens a socket announcing `schema`, sends one write at once, and resolves with the close code. */
function writeAs(s: TestServer, room: { id: string; token: string }, schema: number): Promise<number> {
  const ws = new WebSocket(`${s.wsUrl}/${room.id}?token=${encodeURIComponent(room.token)}&schema=${schema}`);
  ws.on('error', () => {});
  const doc = new Y.Doc();
  doc.getMap('board').set(`shape:from-v${schema}`, geoShape(`shape:from-v${schema}`));
  ws.on('open', () => ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc))));
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}

describe('S14 tabs and servers on different schemas', () => {
  it('S14 an older tab is told to reload (4426) and a newer one that the server is older (4427); neither writes anything', async () => {
    server = await startServer();
    const room = await server.createRoom();
    expect(await writeAs(server, room, SCHEMA_VERSION - 1)).toBe(CLOSE.clientOutdated.code);
    expect(await writeAs(server, room, SCHEMA_VERSION + 1)).toBe(CLOSE.serverOutdated.code);
    expect(CLOSE.clientOutdated.retry).toBe(false);
    expect(CLOSE.serverOutdated.retry).toBe(false);
    const fresh = new RawClient(server.wsUrl, room);
    await fresh.connect();
    expect([...fresh.doc.getMap('board').keys()]).toEqual([]);
    fresh.close();
  });

  it('S17 a tab that announced its schema hears the server’s first, before any sync message; a stock client never does', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const ws = new WebSocket(`${server.wsUrl}/${room.id}?token=${encodeURIComponent(room.token)}&schema=${SCHEMA_VERSION}`);
    ws.on('error', () => {});
    const firstTypes: number[] = [];
    let announced: number | null = null;
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(d);
      firstTypes.push(type);
      if (type === MESSAGE.schema) announced = readSchemaAnnounce(d);
    });
    ws.on('open', () => ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))));
    await waitFor(() => firstTypes.includes(MESSAGE.sync), 'the server answers the sync');
    expect(firstTypes[0]).toBe(MESSAGE.schema);
    expect(announced).toBe(SCHEMA_VERSION);
    ws.close();

    const stock = new RawClient(server.wsUrl, room);
    const stockTypes: number[] = [];
    stock.ws.on('message', (data: Buffer) => stockTypes.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
    await stock.connect();
    expect(stockTypes).not.toContain(MESSAGE.schema);
    stock.close();
  });

  it('S14 a tab on the server’s schema, and a stock client that names none, sync as before', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const stock = providerClient(server.wsUrl, room);
    await stock.synced();
    const same = new WebSocket(`${server.wsUrl}/${room.id}?token=${encodeURIComponent(room.token)}&schema=${SCHEMA_VERSION}`);
    same.on('error', () => {});
    const doc = new Y.Doc();
    doc.getMap('board').set('shape:current', geoShape('shape:current'));
    same.on('open', () => same.send(encodeUpdate(Y.encodeStateAsUpdate(doc))));
    await waitFor(() => stock.doc.getMap('board').has('shape:current'), 'the current tab’s write reaches the stock client');
    same.close();
    stock.destroy();
  });
});
