import { scratchMap } from '../helpers/scratch.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** The value of one sample line of the exposition text (`name{labels} value`). */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('O operations endpoints', () => {
  it('O1 /metrics reports connections, rooms, committed updates, commit latency and close codes in Prometheus format', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const a = await new RawClient(server.wsUrl, room).connect();
    const b = await new RawClient(server.wsUrl, room).connect();
    for (let i = 0; i < 5; i++) scratchMap(a.doc).set(`k${i}`, i);
    await waitFor(() => scratchMap(b.doc).size === 5, 'b sees the edits');
    const bad = new RawClient(server.wsUrl, 'not a room id');
    await bad.waitClosed();

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'riffboard_connections')).toBe(2);
    expect(sample(text, 'riffboard_rooms_loaded')).toBe(1);
    expect(sample(text, 'riffboard_updates_committed_total')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'riffboard_commit_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'riffboard_connections_closed_total{code="4401",reason="invalid room id"}')).toBe(1);
    expect(text).toContain('process_cpu_seconds_total');
    a.close();
    b.close();
  });

  it('O2 /healthz says alive; /readyz reports the database, and Redis as not configured on a single instance', async () => {
    server = await startServer();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'not configured' });
  });
});
