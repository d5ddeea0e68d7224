/**
 * Transport benchmark (not a test): `pnpm --filter @riffboard/e2e bench`, after a client build.
 *
 * 1. Clock-sync error versus injected network latency/jitter: the browser loads the room through a
 *    TCP proxy that delays every chunk by latency ± jitter each way (order kept, as TCP must); the
 *    error is the browser's estimate of the server clock minus the machine clock (on loopback the
 *    server's clock is the machine's), read after the settle burst.
 * 2. Start skew: three browser contexts in one room, 20 × "Play for everyone" then Stop; per start,
 *    the spread of the three contexts' first-downbeat times (each on the machine clock).
 * Aim: start skew ≤ 128 frames ≈ 2.7 ms at 48 kHz on loopback.
 */
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createRoom, launchChromium } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { RoomActor } from '../support/RoomActor.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const STARTS = QUICK ? 5 : 20;

/**
 * A TCP proxy that delays every chunk of the sync WebSocket by latency ± jitter, independently each
 * way, keeping order (TCP can't reorder). Other connections (the page and its assets) pass
 * through undelayed, so loading the app doesn't dominate the run; the clock only uses the socket.
 */
function jitterProxy(targetPort: number, latencyMs: number, jitterMs: number, seed: number): Promise<{ port: number; close: () => void }> {
  let s = seed;
  const rnd = (): number => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pipe = (from: net.Socket, to: net.Socket, delayed: () => boolean): void => {
    let lastDue = 0;
    from.on('data', (chunk: Buffer) => {
      const due = delayed()
        ? Math.max(lastDue, performance.now() + latencyMs + (rnd() * 2 - 1) * jitterMs)
        : Math.max(lastDue, performance.now());
      lastDue = due;
      setTimeout(() => to.writable && to.write(chunk), Math.max(0, due - performance.now()));
    });
    from.on('close', () => setTimeout(() => to.destroy(), 100));
    from.on('error', () => to.destroy());
  };
  const proxy = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let isSync: boolean | undefined;
    client.once('data', (first: Buffer) => {
      isSync = first.subarray(0, 12).toString('latin1').startsWith('GET /sync/');
    });
    pipe(client, upstream, () => isSync === true);
    pipe(upstream, client, () => isSync === true);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve({ port: (proxy.address() as net.AddressInfo).port, close: () => proxy.close() })),
  );
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

const syncEl = (p: Page) => p.getByTestId('clock-sync');

/** Panels start closed: open the Tempo panel as a person would. */
async function openTempo(page: Page): Promise<void> {
  const tab = page.getByRole('button', { name: 'Tempo', exact: true });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page.locator('.rb-tempo-panel').waitFor();
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function clockError(
  browser: Browser,
  serverPort: number,
  latencyMs: number,
  jitterMs: number,
): Promise<{ errorMs: number; uncertaintyMs: number }> {
  const proxy = await jitterProxy(serverPort, latencyMs, jitterMs, 11);
  try {
    const base = `http://127.0.0.1:${proxy.port}`;
    const actor = await RoomActor.join(browser, `${base}${(await createRoom(base)).links.editor}`, 'Bench');
    await openTempo(actor.page);
    // After the settle burst (1.5 s after connecting) plus its replies.
    await new Promise((r) => setTimeout(r, 3000 + 4 * latencyMs));
    const offset = Number(await until(async () => (await syncEl(actor.page).getAttribute('data-offset-ms')) ?? undefined));
    const uncertaintyMs = Number(await syncEl(actor.page).getAttribute('data-uncertainty-ms'));
    const errorMs = await actor.page.evaluate((o) => o - performance.timeOrigin, offset);
    await actor.context.close();
    return { errorMs, uncertaintyMs };
  } finally {
    proxy.close();
  }
}

async function startSkew(browser: Browser, baseUrl: string): Promise<number[]> {
  const url = `${baseUrl}${(await createRoom(baseUrl)).links.editor}`;
  const actors = [
    await RoomActor.join(browser, url, 'A'),
    await RoomActor.join(browser, url, 'B'),
    await RoomActor.join(browser, url, 'C'),
  ];
  for (const x of actors) await openTempo(x.page);
  const [a] = actors;
  if (!a) throw new Error('no actor');
  await a.page.getByRole('button', { name: 'Add your first section' }).click();
  for (const x of actors) await until(async () => ((await x.page.locator('.rb-tempo-block').count()) === 1 ? true : undefined));
  await new Promise((r) => setTimeout(r, 2500)); // past every context's settle burst
  const spreads: number[] = [];
  let lastModel = 0;
  for (let i = 0; i < STARTS; i++) {
    await a.page.getByRole('button', { name: /Play for everyone/ }).click();
    const errs = await Promise.all(
      actors.map((x) =>
        until(async () => {
          // Both attributes in one page turn: two separate reads can straddle a re-render and
          // pair the previous start's local time with this start's model time (a ~300 ms phantom
          // "skew" that was in fact the gap between two starts).
          const { local, model } = await syncEl(x.page).evaluate((el) => ({
            local: el.getAttribute('data-first-downbeat-local-ms'),
            model: el.getAttribute('data-first-downbeat-model-ms'),
          }));
          return local && model && Number(model) > lastModel ? Number(local) - Number(model) : undefined;
        }),
      ),
    );
    lastModel = Number(await syncEl(a.page).getAttribute('data-first-downbeat-model-ms'));
    spreads.push(Math.max(...errs) - Math.min(...errs));
    await a.page.getByRole('button', { name: /Stop/ }).click();
    await until(async () => ((await a.page.getByTestId('transport-position').getAttribute('data-phase')) === 'stopped' ? true : undefined));
  }
  for (const x of actors) await x.context.close();
  return spreads;
}

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const rows: string[] = [];
    for (const [lat, jit] of [
      [0, 0],
      [10, 5],
      [40, 15],
    ] as const) {
      const r = await clockError(browser, server.port, lat, jit);
      rows.push(`| ${lat} ms ± ${jit} ms | ${r.errorMs.toFixed(2)} ms | ±${r.uncertaintyMs.toFixed(2)} ms |`);
    }
    console.log('\nClock sync (browser estimate − machine clock), one-way delay each direction:\n');
    console.log('| injected | error | reported bound (C9) |\n|---|---|---|\n' + rows.join('\n'));

    const spreads = await startSkew(browser, server.url);
    const frames = (ms: number): string => ((ms / 1000) * 48_000).toFixed(0);
    console.log(`\nStart skew, three contexts, ${spreads.length} starts (spread of first-downbeat times):`);
    console.log(
      `median ${median(spreads).toFixed(2)} ms (${frames(median(spreads))} frames @48k), max ${Math.max(...spreads).toFixed(2)} ms (${frames(Math.max(...spreads))} frames); aim ≤ 128 frames`,
    );
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
