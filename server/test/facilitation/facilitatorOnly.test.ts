/**
 * F5, F6, F8 over raw sockets: only the facilitator writes agenda, timer, lock and vote state; the
 * lock makes every other link read-only on every write path and the unlock saves what tabs kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  IDLE_COUNTDOWN,
  readAgenda,
  readLock,
  readTimer,
  readVote,
  readVoteTally,
  readSpotlight,
  nextSpotlight,
  startCountdown,
  writeAgenda,
  writeLock,
  writeTimer,
  writeVote,
  writeVoteTally,
  writeSpotlight,
} from '@riffboard/shared';
import { denials, RawClient } from '../helpers/clients.ts';
import { scratchMap } from '../helpers/scratch.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { encodeSyncStep2, encodeUpdate } from '../../src/sync/messages.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const T0 = 1_700_000_000_000;
const AGENDA = { items: [{ id: 'a', title: 'Warm-up', minutes: 5, notes: '', panel: null }], currentId: 'a' };
const VOTE = { id: 'v1', title: 'Best groove', targets: [{ id: 'x', label: 'X' }], budget: 3, stack: false };

/** A doc that knows everything `c` knows, to forge an unsolicited step 2 that builds on it. */
function forkOf(c: RawClient): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(c.doc));
  return d;
}

describe('F5 facilitator-only state', () => {
  it('F5 an editor or viewer link cannot change agenda, timer, lock or vote by update, solicited or unsolicited step 2, and harms nobody', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    writeAgenda(fac.doc, AGENDA, 'local');
    writeTimer(fac.doc, startCountdown(IDLE_COUNTDOWN, T0, 300_000, 'a'), 'local');
    const bystander = await new RawClient(server.wsUrl, room).connect();
    await waitFor(() => readAgenda(bystander.doc).items.length === 1, 'bystander sees the agenda');

    // Each attempt on its own connection: after a refused write, that tab's own later updates
    // build on something the room never got and are refused whole (4422), which is its problem only.
    const attempts: RawClient[] = [];
    const editor = async (): Promise<RawClient> => {
      const c = await new RawClient(server!.wsUrl, room).connect();
      attempts.push(c);
      return c;
    };
    // Solicited step 2: the editor's doc holds a forged lock before it connects.
    const handshake = new RawClient(server.wsUrl, room);
    attempts.push(handshake);
    writeLock(handshake.doc, { locked: true, by: 'Mallory' }, 'local');
    await handshake.connect();
    // Update path: overwrite the agenda; delete the timer.
    writeAgenda((await editor()).doc, { items: [], currentId: null }, 'local');
    (await editor()).doc.getMap('facilitation').delete('timer');
    // Unsolicited step 2 and a raw update from a fork that knows the room: open a vote.
    for (const encode of [encodeSyncStep2, encodeUpdate]) {
      const c = await editor();
      const fork = forkOf(c);
      writeVote(fork, VOTE, 'local');
      c.send(encode(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(c.doc))));
    }
    const viewer = await new RawClient(server.wsUrl, room.links.viewer).connect();
    writeTimer(viewer.doc, IDLE_COUNTDOWN, 'local');

    await waitFor(() => attempts.every((c) => denials(c).length === 1), 'each editor told');
    await waitFor(() => denials(viewer).length >= 1, 'viewer told');
    for (const c of attempts) {
      expect(denials(c)[0]).toMatch(/Only the facilitator/);
      expect(c.closed).toBeNull();
    }

    // Nobody else saw any of it, and the room still works for everyone.
    scratchMap(bystander.doc).set('shape:ok', { id: 'shape:ok' });
    await waitFor(() => scratchMap(fac.doc).has('shape:ok'), 'room still syncs');
    const check = await new RawClient(server.wsUrl, room.links.viewer).connect();
    for (const d of [check.doc, bystander.doc, fac.doc]) {
      expect(readAgenda(d)).toEqual(AGENDA);
      expect(readTimer(d).durationMs).toBe(300_000);
      expect(readLock(d).locked).toBe(false);
      expect(readVote(d)).toBeNull();
    }
    for (const c of [fac, bystander, viewer, check, ...attempts]) c.close();
  });

  it('F8 nobody — the facilitator included — can write the vote tally', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    writeVote(fac.doc, VOTE, 'local');
    writeVoteTally(fac.doc, { voteId: 'v1', voters: 99, rev: 1 }, 'local');
    await waitFor(() => denials(fac).length === 1, 'facilitator refused');
    expect(denials(fac)[0]).toMatch(/server only/);
    const check = await new RawClient(server.wsUrl, room).connect();
    expect(readVoteTally(check.doc)).toBeNull();
    for (const c of [fac, check]) c.close();
  });
});

describe('F9 spotlight', () => {
  it('F9 an editor or viewer link cannot bring everyone, start or stop the spotlight by update, solicited or unsolicited step 2', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    const spot = nextSpotlight(null, 'follow', fac.doc.clientID, 'backlog', T0);
    writeSpotlight(fac.doc, spot, 'local');
    const bystander = await new RawClient(server.wsUrl, room).connect();
    await waitFor(() => readSpotlight(bystander.doc)?.mode === 'follow', 'bystander sees the spotlight');

    const attempts: RawClient[] = [];
    // Solicited step 2: a doc that claims the spotlight for itself before it connects.
    const handshake = new RawClient(server.wsUrl, room);
    attempts.push(handshake);
    writeSpotlight(handshake.doc, nextSpotlight(spot, 'bring', handshake.doc.clientID, null, T0), 'local');
    await handshake.connect();
    // Update path: stop the facilitator's spotlight.
    const stopper = await new RawClient(server.wsUrl, room).connect();
    attempts.push(stopper);
    writeSpotlight(stopper.doc, nextSpotlight(spot, 'off', fac.doc.clientID, null, T0), 'local');
    // Unsolicited step 2 and a raw update from forks that know the room: take the spotlight over.
    for (const encode of [encodeSyncStep2, encodeUpdate]) {
      const c = await new RawClient(server.wsUrl, room).connect();
      attempts.push(c);
      const fork = forkOf(c);
      writeSpotlight(fork, nextSpotlight(spot, 'follow', c.doc.clientID, null, T0), 'local');
      c.send(encode(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(c.doc))));
    }
    const viewer = await new RawClient(server.wsUrl, room.links.viewer).connect();
    writeSpotlight(viewer.doc, nextSpotlight(spot, 'bring', viewer.doc.clientID, null, T0), 'local');

    await waitFor(() => attempts.every((c) => denials(c).length === 1), 'each editor told');
    await waitFor(() => denials(viewer).length >= 1, 'viewer told');
    for (const c of attempts) expect(denials(c)[0]).toMatch(/Only the facilitator/);
    expect(denials(viewer)[0]).toMatch(/view-only link/);
    for (const c of [...attempts, viewer]) expect(c.closed).toBeNull();
    // Nobody saw any of it: the facilitator's spotlight is the one everybody has.
    scratchMap(bystander.doc).set('shape:ok', { id: 'shape:ok' });
    await waitFor(() => scratchMap(fac.doc).has('shape:ok'), 'room still syncs');
    const check = await new RawClient(server.wsUrl, room.links.viewer).connect();
    for (const d of [check.doc, bystander.doc, fac.doc]) expect(readSpotlight(d)).toEqual(spot);
    for (const c of [fac, bystander, viewer, check, ...attempts]) c.close();
  });
});

describe('F6 lock', () => {
  it('F6 lock makes editors read-only on update, solicited and unsolicited step 2; unlock restores them and saves what their tabs kept', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const fac = await new RawClient(server.wsUrl, room.links.facilitator).connect();
    const ed = await new RawClient(server.wsUrl, room).connect();
    writeLock(fac.doc, { locked: true, by: 'Fay' }, 'local');
    await waitFor(() => readLock(ed.doc).locked, 'editor sees the lock');

    scratchMap(ed.doc).set('shape:update', { id: 'shape:update' }); // update path
    const fork = forkOf(ed);
    scratchMap(fork).set('shape:forged', { id: 'shape:forged' });
    ed.send(encodeSyncStep2(Y.encodeStateAsUpdate(fork, Y.encodeStateVector(fac.doc)))); // unsolicited step 2
    // A tab that edited offline and reconnects while locked: its handshake reply is refused.
    const offline = new RawClient(server.wsUrl, room);
    Y.applyUpdate(offline.doc, Y.encodeStateAsUpdate(fac.doc));
    scratchMap(offline.doc).set('shape:offline', { id: 'shape:offline' });
    await offline.connect();

    await waitFor(() => denials(ed).length >= 2 && denials(offline).length >= 1, 'locked writes refused');
    expect(denials(offline)[0]).toMatch(/Fay locked the board.*stays on this device/);
    scratchMap(fac.doc).set('shape:fac', { id: 'shape:fac' }); // the facilitator still writes
    const watcher = await new RawClient(server.wsUrl, room.links.viewer).connect();
    await waitFor(() => scratchMap(watcher.doc).has('shape:fac'), 'facilitator write arrives');
    expect(scratchMap(watcher.doc).has('shape:update')).toBe(false);
    expect(scratchMap(watcher.doc).has('shape:offline')).toBe(false);

    writeLock(fac.doc, { locked: false, by: '' }, 'local');
    // The unlock asks every tab for what it kept: both kept edits arrive, nothing forged does.
    await waitFor(
      () => scratchMap(watcher.doc).has('shape:update') && scratchMap(watcher.doc).has('shape:offline'),
      'kept edits saved on unlock',
    );
    scratchMap(ed.doc).set('shape:after', { id: 'shape:after' });
    await waitFor(() => scratchMap(watcher.doc).has('shape:after'), 'editor writes again');
    expect(scratchMap(watcher.doc).has('shape:forged')).toBe(false);
    expect(ed.closed).toBeNull();
    for (const c of [fac, ed, offline, watcher]) c.close();
  });
});
