/**
 * Attribution from the connection (server SPEC H1–H5), with raw clients: who made a change is the
 * person the server derived from the connection's key, named by that connection's own presence;
 * nothing a client writes into the document, and no name it claims, can put a change under
 * another person's id. Viewers and refused writes leave no record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import {
  addSection,
  addTempoPoint,
  boardComments,
  buildFeed,
  createIdea,
  DEFAULT_SECTION,
  setMeterAtBar,
  tempoPoints,
  tempoSections,
  updateTempoPoint,
  writeBoardChanges,
  type ActivityEntry,
} from '@riffboard/shared';
import { geoShape, page } from '@riffboard/shared/test/boardRecords';
import { RawClient, denials } from '../helpers/clients.ts';
import { startServer, waitFor, type TestRoom, type TestServer } from '../helpers/testServer.ts';
import { encodeSyncStep2 } from '../../src/sync/messages.ts';
import { personIdOf } from '../../src/activity/personKey.ts';
import { versionApi } from '../helpers/versions.ts';

const ANA_KEY = 'ana-secret-key-0123456789';
const BEN_KEY = 'ben-secret-key-0123456789';
const MAL_KEY = 'mallory-secret-key-012345';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ activityRecorder: { quietMs: 1000, maxBurstMs: 30_000 } });
});
afterAll(async () => {
  await server.stop();
});

/** A raw client with a person key, announcing `name` in its own presence. */
async function person(room: TestRoom | TestRoom['links']['viewer'], key: string | null, name: string): Promise<RawClient> {
  const c = new RawClient(server.wsUrl, room, key ? { key } : {});
  await c.connect();
  const aw = new Awareness(c.doc);
  aw.setLocalState({ user: { name, color: '#4dabf7' } });
  c.sendAwareness(aw, [c.doc.clientID]);
  return c;
}

async function feed(room: TestRoom, headers: Record<string, string> = {}): Promise<{ entries: ActivityEntry[]; you: string | null }> {
  const res = await fetch(`${server.url}/api/rooms/${room.id}/activity?limit=200`, {
    headers: { authorization: `Bearer ${room.token}`, ...headers },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { entries: ActivityEntry[]; you: string | null };
}

async function entriesWhen(room: TestRoom, ok: (es: ActivityEntry[]) => boolean, what: string): Promise<ActivityEntry[]> {
  let last: ActivityEntry[] = [];
  await waitFor(async () => ok((last = (await feed(room)).entries)), what);
  return last;
}

describe('H2 attribution comes from the connection', () => {
  it('H2 two people with different keys edit; each change is recorded under the right person and name', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    const ben = await person(room, BEN_KEY, 'Ben');
    // Presence travels separately from the change; wait until the server has each name.
    await new Promise((r) => setTimeout(r, 50));
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:a1', 10, 10)], removed: [] }, 'local');
    tempoSections(ben.doc).put({ id: 'chorus', order: 'a0', ...DEFAULT_SECTION, name: 'Chorus', bars: 4 }, 'local');
    await waitFor(() => tempoSections(ana.doc).has('chorus'), 'ben’s section at ana');
    tempoSections(ben.doc).update('chorus', { bars: 8 }, 'local');
    const entries = await entriesWhen(room, (es) => es.length >= 2, 'two entries');
    const byItem = new Map(entries.map((e) => [e.itemId, e]));
    expect(byItem.get('shape:a1')).toMatchObject({ personId: personIdOf(ANA_KEY), name: 'Ana', area: 'board', verb: 'added', kind: 'geo' });
    // Created then changed within the burst window: one "added" section, by Ben.
    expect(byItem.get('chorus')).toMatchObject({
      personId: personIdOf(BEN_KEY),
      name: 'Ben',
      area: 'tempo',
      verb: 'added',
      label: 'Chorus',
    });
    expect(entries).toHaveLength(2);
    ana.close();
    ben.close();
  });

  it('H1 the feed shows person ids derived from the keys, never the keys themselves', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:k', 0, 0)], removed: [] }, 'local');
    await entriesWhen(room, (es) => es.length === 1, 'one entry');
    const res = await fetch(`${server.url}/api/rooms/${room.id}/activity`, {
      headers: { authorization: `Bearer ${room.token}`, 'x-person-key': ANA_KEY },
    });
    const text = await res.text();
    expect(text).not.toContain(ANA_KEY);
    expect(JSON.parse(text)).toMatchObject({ you: personIdOf(ANA_KEY), entries: [{ personId: personIdOf(ANA_KEY) }] });
    ana.close();
  });

  it('H2 tempo and meter changes are their author’s: "Ben changed the tempo at bar 9 from 120 to 128 BPM", "Ana added a tempo ramp at bar 5"', async () => {
    const room = await server.createRoom();
    const ben = await person(room, BEN_KEY, 'Ben');
    const ana = await person(room, ANA_KEY, 'Ana');
    await new Promise((r) => setTimeout(r, 50));
    tempoSections(ben.doc).put({ id: 'verse', order: 'a0', ...DEFAULT_SECTION, name: 'Verse', bars: 8 }, 'local');
    tempoSections(ben.doc).put({ id: 'chorus', order: 'a1', ...DEFAULT_SECTION, name: 'Chorus', bars: 16 }, 'local');
    expect(addTempoPoint(ben.doc, { bar: 9, beat: 1, tick: 0, bpm: 120, shape: 'jump' }, 'local', 'p9').ok).toBe(true);
    await entriesWhen(room, (es) => es.some((e) => e.itemId === 'p9' && e.seq > 0), 'the added tempo point stored');
    // Typed digit by digit after the burst window: one entry, first "from" and last "to".
    for (const bpm of [121, 125, 128]) expect(updateTempoPoint(ben.doc, 'p9', { bpm }, 'local').ok).toBe(true);
    await entriesWhen(room, (es) => es.some((e) => e.itemId === 'p9' && e.verb === 'changed' && e.seq > 0), 'the tempo change stored');
    await waitFor(() => tempoPoints(ana.doc).has('p9'), 'ben’s tempo at ana');
    expect(addTempoPoint(ana.doc, { bar: 5, beat: 1, tick: 0, bpm: 100, shape: 'ramp' }, 'local', 'p5').ok).toBe(true);
    expect(setMeterAtBar(ana.doc, { bar: 17, numerator: 7, denominator: 8 }, 'local').ok).toBe(true);
    const entries = await entriesWhen(room, (es) => es.length === 6, 'six entries');
    const feed = buildFeed(entries);
    expect(feed.map((g) => g.who)).toEqual(['Ana', 'Ben']);
    expect([...feed[0]!.lines.map((l) => l.text)].sort()).toEqual([
      'Ana added a tempo ramp at bar 5',
      'Ana changed the meter at bar 17 to 7/8',
    ]);
    expect(feed[1]!.lines.map((l) => l.text)).toEqual([
      'Ben changed the tempo at bar 9 from 120 to 128 BPM',
      'Ben changed the tempo at bar 9 to 120 BPM',
      'Ben added 2 sections to the tempo map',
    ]);
    // Each change belongs to the section it falls in, so the feed can open it there.
    expect(entries.find((e) => e.itemId === 'p5')).toMatchObject({
      personId: personIdOf(ANA_KEY),
      parentId: 'verse',
      parentLabel: 'Verse',
    });
    expect(entries.find((e) => e.itemId === 'p9')).toMatchObject({ personId: personIdOf(BEN_KEY), parentId: 'chorus' });
    ana.close();
    ben.close();
  });

  it('W1 inserting a section carries the later tempo changes with the music; the feed names the section only', async () => {
    const room = await server.createRoom();
    const ben = await person(room, BEN_KEY, 'Ben');
    tempoSections(ben.doc).put({ id: 'verse', order: 'a0', ...DEFAULT_SECTION, name: 'Verse', bars: 8 }, 'local');
    expect(addTempoPoint(ben.doc, { bar: 9, beat: 1, tick: 0, bpm: 140, shape: 'jump' }, 'local', 'p9').ok).toBe(true);
    await entriesWhen(room, (es) => es.filter((e) => e.seq > 0).length === 2, 'section and point stored');
    expect(addSection(ben.doc, 0, { id: 'intro', fields: { name: 'Intro', bars: 4 } }, 'local').ok).toBe(true);
    // The point moved with the music to bar 13 in the same transaction as the new section.
    expect(tempoPoints(ben.doc).get('p9')?.bar).toBe(13);
    const entries = await entriesWhen(room, (es) => es.some((e) => e.itemId === 'intro' && e.seq > 0), 'the new section stored');
    await new Promise((r) => setTimeout(r, 1200));
    const after = (await feed(room)).entries;
    expect(after.filter((e) => e.itemId === 'p9').map((e) => e.verb)).toEqual(['added']);
    expect(after.length).toBe(entries.length);
    ben.close();
  });
});

describe('H2 every write path is attributed', () => {
  it('H2 an update, an unsolicited sync step 2 and a solicited sync step 2 are each recorded under their sender', async () => {
    const room = await server.createRoom();
    // Solicited step 2: the change is in the client's doc before it connects, and goes in its
    // answer to the server's step 1.
    const early = new RawClient(server.wsUrl, room, { key: ANA_KEY, name: 'Ana' });
    writeBoardChanges(early.doc, { put: [page(), geoShape('shape:solicited')], removed: [] }, 'local');
    await early.connect();
    await entriesWhen(room, (es) => es.some((e) => e.itemId === 'shape:solicited'), 'solicited step 2 recorded');
    const ben = await person(room, BEN_KEY, 'Ben');
    // Unsolicited step 2: a change made in another doc, sent as a sync step 2 message.
    const side = new Y.Doc();
    Y.applyUpdate(side, Y.encodeStateAsUpdate(ben.doc));
    const sv = Y.encodeStateVector(side);
    writeBoardChanges(side, { put: [geoShape('shape:unsolicited')], removed: [] }, 'local');
    ben.send(encodeSyncStep2(Y.encodeStateAsUpdate(side, sv)));
    // Update: the raw client's own doc sends each local change as an update message.
    writeBoardChanges(ben.doc, { put: [geoShape('shape:update', 50, 50)], removed: [] }, 'local');
    const entries = await entriesWhen(room, (es) => es.length === 3, 'three entries');
    const who = Object.fromEntries(entries.map((e) => [e.itemId, `${e.personId}/${e.name}`]));
    expect(who).toEqual({
      'shape:solicited': `${personIdOf(ANA_KEY)}/Ana`,
      'shape:unsolicited': `${personIdOf(BEN_KEY)}/Ben`,
      'shape:update': `${personIdOf(BEN_KEY)}/Ben`,
    });
    early.close();
    ben.close();
  });
});

describe('H3 nobody can have changes recorded under another person', () => {
  it('H3 names and ids written into the document do not attribute anything', async () => {
    const room = await server.createRoom();
    const mallory = await person(room, MAL_KEY, 'Mallory');
    await new Promise((r) => setTimeout(r, 50));
    createIdea(
      mallory.doc,
      { title: 'Signed by Ana', owner: { id: personIdOf(ANA_KEY), name: 'Ana' } },
      { id: personIdOf(ANA_KEY), name: 'Ana' },
      'local',
    );
    const [e] = await entriesWhen(room, (es) => es.length === 1, 'one entry');
    expect(e).toMatchObject({ personId: personIdOf(MAL_KEY), name: 'Mallory', area: 'backlog', verb: 'added', label: 'Signed by Ana' });
    mallory.close();
  });

  it('H3 claiming another person’s name in presence keeps your own id, and the feed tells the two apart', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    const fake = await person(room, MAL_KEY, 'Ana');
    await new Promise((r) => setTimeout(r, 50));
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:real')], removed: [] }, 'local');
    await waitFor(() => fake.doc.getMap('board').has('shape:real'), 'the page at the fake');
    writeBoardChanges(fake.doc, { put: [geoShape('shape:fake', 30, 30)], removed: [] }, 'local');
    const entries = await entriesWhen(room, (es) => es.length === 2, 'two entries');
    const byItem = new Map(entries.map((e) => [e.itemId, e]));
    expect(byItem.get('shape:real')?.personId).toBe(personIdOf(ANA_KEY));
    expect(byItem.get('shape:fake')?.personId).toBe(personIdOf(MAL_KEY));
    const whos = buildFeed(entries).map((g) => g.who);
    expect(new Set(whos).size).toBe(2);
    for (const w of whos) expect(w).toMatch(/^Ana \(.{4}\)$/);
    ana.close();
    fake.close();
  });

  it('H3 presence sent for another connection’s presence id is refused, so it can’t rename that person’s changes', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    const mallory = await person(room, MAL_KEY, 'Mallory');
    await new Promise((r) => setTimeout(r, 50));
    // Mallory announces a state for Ana's client id, naming her "Mallory was here".
    const forged = new Awareness(new Y.Doc());
    forged.clientID = ana.doc.clientID;
    forged.setLocalState({ user: { name: 'Mallory was here', color: '#ff0000' } });
    mallory.sendAwareness(forged, [ana.doc.clientID]);
    await new Promise((r) => setTimeout(r, 50));
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:ana')], removed: [] }, 'local');
    const [e] = await entriesWhen(room, (es) => es.length === 1, 'one entry');
    expect(e).toMatchObject({ personId: personIdOf(ANA_KEY), name: 'Ana' });
    ana.close();
    mallory.close();
  });

  it('H3 a connection without a key is a person of its own, never one with a key', async () => {
    const room = await server.createRoom();
    const anon = await person(room, null, 'Ana');
    writeBoardChanges(anon.doc, { put: [page(), geoShape('shape:anon')], removed: [] }, 'local');
    const [e] = await entriesWhen(room, (es) => es.length === 1, 'one entry');
    expect(e!.personId).toMatch(/^anon_/);
    expect(e!.personId).not.toBe(personIdOf(ANA_KEY));
    anon.close();
  });
});

describe('H4 viewers write nothing', () => {
  it('H4 a viewer’s update, unsolicited and solicited step 2 are refused and leave no record', async () => {
    const room = await server.createRoom();
    const early = new RawClient(server.wsUrl, room.links.viewer, { key: ANA_KEY, name: 'Ana' });
    writeBoardChanges(early.doc, { put: [page(), geoShape('shape:v1')], removed: [] }, 'local');
    await early.connect();
    const viewer = await person(room.links.viewer, BEN_KEY, 'Ben');
    writeBoardChanges(viewer.doc, { put: [page(), geoShape('shape:v2')], removed: [] }, 'local');
    const side = new Y.Doc();
    writeBoardChanges(side, { put: [page(), geoShape('shape:v3')], removed: [] }, 'local');
    viewer.send(encodeSyncStep2(Y.encodeStateAsUpdate(side)));
    await waitFor(() => denials(viewer).length >= 2 && denials(early).length >= 1, 'three refusals');
    // An editor's change afterwards is recorded, so the recorder was listening all along.
    const editor = await person(room, MAL_KEY, 'Cid');
    writeBoardChanges(editor.doc, { put: [page(), geoShape('shape:e')], removed: [] }, 'local');
    const entries = await entriesWhen(room, (es) => es.length >= 1, 'the editor’s entry');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await feed(room)).entries.map((e) => e.itemId)).toEqual(['shape:e']);
    expect(entries[0]!.name).toBe('Cid');
    early.close();
    viewer.close();
    editor.close();
  });
});

describe('H5 bursts are one record', () => {
  it('H5 a drag of 200 moves is one "moved" entry; moves after a quiet window are another', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:drag')], removed: [] }, 'local');
    await entriesWhen(room, (es) => es.some((e) => e.seq > 0), 'the added shape stored');
    for (let i = 1; i <= 200; i++) writeBoardChanges(ana.doc, { put: [geoShape('shape:drag', i, i)], removed: [] }, 'local');
    let entries = await entriesWhen(room, (es) => es.length === 2 && es.every((e) => e.seq > 0), 'the drag stored');
    expect(entries.map((e) => e.verb)).toEqual(['moved', 'added']);
    writeBoardChanges(ana.doc, { put: [geoShape('shape:drag', 500, 500)], removed: [] }, 'local');
    entries = await entriesWhen(room, (es) => es.length === 3, 'a second move');
    expect(entries.map((e) => e.verb)).toEqual(['moved', 'moved', 'added']);
    ana.close();
  });
});

describe('H2 W8 W9 board comments and versions in the feed, attributed by the server', () => {
  it('H2 W8 a board comment thread, a reply and a resolve by raw clients are recorded under each sender’s person id, whatever author the entry names', async () => {
    const room = await server.createRoom();
    const ana = await person(room, ANA_KEY, 'Ana');
    const ben = await person(room, BEN_KEY, 'Ben');
    await new Promise((r) => setTimeout(r, 50));
    writeBoardChanges(ana.doc, { put: [page(), geoShape('shape:c1', 10, 10)], removed: [] }, 'local');
    // The entry's own author fields are the client's claim: Ben's reply even claims to be Ana's.
    boardComments(ana.doc).startThread(
      {
        id: 't1',
        shapeId: 'shape:c1',
        shapeType: 'geo',
        author: 'ana-browser',
        personName: 'Ana',
        createdAt: 1,
        text: 'Lower the horns here?',
      },
      'local',
    );
    await waitFor(() => boardComments(ben.doc).thread('t1') !== undefined, 'ana’s thread at ben');
    boardComments(ben.doc).reply(
      { id: 'r1', threadId: 't1', author: 'ana-browser', personName: 'Ana', createdAt: 2, text: 'Agreed' },
      'local',
    );
    await waitFor(() => (boardComments(ana.doc).thread('t1')?.replies.length ?? 0) === 1, 'ben’s reply at ana');
    await new Promise((r) => setTimeout(r, 1100)); // past the burst window, so the resolve is its own entry
    boardComments(ana.doc).setResolved('t1', true, 'Ana', 3, 'local');
    const entries = await entriesWhen(room, (es) => es.some((e) => e.kind === 'board comment' && e.verb === 'changed'), 'the resolve');
    const comments = entries.filter((e) => e.area === 'comments');
    expect(comments.map((e) => [e.personId, e.kind, e.verb, e.itemId])).toEqual([
      [personIdOf(ANA_KEY), 'board comment', 'changed', 't1'],
      [personIdOf(BEN_KEY), 'board reply', 'added', 'r1'],
      [personIdOf(ANA_KEY), 'board comment', 'added', 't1'],
    ]);
    const lines = buildFeed(entries).flatMap((g) => g.lines.map((l) => l.text));
    expect(lines).toContain('Ana resolved a comment on a shape');
    expect(lines).toContain('Ben replied to Ana’s comment: “Agreed”');
    expect(lines).toContain('Ana commented on a shape: “Lower the horns here?”');
    ana.close();
    ben.close();
  });

  it('H2 W9 a saved version and a restore over raw HTTP are recorded under the person id derived from each caller’s key, not the name they send', async () => {
    const room = await server.createRoom();
    const saved = await versionApi(server.url, room, ANA_KEY).saved('Before the bridge', 'Ana');
    // Ben claims Ana's name: the record is still his.
    const res = await versionApi(server.url, room, BEN_KEY).restore(saved.id, 'Ana');
    expect(res.status).toBe(200);
    const entries = await entriesWhen(room, (es) => es.filter((e) => e.area === 'versions').length === 2, 'save and restore');
    expect(entries.filter((e) => e.area === 'versions').map((e) => [e.personId, e.kind, e.itemId])).toEqual([
      [personIdOf(BEN_KEY), 'restore', saved.id],
      [personIdOf(ANA_KEY), 'version', saved.id],
    ]);
    const feedNow = await feed(room, { 'x-person-key': ANA_KEY });
    const lines = buildFeed(feedNow.entries, feedNow.you ? { you: feedNow.you } : {}).flatMap((g) => g.lines.map((l) => l.text));
    // To Ana, her save reads "You"; the restore is another person's, however they named themselves.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Ana\b.+ restored the version “Before the bridge”$/);
    expect(lines[1]).toBe('You saved the version “Before the bridge”');
  });
});
