/**
 * A1–A8: link tokens and roles, enforced by the server over real sockets and HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { CLOSE, writeTitle, readTitle } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, tokenOfLink, waitFor, type TestServer } from '../helpers/testServer.ts';
import { LinkTokens } from '../../src/auth/linkTokens.ts';
import { SECRET_FILE } from '../../src/auth/secret.ts';
import { encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function closeCodeFor(url: string): Promise<number> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}

/** Permission-denied reasons a raw client received (y-protocols auth message 2/0). */
function denials(c: RawClient): string[] {
  const out: string[] = [];
  for (const m of c.received) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) out.push(decoding.readVarString(d));
  }
  return out;
}

describe('A1 tokens', () => {
  it('A1 missing, garbage, forged, other-room, expired and replaced tokens are each refused with their close code', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const other = await server.createRoom();
    const base = `${server.wsUrl}/${room.id}`;
    const forged = await new LinkTokens(new Uint8Array(crypto.randomBytes(32)), 3600).issue({ room: room.id, role: 'facilitator', gen: 1 });
    const expired = await new LinkTokens(server.secret, -60).issue({ room: room.id, role: 'editor', gen: 1 });

    expect(await closeCodeFor(base)).toBe(CLOSE.tokenInvalid.code);
    expect(await closeCodeFor(`${base}?token=not.a.jwt`)).toBe(CLOSE.tokenInvalid.code);
    expect(await closeCodeFor(`${base}?token=${forged}`)).toBe(CLOSE.tokenInvalid.code);
    expect(await closeCodeFor(`${base}?token=${other.token}`)).toBe(CLOSE.tokenInvalid.code);
    expect(await closeCodeFor(`${base}?token=${expired}`)).toBe(CLOSE.tokenExpired.code);

    const rotate = await fetch(`${server.url}/api/rooms/${room.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.links.facilitator.token}` },
    });
    expect(rotate.status).toBe(200);
    expect(await closeCodeFor(`${base}?token=${room.token}`)).toBe(CLOSE.linkReplaced.code);
    const fresh = tokenOfLink(((await rotate.json()) as { link: string }).link);
    const c = new RawClient(server.wsUrl, { id: room.id, token: fresh });
    await c.connect();
    expect(c.synced).toBe(true);
    c.close();
  });

  it('A1 the signing secret is generated once into the data directory, readable by its owner only', async () => {
    server = await startServer();
    const stat = fs.statSync(path.join(server.dataDir, SECRET_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
  });
});

describe('A2 viewers cannot write', () => {
  it('A2 a viewer’s update, solicited step 2 and unsolicited step 2 are all dropped, and the viewer is told', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const editor = providerClient(server.wsUrl, room);
    await editor.synced();
    scratchMap(editor.doc).set('shape:ok', { id: 'shape:ok', typeName: 'shape' });

    // The viewer's own doc holds content the server lacks, so its solicited step 2 (the answer to
    // the server's step 1 during the handshake) carries a write.
    const viewer = new RawClient(server.wsUrl, room.links.viewer);
    scratchMap(viewer.doc).set('shape:handshake', { id: 'shape:handshake', typeName: 'shape' });
    await viewer.connect();
    await waitFor(() => scratchMap(viewer.doc).has('shape:ok'), 'viewer receives the editor’s shape');

    scratchMap(viewer.doc).set('shape:update', { id: 'shape:update', typeName: 'shape' }); // sent as an update
    const forger = new Y.Doc();
    scratchMap(forger).set('shape:step2', { id: 'shape:step2', typeName: 'shape' });
    viewer.send(encodeSyncStep2(Y.encodeStateAsUpdate(forger))); // unsolicited step 2
    viewer.send(encodeUpdate(Y.encodeStateAsUpdate(forger)));

    await waitFor(() => denials(viewer).length >= 4, 'viewer told of each write');
    expect(denials(viewer)[0]).toMatch(/view-only/);
    expect(viewer.closed).toBeNull();
    // The viewer keeps listening.
    scratchMap(editor.doc).set('shape:later', { id: 'shape:later', typeName: 'shape' });
    await waitFor(() => scratchMap(viewer.doc).has('shape:later'), 'viewer still receives');

    const check = new RawClient(server.wsUrl, room);
    await check.connect();
    expect([...scratchMap(check.doc).keys()].sort()).toEqual(['shape:later', 'shape:ok']);
    expect([...scratchMap(editor.doc).keys()].sort()).toEqual(['shape:later', 'shape:ok']);
    check.close();
    viewer.close();
    editor.destroy();
    // Nothing of it was stored either.
    await waitFor(() => !server!.app.registry.isLoaded(room.id), 'room unloaded');
    const reload = new RawClient(server.wsUrl, room);
    await reload.connect();
    expect([...scratchMap(reload.doc).keys()].sort()).toEqual(['shape:later', 'shape:ok']);
    reload.close();
  });

  it('A3 only the facilitator can rename the room', async () => {
    server = await startServer();
    const room = await server.createRoom('First');
    const editor = new RawClient(server.wsUrl, room);
    const facilitator = new RawClient(server.wsUrl, room.links.facilitator);
    await editor.connect();
    await facilitator.connect();
    writeTitle(editor.doc, 'Hijacked', 'local');
    await waitFor(() => denials(editor).length === 1, 'editor told');
    writeTitle(facilitator.doc, 'Night session', 'local');
    const check = new RawClient(server.wsUrl, room.links.viewer);
    await check.connect();
    await waitFor(() => readTitle(check.doc) === 'Night session', 'title changed by the facilitator');
    const info = await fetch(`${server.url}/api/rooms/${room.id}?token=${room.links.viewer.token}`);
    expect(((await info.json()) as { title: string }).title).toBe('Night session');
    for (const c of [editor, facilitator, check]) c.close();
  });
});

describe('A4 rotation', () => {
  it('A4 rotating the viewer link closes live viewer connections of the old link only', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const viewer = new RawClient(server.wsUrl, room.links.viewer);
    const editor = new RawClient(server.wsUrl, room);
    const facilitator = new RawClient(server.wsUrl, room.links.facilitator);
    await Promise.all([viewer.connect(), editor.connect(), facilitator.connect()]);
    const res = await fetch(`${server.url}/api/rooms/${room.id}/links/viewer/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.links.facilitator.token}` },
    });
    expect(((await res.json()) as { closedConnections: number }).closedConnections).toBe(1);
    expect((await viewer.waitClosed()).code).toBe(CLOSE.linkReplaced.code);
    scratchMap(editor.doc).set('still', 1);
    await waitFor(() => scratchMap(facilitator.doc).get('still') === 1, 'others keep syncing');
    expect(editor.closed).toBeNull();
    editor.close();
    facilitator.close();
  });
});

describe('A5 limits', () => {
  it('A5 a full room refuses the next connection with 4430 and keeps serving the others', async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_ROOM: '2' } });
    const room = await server.createRoom();
    const a = new RawClient(server.wsUrl, room);
    const b = new RawClient(server.wsUrl, room);
    await a.connect();
    await b.connect();
    const c = new RawClient(server.wsUrl, room);
    expect((await c.waitClosed()).code).toBe(CLOSE.roomFull.code);
    scratchMap(a.doc).set('x', 1);
    await waitFor(() => scratchMap(b.doc).get('x') === 1, 'room still works');
    a.close();
    b.close();
  });

  it('A5 room creation is limited per address per minute, with Retry-After', async () => {
    server = await startServer({ env: { ROOM_CREATIONS_PER_IP_PER_MINUTE: '3' } });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${server.url}/api/rooms`, { method: 'POST' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});

describe('A6 HTTP endpoints check the token', () => {
  it('A6 room info, links and rotation each need the right role', async () => {
    server = await startServer();
    const room = await server.createRoom('Demo');
    const api = (p: string, token?: string, init: RequestInit = {}) =>
      fetch(`${server!.url}/api/rooms/${room.id}${p}`, { ...init, headers: token ? { authorization: `Bearer ${token}` } : {} });

    expect((await api('')).status).toBe(401);
    const asViewer = await api('', room.links.viewer.token);
    expect(await asViewer.json()).toMatchObject({ roomId: room.id, title: 'Demo', role: 'viewer' });

    const viewerLinks = (await (await api('/links', room.links.viewer.token)).json()) as { links: Record<string, string> };
    expect(Object.keys(viewerLinks.links)).toEqual(['viewer']);
    const facLinks = (await (await api('/links', room.links.facilitator.token)).json()) as { links: Record<string, string> };
    expect(Object.keys(facLinks.links).sort()).toEqual(['editor', 'facilitator', 'viewer']);

    expect((await api('/links/viewer/rotate', room.token, { method: 'POST' })).status).toBe(403);
    expect((await api('/links/facilitator/rotate', room.links.facilitator.token, { method: 'POST' })).status).toBe(400);
    expect((await api('/links/viewer/rotate', room.links.facilitator.token, { method: 'POST' })).status).toBe(200);
    const replaced = await api('', room.links.viewer.token);
    expect(replaced.status).toBe(403);
    expect(((await replaced.json()) as { error: { code: string } }).error.code).toBe('link_replaced');
  });

  it('A7 every response carries the security headers', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const requests: Array<[string, RequestInit?]> = [
      ['/healthz'],
      ['/'], // the built client, or the JSON error when it is not built
      ['/r/some-room'],
      ['/api/rooms/nope'], // 400
      [`/api/rooms/${room.id}`], // 401: no token
      [`/api/rooms/${room.id}`, { headers: { authorization: `Bearer ${room.token}` } }], // 200
      ['/api/rooms', { method: 'PUT' }], // 405
      ['/api/rooms', { method: 'POST', body: 'not json' }], // 400
      ['/api/nothing-here'], // 404
    ];
    for (const [p, init] of requests) {
      const res = await fetch(`${server.url}${p}`, init);
      const where = `${init?.method ?? 'GET'} ${p} (${res.status})`;
      expect(res.headers.get('content-security-policy'), where).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy'), where).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), where).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
    }
  });
});

describe('A8 presence roles', () => {
  it('A8 presence carries the role the server knows, whatever the client claims', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const editor = providerClient(server.wsUrl, room);
    const viewer = providerClient(server.wsUrl, room.links.viewer);
    await editor.synced();
    await viewer.synced();
    editor.provider.awareness.setLocalStateField('user', { name: 'Sneaky' });
    editor.provider.awareness.setLocalStateField('role', 'facilitator');
    viewer.provider.awareness.setLocalStateField('user', { name: 'Quiet' });
    const stateOf = (p: typeof editor, id: number) =>
      p.provider.awareness.getStates().get(id) as { role?: string; user?: { name: string } } | undefined;
    await waitFor(() => stateOf(viewer, editor.doc.clientID)?.user?.name === 'Sneaky', 'viewer sees editor');
    expect(stateOf(viewer, editor.doc.clientID)?.role).toBe('editor');
    await waitFor(() => stateOf(editor, viewer.doc.clientID)?.role === 'viewer', 'editor sees viewer as viewer');
    editor.destroy();
    viewer.destroy();
  });
});
