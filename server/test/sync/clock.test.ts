import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { estimateClock, encodeClockPing, MESSAGE, readClockBody, type ClockSample } from '@riffboard/shared';
import { providerClient, RawClient } from '../helpers/clients.ts';
import { startServer, waitFor, type TestServer } from '../helpers/testServer.ts';
import { scratchMap } from '../helpers/scratch.ts';

let server: TestServer | null = null;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.stop();
  server = null;
});

/**
 * A TCP proxy that delays every chunk by 40 ms ± 15 ms, independently each way, keeping order
 * (TCP can't reorder): a chunk leaves no earlier than the one before it.
 */
function jitterProxy(targetPort: number, seed: number): Promise<number> {
  let s = seed;
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pipe = (from: net.Socket, to: net.Socket) => {
    let lastDue = 0;
    from.on('data', (chunk) => {
      const due = Math.max(lastDue, performance.now() + 40 + (rnd() * 30 - 15));
      lastDue = due;
      setTimeout(() => to.writable && to.write(chunk), due - performance.now());
    });
    from.on('close', () => setTimeout(() => to.destroy(), 100));
    from.on('error', () => to.destroy());
  };
  const proxy = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  cleanups.push(() => proxy.close());
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as net.AddressInfo).port)));
}

/** Pings over a raw connection; `skewMs` shifts this client's clock, the truth the estimate must find. */
async function sampleClock(c: RawClient, count: number, skewMs: number): Promise<ClockSample[]> {
  const samples: ClockSample[] = [];
  c.ws.on('message', (data: Buffer) => {
    const t3 = performance.timeOrigin + performance.now() + skewMs;
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== MESSAGE.clock) return;
    const pong = readClockBody(d);
    if (pong.kind === 'pong') samples.push({ t0: pong.t0, t1: pong.t1, t2: pong.t2, t3 });
  });
  for (let i = 0; i < count; i++) {
    c.send(encodeClockPing(performance.timeOrigin + performance.now() + skewMs));
    await new Promise((r) => setTimeout(r, 20));
  }
  await waitFor(() => samples.length === count, 'all pongs');
  return samples;
}

describe('C clock sync against the real server', () => {
  it('C6 through a 40 ms ± 15 ms jitter proxy, the estimated offset is within 2 ms of the truth', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const port = await jitterProxy(server.port, 7);
    const c = new RawClient(`ws://127.0.0.1:${port}/sync`, room);
    cleanups.push(() => c.close());
    await c.connect();
    const skew = -123_456.789; // this client's clock runs 123 s behind the server's
    const est = estimateClock(await sampleClock(c, 100, skew))!;
    expect(est.bestDelayMs).toBeGreaterThan(50);
    expect(Math.abs(est.offsetMs - -skew)).toBeLessThan(2);
  });

  it('C7 a stock y-websocket client in the same room is unaffected by clock traffic', async () => {
    server = await startServer();
    const room = await server.createRoom();
    const stock = providerClient(server.wsUrl, room);
    cleanups.push(() => stock.destroy());
    const c = new RawClient(server.wsUrl, room);
    cleanups.push(() => c.close());
    await stock.synced();
    await c.connect();
    await sampleClock(c, 5, 0);
    scratchMap(c.doc).set('after-clock', true);
    await waitFor(() => scratchMap(stock.doc).get('after-clock') === true, 'stock client syncs');
    expect(stock.provider.wsconnected).toBe(true);
  });
});
