/**
 * SPEC B4: per-connection budgets of messages and bytes, with bursts. A client over its budget is
 * slowed down (the server stops reading its socket until the budget refills), never cut off for
 * honest overload, so nothing is lost and there is no reconnect loop; a flood is held to the
 * budget and does not stand in front of anybody else's edits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { providerClient, RawClient, type ProviderClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { scratchMap, scratchText } from '../helpers/scratch.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const MiB = 1024 * 1024;

/** Counts the provider's disconnections: a reconnect loop shows up here. */
function disconnections(c: ProviderClient): () => number {
  let n = 0;
  c.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') n++;
  });
  return () => n;
}

describe('B4 rate limits slow down, they do not cut off', () => {
  it('B4 an honest burst of 2,000 small updates in one tick arrives whole, without a reconnect', async () => {
    server = await startServer({ env: { MESSAGES_PER_CONNECTION_PER_SECOND: '300', MESSAGE_BURST_PER_CONNECTION: '1500' } });
    const room = await server.createRoom();
    const writer = providerClient(server.wsUrl, room);
    const reader = providerClient(server.wsUrl, room);
    await Promise.all([writer.synced(), reader.synced()]);
    const drops = disconnections(writer);
    const map = scratchMap(writer.doc);
    for (let i = 0; i < 2000; i++) map.set(`k${i}`, i); // 2,000 transactions: 2,000 messages
    const started = Date.now();
    await waitFor(() => scratchMap(reader.doc).size === 2000, 'all 2,000 updates', 30_000);
    // 500 messages past the burst at 300 a second: the budget did pace it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(drops()).toBe(0);
    writer.destroy();
    reader.destroy();
  });

  it('B4 a 6 MB paste over the byte burst arrives whole, and the edit after it too', async () => {
    server = await startServer({ env: { BYTES_PER_CONNECTION_PER_SECOND: String(2 * MiB), BYTE_BURST_PER_CONNECTION: String(2 * MiB) } });
    const room = await server.createRoom();
    const writer = providerClient(server.wsUrl, room);
    const reader = providerClient(server.wsUrl, room);
    await Promise.all([writer.synced(), reader.synced()]);
    const drops = disconnections(writer);
    const paste = 'p'.repeat(6 * 1000 * 1000);
    scratchText(writer.doc).insert(0, paste);
    scratchMap(writer.doc).set('after', 'one key');
    await waitFor(() => scratchMap(reader.doc).get('after') === 'one key', 'the edit after the paste', 30_000);
    expect(scratchText(reader.doc).length).toBe(paste.length);
    expect(drops()).toBe(0);
    writer.destroy();
    reader.destroy();
  });

  it('B4 a flood is held to its budget and others’ edits overtake it', async () => {
    const rate = 300;
    const burst = 600;
    server = await startServer({ env: { MESSAGES_PER_CONNECTION_PER_SECOND: String(rate), MESSAGE_BURST_PER_CONNECTION: String(burst) } });
    const room = await server.createRoom();
    const flooder = await new RawClient(server.wsUrl, room).connect();
    const honest = await new RawClient(server.wsUrl, room).connect();
    const watcher = await new RawClient(server.wsUrl, room).connect();
    const FLOOD = 20_000;
    const started = Date.now();
    const flood = scratchMap(flooder.doc);
    for (let i = 0; i < FLOOD; i++) flood.set(`f${i}`, i); // each its own message, all sent at once
    const floodSeen = () => [...scratchMap(watcher.doc).keys()].filter((k) => k.startsWith('f')).length;
    await waitFor(() => floodSeen() > burst, 'the flood reaches the room');
    // An honest edit made now reaches the watcher long before the flood's backlog does.
    scratchMap(honest.doc).set('honest', true);
    await waitFor(() => scratchMap(watcher.doc).get('honest') === true, 'the honest edit');
    const elapsed = (Date.now() - started) / 1000;
    expect(floodSeen()).toBeLessThan(FLOOD);
    // Held to its budget: the burst plus the rate for the time it ran (and one second of slack).
    expect(floodSeen()).toBeLessThanOrEqual(burst + rate * (elapsed + 1));
    // Slowed, not closed: it is still connected and its updates keep coming.
    expect(flooder.closed).toBeNull();
    expect(honest.closed).toBeNull();
    flooder.close();
    honest.close();
    watcher.close();
  });
});
