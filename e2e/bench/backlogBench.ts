/**
 * Backlog benchmark (not a test): a room with 2,000 ideas and 10,000 takes, written by a Node peer
 * through the real sync endpoint, then opened in real Chromium.
 *
 * Measures: document size (encoded state), cold load to the first rendered backlog card (fresh
 * browser context, nothing cached, backlog opened wide), the time from a drop in one context to the
 * card showing in its new column in another (median, p95), and frame times while scrolling the
 * longest column (max, p95, frames over 50 ms). Needs the built client (`pnpm --filter
 * @riffboard/client build`). `BENCH_QUICK=1` runs fewer iterations.
 */
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { IDEA_STATUSES, addTake, createIdea, type IdeaStatus } from '@riffboard/shared';
import { createRoom, launchChromium } from '../support/browser.ts';
import { connectDoc } from '../support/docClient.ts';
import { startServer } from '../support/server.ts';

const IDEAS = 2000;
const TAKES = 10_000;
const QUICK = process.env.BENCH_QUICK === '1';
const LOADS = QUICK ? 2 : 5;
const DRAGS = QUICK ? 6 : 20;

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** Most ideas in the first column, so it is the long one to scroll. */
function statusFor(i: number): IdeaStatus {
  return i < IDEAS * 0.6 ? 'idea' : (IDEA_STATUSES[1 + (i % 4)] ?? 'idea');
}

function populate(doc: Y.Doc): void {
  const by = { id: 'bench', name: 'Bench' };
  const ids: string[] = [];
  for (let start = 0; start < IDEAS; start += 100) {
    doc.transact(() => {
      for (let i = start; i < Math.min(IDEAS, start + 100); i++) {
        const id = createIdea(
          doc,
          {
            title: `Idea ${i}: try the ${['chorus', 'verse', 'bridge', 'outro'][i % 4]} ${['half time', 'in 6/8', 'with the pad', 'a cappella'][i % 4]}`,
            status: statusFor(i),
            tags: [['groove', 'sound', 'form'][i % 3]!],
            owner: by,
            notes: `Notes for idea ${i}`,
          },
          by,
          'local',
          1_700_000_000_000 + i,
        );
        if (id) ids.push(id);
      }
    }, 'local');
  }
  for (let start = 0; start < TAKES; start += 500) {
    doc.transact(() => {
      for (let t = start; t < Math.min(TAKES, start + 500); t++) {
        addTake(
          doc,
          ids[t % ids.length]!,
          { players: ['Ana', 'Ben'], bpm: 90 + (t % 40), key: 'Am', rating: 1 + (t % 5), notes: 'solid groove, sloppy ending' },
          by,
          'local',
          1_700_000_000_000 + t,
        );
      }
    }, 'local');
  }
}

async function openBoard(browser: Browser, url: string, name: string): Promise<{ page: Page; firstCardMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx (esbuild keepNames) wraps named functions in page.evaluate bodies with `__name`.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  await context.addInitScript((n) => {
    localStorage.setItem('riffboard:identity', JSON.stringify({ name: n, color: '#4dabf7' }));
    localStorage.setItem('riffboard:backlog-wide', '1');
  }, name);
  const page = await context.newPage();
  await page.goto(url);
  // Panels start closed: open the Backlog as a person would (the stored wide mode shows the full board).
  const tab = page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Backlog' });
  await tab.waitFor({ timeout: 120_000 });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page.getByTestId('backlog-overlay').getByTestId('idea-card').first().waitFor({ timeout: 120_000 });
  const firstCardMs = await page.evaluate(() => performance.now());
  return { page, firstCardMs };
}

/** Drop in `a`, time until `b` shows the card in the target column (same machine clock). */
async function dragLatency(a: Page, b: Page, to: IdeaStatus): Promise<number> {
  const source = a.getByTestId('backlog-overlay').getByTestId('column-idea').getByTestId('idea-card').first();
  const id = await source.getAttribute('data-idea-id');
  if (!id) throw new Error('no card to drag');
  const seen = b.evaluate(
    ([cardId, status]) =>
      new Promise<number>((resolve) => {
        const check = (): boolean => {
          const el = document.querySelector(`[data-idea-id="${cardId}"]`);
          if (el?.getAttribute('data-status') === status) {
            resolve(performance.timeOrigin + performance.now());
            return true;
          }
          return false;
        };
        if (check()) return;
        const obs = new MutationObserver(() => {
          if (check()) obs.disconnect();
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
      }),
    [id, to] as const,
  );
  await a.evaluate(() =>
    window.addEventListener('drop', () => ((window as unknown as { dropAt: number }).dropAt = performance.timeOrigin + performance.now()), {
      capture: true,
      once: true,
    }),
  );
  const target = a.getByTestId('backlog-overlay').getByTestId(`column-${to}`).getByTestId('column-body');
  const box = await target.boundingBox();
  if (!box) throw new Error('target column not visible');
  await source.dragTo(target, { targetPosition: { x: box.width / 2, y: 30 } });
  const seenAt = await seen;
  const dropAt = await a.evaluate(() => (window as unknown as { dropAt: number }).dropAt);
  return seenAt - dropAt;
}

/** Scrolls the long column for ~3 s, one step per frame, and reports frame durations. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page
    .getByTestId('backlog-overlay')
    .getByTestId('column-idea')
    .getByTestId('column-body')
    .evaluate(
      (el) =>
        new Promise<number[]>((resolve) => {
          const frames: number[] = [];
          let last = performance.now();
          const end = last + 3000;
          const step = (now: number): void => {
            frames.push(now - last);
            last = now;
            el.scrollTop += 90;
            if (now < end) requestAnimationFrame(step);
            else resolve(frames.slice(1));
          };
          requestAnimationFrame(step);
        }),
    );
}

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const room = await createRoom(server.url, 'Backlog bench');
    const url = `${server.url}${room.links.editor}`;
    const writer = await connectDoc(server.url, room.id, room.links.editor);
    const t0 = performance.now();
    populate(writer.doc);
    const populateMs = performance.now() - t0;
    const size = Y.encodeStateAsUpdate(writer.doc).byteLength;
    // Make sure the server has it all: a second peer must see every idea.
    const check = await connectDoc(server.url, room.id, room.links.editor);
    const stored = check.doc.getMap('backlog').size;
    check.close();
    writer.close();
    if (stored !== IDEAS) throw new Error(`server holds ${stored} ideas, expected ${IDEAS}`);

    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const { page, firstCardMs } = await openBoard(browser, url, `Loader ${i}`);
      loads.push(firstCardMs);
      await page.context().close();
    }

    const a = await openBoard(browser, url, 'Ana');
    const b = await openBoard(browser, url, 'Ben');
    const drags: number[] = [];
    for (let i = 0; i < DRAGS; i++) drags.push(await dragLatency(a.page, b.page, i % 2 === 0 ? 'jamming' : 'validated'));
    const frames = await scrollFrames(b.page);

    const rows: [string, string][] = [
      ['ideas / takes', `${IDEAS} / ${TAKES}`],
      ['document size (encoded state)', `${(size / 1024 / 1024).toFixed(2)} MiB (${size} bytes)`],
      ['populate in Node (shared ops)', ms(populateMs)],
      [`cold load → first card (n=${LOADS})`, `median ${ms(quantile(loads, 0.5))}, max ${ms(Math.max(...loads))}`],
      [`drag → visible in other context (n=${DRAGS})`, `median ${ms(quantile(drags, 0.5))}, p95 ${ms(quantile(drags, 0.95))}`],
      [
        `scroll long column (${frames.length} frames)`,
        `max ${ms(Math.max(...frames))}, p95 ${ms(quantile(frames, 0.95))}, over 50 ms: ${frames.filter((f) => f > 50).length}`,
      ],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(`\nBacklog benchmark${QUICK ? ' (quick)' : ''}\n`);
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
    await a.page.context().close();
    await b.page.context().close();
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
