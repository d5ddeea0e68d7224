import { afterEach, describe, expect, it } from 'vitest';
import { providerClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('S11 heartbeat', () => {
  it('S11 a connection that stops answering pings is dropped and its presence disappears for the others', async () => {
    server = await startServer({ env: { HEARTBEAT_INTERVAL_MS: '100' } });
    const room = await server.createRoom();
    const alice = providerClient(server.wsUrl, room);
    const observer = providerClient(server.wsUrl, room);
    await alice.synced();
    await observer.synced();
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitFor(() => observer.provider.awareness.getStates().has(alice.doc.clientID), 'observer sees Alice');
    // Alice's network vanishes: her socket stays open but reads nothing, so pings go unanswered.
    const ws = alice.provider.ws as unknown as { _socket: { pause(): void } };
    ws._socket.pause();
    await waitFor(() => !observer.provider.awareness.getStates().has(alice.doc.clientID), 'Alice’s presence removed', 5000);
    // The observer, who answers pings, is still connected and synced.
    await new Promise((r) => setTimeout(r, 300));
    expect(observer.provider.wsconnected).toBe(true);
    alice.destroy();
    observer.destroy();
  });
});
