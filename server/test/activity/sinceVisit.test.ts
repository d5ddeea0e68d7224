/**
 * "Since you were last here" and credits over HTTP (server SPEC H7–H9), with raw clients editing
 * and raw HTTP reading: the visit is remembered when a person's connection leaves or when they
 * mark it seen; the summary lists exactly what others changed after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import { createIdea, writeBoardChanges, type ActivityEntry, type Credit } from '@riffboard/shared';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';
import { RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type RoomRef, type TestServer } from '../helpers/testServer.ts';
import { personIdOf } from '../../src/activity/personKey.ts';

const ANA_KEY = 'ana-secret-key-0123456789';
const BEN_KEY = 'ben-secret-key-0123456789';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ activityRecorder: { quietMs: 200, maxBurstMs: 30_000 } });
});
afterAll(async () => {
  await server.stop();
});

async function person(room: RoomRef, key: string, name: string): Promise<RawClient> {
  const c = new RawClient(server.wsUrl, room, { key, name });
  await c.connect();
  const aw = new Awareness(c.doc);
  aw.setLocalState({ user: { name, color: '#4dabf7' } });
  c.sendAwareness(aw, [c.doc.clientID]);
  return c;
}

async function api(room: RoomRef, path: string, key?: string, method = 'GET'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/rooms/${room.id}/${path}`, {
    method,
    headers: { authorization: `Bearer ${room.token}`, ...(key ? { 'x-person-key': key } : {}) },
  });
  return { status: res.status, body: await res.json() };
}

type Since = { you: string; lastHere: number | null; entries: ActivityEntry[] };

describe('H8 since you were last here', () => {
  it('H8 lists exactly what others changed after the person left, not their own changes; marking seen empties it', async () => {
    const room = await server.createRoom();
    const first = await api(room, 'activity/since', ANA_KEY);
    expect(first).toEqual({ status: 200, body: { you: personIdOf(ANA_KEY), lastHere: null, entries: [], truncated: false } });
    const ana = await person(room, ANA_KEY, 'Ana');
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:before')], removed: [] }, 'local');
    await waitFor(async () => ((await api(room, 'activity')).body as { entries: unknown[] }).entries.length === 1, 'ana’s first entry');
    ana.close();
    await waitFor(async () => ((await api(room, 'activity/since', ANA_KEY)).body as Since).lastHere !== null, 'ana’s visit recorded');
    const ben = await person(room, BEN_KEY, 'Ben');
    writeBoardChanges(ben.doc, { put: [geoShape('shape:ben', 40, 40)], removed: [] }, 'local');
    createIdea(ben.doc, { title: 'Half-time bridge' }, { id: 'x', name: 'Ben' }, 'local');
    const back = await person(room, ANA_KEY, 'Ana');
    await waitFor(() => back.doc.getMap('board').has('shape:ben'), 'ben’s shape at ana');
    writeBoardChanges(back.doc, { put: [geoShape('shape:mine', 80, 80)], removed: [] }, 'local');
    await waitFor(async () => ((await api(room, 'activity')).body as { entries: unknown[] }).entries.length === 4, 'four entries');
    const since = (await api(room, 'activity/since', ANA_KEY)).body as Since;
    expect(since.entries.map((e) => [e.itemId.startsWith('shape:') ? e.itemId : e.area, e.name]).sort()).toEqual([
      ['backlog', 'Ben'],
      ['shape:ben', 'Ben'],
    ]);
    const seen = await api(room, 'activity/seen', ANA_KEY, 'POST');
    expect(seen.status).toBe(200);
    expect(((await api(room, 'activity/since', ANA_KEY)).body as Since).entries).toEqual([]);
    // Ben has never left the room, so nothing is news to him yet.
    expect(((await api(room, 'activity/since', BEN_KEY)).body as Since).lastHere).toBeNull();
    back.close();
    ben.close();
  });

  it('H8 without a usable person key the summary and "seen" are refused with a sentence', async () => {
    const room = await server.createRoom();
    for (const [path, method] of [
      ['activity/since', 'GET'],
      ['activity/seen', 'POST'],
    ] as const) {
      for (const key of [undefined, 'short', 'has spaces in it, which keys never do']) {
        const res = await api(room, path, key, method);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: { code: 'bad_person_key', message: expect.stringMatching(/person key .* reload the page/) } });
      }
    }
  });
});

describe('H7 the feed route', () => {
  it('H7 a viewer can read the feed; pages go back with "before" until "next" is null', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    writeBoardChanges(ana.doc, { put: [page()], removed: [] }, 'local');
    for (let i = 0; i < 5; i++) writeBoardChanges(ana.doc, { put: [geoShape(`shape:${i}`, i * 10, 0)], removed: [] }, 'local');
    await waitFor(
      async () => ((await api(room, 'activity')).body as { entries: ActivityEntry[] }).entries.filter((e) => e.seq > 0).length === 5,
      'five stored',
    );
    const seen: string[] = [];
    let before: number | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const res = await api(room.links.viewer, `activity?limit=2${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      const body = res.body as { entries: ActivityEntry[]; next: number | null };
      seen.push(...body.entries.map((e) => e.itemId));
      before = body.next;
      if (before === null) break;
    }
    expect(seen).toEqual(['shape:4', 'shape:3', 'shape:2', 'shape:1', 'shape:0']);
    expect((await api(room, 'activity?limit=0')).status).toBe(400);
    expect((await fetch(`${server.url}/api/rooms/${room.id}/activity`)).status).toBe(401);
    ana.close();
  });
});

describe('H9 credits', () => {
  it('H9 credits count what each person added, from attributed records', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    const ben = await person(room, BEN_KEY, 'Ben');
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:1'), geoShape('shape:2', 200, 0)], removed: [] }, 'local');
    createIdea(ben.doc, { title: 'Hook' }, { id: personIdOf(ANA_KEY), name: 'Ana' }, 'local');
    await waitFor(async () => ((await api(room, 'activity')).body as { entries: unknown[] }).entries.length === 3, 'three entries');
    const { status, body } = await api(room.links.viewer, 'credits');
    expect(status).toBe(200);
    const credits = (body as { credits: Credit[] }).credits;
    expect(credits.map((c) => [c.name, c.boardItems, c.ideas])).toEqual([
      ['Ana', 2, 0],
      ['Ben', 0, 1],
    ]);
    ana.close();
    ben.close();
  });
});
