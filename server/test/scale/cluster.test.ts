import { scratchMap } from '../helpers/scratch.ts';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { providerClient, type ProviderClient } from '../helpers/clients.ts';
import { createRoomAt, waitFor, type RoomRef } from '../helpers/testServer.ts';
import { useServices } from '../helpers/services.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { spawnServer, type ChildServer } from '../helpers/childServer.ts';
import { tempDir } from '../helpers/testServer.ts';
import { sineWav } from '../helpers/media.ts';
import { tcpCut, type TcpCut } from '../helpers/tcpCut.ts';
import { ballotApi } from '../helpers/ballots.ts';
import { readVoteResults, readVoteTally, writeVote } from '@riffboard/shared';

const services = useServices();
let cluster: Cluster | null = null;
const clients: ProviderClient[] = [];
let relay: TcpCut | null = null;
afterEach(() => {
  relay?.close();
  relay = null;
  for (const c of clients.splice(0)) c.destroy();
  cluster?.stop();
  cluster = null;
});

function connect(wsUrl: string, room: RoomRef, doc?: Y.Doc): ProviderClient {
  const c = providerClient(wsUrl, room, doc);
  clients.push(c);
  return c;
}

type Api = ReturnType<typeof ballotApi>;

const keysOf = (c: ProviderClient): string[] => [...scratchMap(c.doc).keys()].sort();
const sameKeys = (cs: ProviderClient[], n: number) => cs.every((c) => scratchMap(c.doc).size === n);

/** Reads the room as stored, through a fresh instance that has never seen it. */
async function storedKeys(c: Cluster, room: RoomRef): Promise<Set<string>> {
  const fresh = await c.add();
  const reader = connect(fresh.wsUrl, room);
  await reader.synced();
  return new Set(scratchMap(reader.doc).keys());
}

// Three server processes plus PostgreSQL and Redis on a shared 2-core machine start slowly.
describe('M several instances over PostgreSQL and Redis', { timeout: 120_000 }, () => {
  it('M2 clients spread over three instances see each other’s edits and presence live', async () => {
    cluster = await startCluster(services.current(), 3);
    const room = await createRoomAt(cluster.nodes[0]!.url);
    const cs = cluster.nodes.flatMap((n) => [connect(n.wsUrl, room), connect(n.wsUrl, room)]);
    await Promise.all(cs.map((c) => c.synced()));
    cs.forEach((c, i) => {
      c.provider.awareness.setLocalStateField('user', { name: `player ${i}` });
      for (let j = 0; j < 10; j++) scratchMap(c.doc).set(`shape:${i}:${j}`, { i, j });
    });
    await waitFor(() => sameKeys(cs, 60), 'every client has all 60 shapes', 60_000);
    const first = keysOf(cs[0]!);
    for (const c of cs) expect(keysOf(c)).toEqual(first);
    const names = (c: ProviderClient) =>
      [...c.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name).filter(Boolean);
    await waitFor(() => cs.every((c) => names(c).length === 6), 'every client sees all six people', 60_000);
  });

  it('M2 a client that joins an instance late gets the presence of people on the other instances at once', async () => {
    cluster = await startCluster(services.current(), 2);
    const room = await createRoomAt(cluster.nodes[0]!.url);
    const early = connect(cluster.nodes[0]!.wsUrl, room);
    await early.synced();
    early.provider.awareness.setLocalStateField('user', { name: 'early' });
    await new Promise((r) => setTimeout(r, 300));
    // The room is not loaded on the second instance yet: it asks the first for its clients' presence.
    const late = connect(cluster.nodes[1]!.wsUrl, room);
    await late.synced();
    await waitFor(
      () => [...late.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'early'),
      'the late client sees the early one',
      5_000,
    );
  });

  it('M3 kill -9 of one instance during a burst: every edit any client received is stored, and its clients converge on a survivor', async () => {
    cluster = await startCluster(services.current(), 3);
    const [a, b, c] = cluster.nodes as [
      NonNullable<Cluster['nodes'][0]>,
      NonNullable<Cluster['nodes'][0]>,
      NonNullable<Cluster['nodes'][0]>,
    ];
    const room = await createRoomAt(a.url);
    const writers = [connect(a.wsUrl, room), connect(b.wsUrl, room), connect(c.wsUrl, room)];
    const observers = [connect(b.wsUrl, room), connect(c.wsUrl, room)];
    await Promise.all([...writers, ...observers].map((x) => x.synced()));
    let stop = false;
    const bursts = writers.map(async (w, wi) => {
      for (let i = 0; i < 3000 && !stop; i++) {
        scratchMap(w.doc).set(`shape:${wi}:${i}`, { wi, i });
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
      }
    });
    await waitFor(() => observers.every((o) => scratchMap(o.doc).size >= 150), 'observers see part of the burst', 60_000);
    a.child.kill('SIGKILL');
    await a.exited();
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(bursts);
    // What clients of the survivors received must all be stored.
    const received = new Set(observers.flatMap((o) => [...scratchMap(o.doc).keys()]));
    // The dead instance's writer moves to a survivor, keeping its document (and unsent edits).
    writers[0]!.provider.destroy();
    const moved = connect(b.wsUrl, room, writers[0]!.doc);
    await moved.synced();
    const all = [moved, writers[1]!, writers[2]!, ...observers];
    const union = new Set(all.flatMap((x) => [...scratchMap(x.doc).keys()]));
    await waitFor(() => sameKeys(all, union.size), 'everyone converges on the survivors', 60_000);
    const stored = await storedKeys(cluster, room);
    expect([...received].filter((k) => !stored.has(k))).toEqual([]);
    expect(stored.size).toBe(union.size);
  });

  it('M4 Redis down for 10 s: each instance keeps serving its own clients; afterwards everyone converges', async () => {
    cluster = await startCluster(services.current(), 3);
    const room = await createRoomAt(cluster.nodes[0]!.url);
    const pairs = cluster.nodes.map((n) => [connect(n.wsUrl, room), connect(n.wsUrl, room)] as const);
    const all = pairs.flat();
    await Promise.all(all.map((x) => x.synced()));
    const redis = services.current().services.redis;
    await redis.stop();
    try {
      // Within an instance, edits still flow.
      pairs.forEach(([p, q], i) => scratchMap(p.doc).set(`during:${i}`, i) && q);
      await waitFor(() => pairs.every(([, q], i) => scratchMap(q.doc).has(`during:${i}`)), 'same-instance clients see each other', 5_000);
      await new Promise((r) => setTimeout(r, 10_000));
      pairs.forEach(([p], i) => scratchMap(p.doc).set(`late:${i}`, i));
    } finally {
      await redis.start();
    }
    await waitFor(() => sameKeys(all, 6), 'all instances converge after Redis returns', 60_000);
    expect(new Set(all.map((x) => keysOf(x).join()))).toHaveProperty('size', 1);
  });

  it('M9 an update lost on its way through Redis just before the room goes quiet still reaches the other instances, with no further message', async () => {
    cluster = await startCluster(services.current(), 1, { FANOUT_CHECK_INTERVAL_MS: '1000' });
    const b = cluster.nodes[0]!;
    // Instance A reaches Redis through a link the test can cut; B's link stays up the whole time,
    // so B never sees an outage and has no reason of its own to read the database.
    relay = await tcpCut(Number(new URL(services.current().services.redis.url).port));
    const a = await spawnServer(tempDir(), {
      ...cluster.env,
      FANOUT_CHECK_INTERVAL_MS: '1000',
      REDIS_URL: `redis://127.0.0.1:${relay.port}`,
    });
    cluster.nodes.push(a);
    const room = await createRoomAt(a.url);
    const [writer, neighbour, remote] = [connect(a.wsUrl, room), connect(a.wsUrl, room), connect(b.wsUrl, room)];
    await Promise.all([writer, neighbour, remote].map((x) => x.synced()));
    scratchMap(writer.doc).set('before', 1);
    await waitFor(() => scratchMap(remote.doc).has('before'), 'the remote client sees the edit made before the cut');

    relay.cut();
    const redisOf = async (url: string) => ((await (await fetch(`${url}/readyz`)).json()) as { redis: string }).redis;
    await waitFor(async () => (await redisOf(a.url)) === 'unreachable', 'instance A notices it lost Redis', 10_000);
    // The last edit before a quiet spell: committed, shown on A, its fan-out message dropped.
    scratchMap(writer.doc).set('last', 2);
    await waitFor(() => scratchMap(neighbour.doc).has('last'), 'a client on the same instance sees it');
    relay.restore();
    await waitFor(async () => (await redisOf(a.url)) === 'ok', 'instance A is back on Redis', 10_000);

    // Nobody edits any more; B must find the update in the database by itself.
    await waitFor(() => scratchMap(remote.doc).has('last'), 'the remote client receives the lost update', 15_000);
    expect(keysOf(remote)).toEqual(keysOf(writer));
  });

  it('M5 compaction on two instances racing appends from both never drops an update', async () => {
    cluster = await startCluster(services.current(), 2, { COMPACT_AFTER_UPDATES: '15' });
    const room = await createRoomAt(cluster.nodes[0]!.url);
    const ws = cluster.nodes.map((n) => connect(n.wsUrl, room));
    await Promise.all(ws.map((w) => w.synced()));
    await Promise.all(
      ws.map(async (w, wi) => {
        for (let i = 0; i < 400; i++) {
          scratchMap(w.doc).set(`shape:${wi}:${i}`, i);
          if (i % 5 === 0) await new Promise((r) => setTimeout(r, 2));
        }
      }),
    );
    await waitFor(() => sameKeys(ws, 800), 'both writers see all 800 shapes', 60_000);
    // Both compacted many times meanwhile (threshold 15); the store must still hold everything.
    const out = cluster.nodes.map((n) => n.output()).join('');
    expect(out).not.toContain('compaction_failed');
    const stored = await storedKeys(cluster, room);
    expect(stored.size).toBe(800);
  });

  it('M7 a file uploaded through one instance is served, byte for byte, by another', async () => {
    cluster = await startCluster(services.current(), 2);
    const [a, b] = cluster.nodes as [NonNullable<Cluster['nodes'][0]>, NonNullable<Cluster['nodes'][0]>];
    const room = await createRoomAt(a.url);
    const wav = sineWav(1);
    const up = await fetch(`${a.url}/api/rooms/${room.id}/assets?name=take.wav`, {
      method: 'POST',
      body: wav,
      headers: { authorization: `Bearer ${room.token}` },
    });
    expect(up.status).toBe(201);
    const { asset } = (await up.json()) as { asset: { id: string } };
    const down = await fetch(`${b.url}/api/rooms/${room.id}/assets/${asset.id}`, { headers: { authorization: `Bearer ${room.token}` } });
    expect(down.status).toBe(200);
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(wav);
  });

  it('M8 PostgreSQL down for 10 s: nothing acknowledged is lost, the editing tab is told, its edits are saved once it is back, and readiness says so', async () => {
    cluster = await startCluster(services.current(), 2);
    const [a, b] = cluster.nodes as [NonNullable<Cluster['nodes'][0]>, NonNullable<Cluster['nodes'][0]>];
    const room = await createRoomAt(a.url);
    const writer = connect(a.wsUrl, room);
    const reader = connect(b.wsUrl, room);
    await Promise.all([writer.synced(), reader.synced()]);
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event: { code: number } | null) => void (event && closeCodes.push(event.code)));
    scratchMap(writer.doc).set('before', 1);
    await waitFor(() => scratchMap(reader.doc).has('before'), 'the reader sees the edit made before the outage');
    expect(await (await fetch(`${a.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });

    const postgres = services.current().services.postgres;
    await postgres.stop();
    try {
      scratchMap(writer.doc).set('during', 2);
      await waitFor(() => closeCodes.includes(4503), 'the writer is told the server can’t save', 10_000);
      const ready = await fetch(`${a.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', database: 'unreachable', redis: 'ok' });
      await new Promise((r) => setTimeout(r, 10_000));
      // Write-ahead: what could not be stored was shown to nobody.
      expect(scratchMap(reader.doc).has('during')).toBe(false);
      expect(scratchMap(writer.doc).has('during')).toBe(true);
    } finally {
      await postgres.start();
    }
    await waitFor(() => scratchMap(reader.doc).has('during'), 'the edit made during the outage is saved and reaches the reader', 20_000);
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
    const stored = await storedKeys(cluster, room);
    expect([...stored].sort()).toEqual(['before', 'during']);
  });

  it('M10 ballots cast through two instances, one person from both, are counted right by a reveal on a third where nobody has the room open; the voter count agrees everywhere', async () => {
    cluster = await startCluster(services.current(), 3);
    const [a, b, c] = cluster.nodes as [ChildServer, ChildServer, ChildServer];
    const room = await createRoomAt(a.url);
    const fac = connect(a.wsUrl, room.links.facilitator);
    // People have the room open on A and B; nobody on C, which loads it only to answer the reveal.
    const onB = connect(b.wsUrl, room);
    const everyone = [fac, onB];
    await Promise.all(everyone.map((x) => x.synced()));
    const targets = ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase() }));
    writeVote(fac.doc, { id: 'v1', title: 'Which groove?', targets, budget: 3, stack: true }, 'local');
    const [viaA, viaB] = [a, b].map((n) => ballotApi(n.url, room)) as [Api, Api];
    for (const api of [viaA, viaB])
      await waitFor(async () => (await api.own('probe-key-0123456789')).status === 200, 'vote open on both instances', 20_000);

    // Ana votes in a tab on A, then in a tab on B: her second ballot replaces the first, so her
    // three dots are not six, and either instance gives her back the ballot she cast last.
    const ANA = 'ana-ballot-key-0123456789';
    expect((await viaA.cast(ANA, { a: 3 })).status).toBe(200);
    expect(await (await viaB.cast(ANA, { b: 2, c: 1 })).json()).toEqual({ ballot: { b: 2, c: 1 }, voters: 1 });
    expect(await (await viaA.own(ANA)).json()).toEqual({ voteId: 'v1', ballot: { b: 2, c: 1 } });
    // Over budget is still over budget on the other instance.
    expect((await viaA.cast(ANA, { a: 2, b: 2 })).status).toBe(400);

    // Six more people at once, half through A and half through B.
    const people = Array.from({ length: 6 }, (_, i) => `person-${i}-ballot-key-0123456789`);
    const casts = await Promise.all(people.map((key, i) => (i % 2 ? viaA : viaB).cast(key, { a: 1 })));
    expect(casts.map((r) => r.status)).toEqual(people.map(() => 200));
    // Every doc ends on the store's count, whichever instance's tally write won a conflict.
    await waitFor(() => everyone.every((x) => readVoteTally(x.doc)?.voters === 7), 'every client shows seven voters', 20_000);
    // Before the reveal, nobody learns a ballot from the doc.
    for (const x of everyone) expect(JSON.stringify(x.doc.getMap('facilitation').toJSON())).not.toMatch(/counts|"b":2/);

    const revealed = await ballotApi(c.url, room.links.facilitator).reveal();
    expect(await revealed.json()).toEqual({ voteId: 'v1', counts: { a: 6, b: 2, c: 1 }, voters: 7 });
    await waitFor(() => everyone.every((x) => readVoteResults(x.doc)?.counts.a === 6), 'results reach every client', 20_000);
    for (const x of everyone) {
      expect(readVoteResults(x.doc)).toEqual({ voteId: 'v1', voters: 7, counts: { a: 6, b: 2, c: 1 } });
      expect(readVoteTally(x.doc)).toBeNull();
    }
    // The reveal took the ballots for every instance: none is left to read back.
    expect(await (await viaB.own(ANA)).json()).toEqual({ voteId: 'v1', ballot: {} });
  });

  it('M1 with REDIS_URL but no DATABASE_URL, a server refuses to start and says why', async () => {
    const env = { REDIS_URL: services.current().services.redis.url };
    await expect(spawnServer(tempDir(), env)).rejects.toThrow(/REDIS_URL: needs DATABASE_URL/);
  });
});
