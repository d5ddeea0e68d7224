/**
 * F7/F8 over raw HTTP and sockets: ballots stay on the server until the reveal; the doc shows only
 * how many voted; budgets hold per ballot key; viewers can't vote; reveal writes counts; close
 * without reveal discards every ballot; open ballots survive a server restart (V6).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readVoteResults, readVoteTally, writeVote } from '@riffboard/shared';
import { RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { ballotApi } from '../helpers/ballots.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const VOTE = {
  id: 'v1',
  title: 'Which groove?',
  targets: [
    { id: 'a', label: 'Half-time' },
    { id: 'b', label: 'Shuffle' },
    { id: 'c', label: 'Straight' },
  ],
  budget: 3,
  stack: true,
};
const ANA = 'ana-ballot-key-0123456789';
const BEN = 'ben-ballot-key-0123456789';

describe('F7 secret dot votes', () => {
  it('F7/F8 ballots are invisible to every other connection before the reveal; the doc shows only the voter count; reveal writes counts', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    const watcher = await new RawClient(server.wsUrl, room).connect();
    writeVote(fac.doc, VOTE, 'local');
    await waitFor(() => watcher.doc.getMap('facilitation').has('vote'), 'vote open');
    const editor = ballotApi(server.url, room);
    const facApi = ballotApi(server.url, room.links.facilitator);

    expect((await editor.cast(ANA, { a: 2, b: 1 })).status).toBe(200);
    // A second tab of Ana's replaces her ballot (the budget holds across tabs): still one voter.
    expect((await editor.cast(ANA, { a: 3 })).status).toBe(200);
    expect((await editor.cast(BEN, { b: 1 })).status).toBe(200);
    await waitFor(() => readVoteTally(watcher.doc)?.voters === 2, 'tally of two voters');

    // Nobody else learns a ballot: not from the doc, not from the API with another key or none.
    const docText = JSON.stringify(watcher.doc.getMap('facilitation').toJSON());
    expect(docText).not.toMatch(/"a":3|ballot|counts/);
    expect(readVoteResults(watcher.doc)).toBeNull();
    expect(await (await editor.own(BEN)).json()).toEqual({ voteId: 'v1', ballot: { b: 1 } });
    expect(await (await editor.own('someone-else-key-0123')).json()).toEqual({ voteId: 'v1', ballot: {} });
    expect((await editor.own()).status).toBe(400);
    // Only the facilitator reveals.
    expect((await editor.reveal()).status).toBe(403);

    const revealed = await facApi.reveal();
    expect(await revealed.json()).toEqual({ voteId: 'v1', counts: { a: 3, b: 1, c: 0 }, voters: 2 });
    await waitFor(() => readVoteResults(watcher.doc)?.counts.a === 3, 'results in the doc');
    expect(readVoteResults(watcher.doc)).toEqual({ voteId: 'v1', voters: 2, counts: { a: 3, b: 1, c: 0 } });
    for (const c of [fac, watcher]) c.close();
  });

  it('F7 over-budget, stacked-when-not-allowed and unknown options are refused with a sentence; viewers cannot vote', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    writeVote(fac.doc, { ...VOTE, stack: false, budget: 2 }, 'local');
    const editor = ballotApi(server.url, room);
    await waitFor(async () => (await editor.own(ANA)).status === 200, 'vote open on the server');
    const message = async (r: Response): Promise<string> => ((await r.json()) as { error: { message: string } }).error.message;
    const over = await editor.cast(ANA, { a: 1, b: 1, c: 1 });
    expect(over.status).toBe(400);
    expect(await message(over)).toMatch(/You have 2 dots in this vote; that ballot uses 3/);
    expect(await message(await editor.cast(ANA, { d: 1 }))).toMatch(/not one of the options/);
    const stacked = await editor.cast(ANA, { a: 2 });
    expect(await message(stacked)).toMatch(/one dot per option/);
    const viewer = await ballotApi(server.url, room.links.viewer).cast(BEN, { a: 1 });
    expect(viewer.status).toBe(403);
    expect((await editor.cast(ANA, { a: 1 }, 'old-vote')).status).toBe(409);
    fac.close();
  });

  it('F7 closing a vote without reveal discards every ballot', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    writeVote(fac.doc, VOTE, 'local');
    const editor = ballotApi(server.url, room);
    await waitFor(async () => (await editor.own(ANA)).status === 200, 'vote open on the server');
    await editor.cast(ANA, { a: 3 });
    expect((await ballotApi(server.url, room.links.facilitator).close()).status).toBe(200);
    await waitFor(() => !fac.doc.getMap('facilitation').has('vote'), 'vote closed for everyone');
    // The same vote opened again starts empty: nothing of Ana's ballot survived.
    writeVote(fac.doc, VOTE, 'local');
    await waitFor(async () => (await editor.own(ANA)).status === 200, 'reopened');
    expect(await (await editor.own(ANA)).json()).toEqual({ voteId: 'v1', ballot: {} });
    const r = await (await ballotApi(server.url, room.links.facilitator).reveal()).json();
    expect(r).toEqual({ voteId: 'v1', counts: { a: 0, b: 0, c: 0 }, voters: 0 });
    fac.close();
  });

  it('F7/V6 open ballots survive a server restart: each voter reads their own back and the reveal counts them', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    writeVote(fac.doc, VOTE, 'local');
    const before = ballotApi(server.url, room);
    await waitFor(async () => (await before.own(ANA)).status === 200, 'vote open on the server');
    expect((await before.cast(ANA, { a: 2 })).status).toBe(200);
    expect((await before.cast(BEN, { b: 1, c: 1 })).status).toBe(200);
    await waitFor(() => readVoteTally(fac.doc)?.voters === 2, 'tally of two voters');
    fac.close();
    const dataDir = server.dataDir;
    await server.stop();

    server = await startServer({ dataDir });
    const back = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    const after = ballotApi(server.url, room);
    await waitFor(async () => (await after.own(ANA)).status === 200, 'vote open again after the restart');
    expect(await (await after.own(ANA)).json()).toEqual({ voteId: 'v1', ballot: { a: 2 } });
    expect(await (await after.own(BEN)).json()).toEqual({ voteId: 'v1', ballot: { b: 1, c: 1 } });
    // Ana's ballot still counts against her budget: replacing it keeps two voters, not three.
    expect(await (await after.cast(ANA, { a: 3 })).json()).toEqual({ ballot: { a: 3 }, voters: 2 });
    const revealed = await (await ballotApi(server.url, room.links.facilitator).reveal()).json();
    expect(revealed).toEqual({ voteId: 'v1', counts: { a: 3, b: 1, c: 1 }, voters: 2 });
    back.close();
  });
});
