/** Page helpers for the agenda panel, the top-bar countdown and the cues, acting through the UI. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './server.ts';

export async function openAgenda(page: Page): Promise<void> {
  const tab = page.getByRole('button', { name: 'Agenda', exact: true });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page.getByTestId('agenda-panel').waitFor();
}

export async function addAgendaItem(page: Page, title: string, minutes: number): Promise<void> {
  await page.getByLabel('New item title').fill(title);
  await page.getByLabel('New item minutes').fill(String(minutes));
  await page.getByLabel('New item minutes').press('Enter');
  await page
    .getByTestId('agenda-item')
    .filter({ hasText: title })
    .or(page.locator(`input[value="${title}"]`))
    .first()
    .waitFor();
}

export interface TimerReading {
  readonly item: string;
  readonly state: string;
  /** Time left as displayed; NaN while the page says it is syncing its clock (F12). */
  readonly remainingMs: number;
  /** This machine's epoch ms at which the page computed `remainingMs` (its own time origin + performance.now()). */
  readonly atEpochMs: number;
  /** The page's server-clock estimate minus its own `atEpochMs` clock. */
  readonly clockErrorMs: number;
  /** The proven bound (ms) of the page's server-clock estimate (C9), undefined without one. */
  readonly clockBoundMs: number | undefined;
  /**
   * The machine's wall clock at the moment the page computed `remainingMs`: a page's time origin
   * is a wall-clock reading from when it was created, and on this shared machine pages' origins
   * have been seen tens of milliseconds apart, so pages are compared on the wall clock read now.
   */
  readonly wallMs: number;
}

/** The top-bar countdown as displayed, read in one page turn; undefined when it isn't shown. */
export async function readTopBarTimer(page: Page): Promise<TimerReading | undefined> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="topbar-timer"]');
    if (!el) return undefined;
    // Where this page's clock stands against the wall clock: the edge where Date.now() ticks over,
    // to performance.now()'s resolution; the median of three edges.
    const edges: number[] = [];
    for (let k = 0; k < 3; k++) {
      const d0 = Date.now();
      let d = d0;
      let p = performance.now();
      while (d === d0) {
        p = performance.now();
        d = Date.now();
      }
      edges.push(d - (performance.timeOrigin + p));
    }
    edges.sort((a, b) => a - b);
    // No named helper functions in here: the benchmarks run this file through tsx, whose
    // name-keeping wrapper doesn't exist in the page.
    const [remainingMs, atEpochMs, clockErrorMs, bound] = [
      'data-remaining-ms',
      'data-at-epoch-ms',
      'data-server-minus-local-ms',
      'data-clock-bound-ms',
    ].map((name) => {
      const v = el.getAttribute(name);
      return v === null ? Number.NaN : Number(v);
    }) as [number, number, number, number];
    return {
      item: el.getAttribute('data-item') ?? '',
      state: el.getAttribute('data-state') ?? '',
      remainingMs,
      atEpochMs,
      clockErrorMs,
      clockBoundMs: Number.isNaN(bound) ? undefined : bound,
      wallMs: atEpochMs + edges[1]!,
    };
  });
}

/**
 * A running countdown's reading moved to a common ruler: the wall-clock instant it reaches zero
 * (time left plus the wall clock when it was computed). Equal for two pages exactly when they
 * show the same time left at the same moment.
 */
export const zeroAtWallMs = (r: TimerReading): number => r.remainingMs + r.wallMs;

/** How far apart the pages' displayed countdowns are (ms), each moved to a common instant. */
export function spreadMs(readings: readonly TimerReading[]): number {
  const normalised = readings.map(zeroAtWallMs);
  return Math.max(...normalised) - Math.min(...normalised);
}

/** What reading the wall clock and rounding the attributes can add to a comparison (ms). */
export const RULER_MS = 2;

/**
 * Pairs of readings that disagree by more than their two clock bounds allow (F3, F12), as
 * sentences; empty when every pair agrees within `bound₁ + bound₂` (+ {@link RULER_MS}).
 */
export function disagreements(readings: readonly (TimerReading & { readonly who?: string })[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < readings.length; i++)
    for (let j = i + 1; j < readings.length; j++) {
      const a = readings[i]!;
      const b = readings[j]!;
      const apart = Math.abs(zeroAtWallMs(a) - zeroAtWallMs(b));
      const allowed = (a.clockBoundMs ?? 0) + (b.clockBoundMs ?? 0) + RULER_MS;
      if (!(apart <= allowed))
        out.push(
          `${a.who ?? i} and ${b.who ?? j} show times ${apart.toFixed(1)} ms apart; their clock bounds allow ${allowed.toFixed(1)} ms`,
        );
    }
  return out;
}

/**
 * Records what the top-bar countdown showed on every animation frame (at most every 50 ms), from
 * the page's first frame on: a page whose main thread is starved can't answer the test's reads,
 * but what it showed between stalls is what a person saw. Read with {@link timerLog}.
 */
export async function logTopBarTimer(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: unknown[] = [];
    (window as unknown as { __timerLog: unknown[] }).__timerLog = log;
    let last = 0;
    const frame = (): void => {
      requestAnimationFrame(frame);
      const el = document.querySelector('[data-testid="topbar-timer"]');
      if (!el || performance.now() - last < 50) return;
      last = performance.now();
      // One Date.now() edge puts this page's clock on the machine's wall clock (see readTopBarTimer).
      const d0 = Date.now();
      let d = d0;
      let p = performance.now();
      while (d === d0) {
        p = performance.now();
        d = Date.now();
      }
      const attr = (name: string): number => {
        const v = el.getAttribute(name);
        return v === null ? Number.NaN : Number(v);
      };
      const atEpochMs = attr('data-at-epoch-ms');
      const bound = attr('data-clock-bound-ms');
      log.push({
        item: el.getAttribute('data-item') ?? '',
        state: el.getAttribute('data-state') ?? '',
        text: el.querySelector('.rb-topbar-timer-time')?.textContent ?? '',
        remainingMs: attr('data-remaining-ms'),
        atEpochMs,
        clockErrorMs: attr('data-server-minus-local-ms'),
        clockBoundMs: Number.isNaN(bound) ? undefined : bound,
        wallMs: atEpochMs + d - (performance.timeOrigin + p),
      });
    };
    requestAnimationFrame(frame);
  });
}

/** Everything {@link logTopBarTimer} recorded in this page. */
export async function timerLog(page: Page): Promise<(TimerReading & { readonly text: string })[]> {
  // JSON turns NaN into null: put the "no number" back.
  const raw = await page.evaluate(() => JSON.stringify((window as unknown as { __timerLog?: unknown[] }).__timerLog ?? []));
  return (JSON.parse(raw) as (TimerReading & { text: string; remainingMs: number | null; clockBoundMs?: number | null })[]).map((r) => ({
    ...r,
    remainingMs: r.remainingMs ?? Number.NaN,
    clockBoundMs: r.clockBoundMs ?? undefined,
  }));
}

export interface CueRecord {
  readonly kind: string;
  readonly serverMs: number;
  readonly contextTime: number | null;
  readonly silent: string;
}

export async function cueLog(page: Page): Promise<CueRecord[]> {
  return page
    .getByTestId('cue-log')
    .locator('li')
    .evaluateAll((els) =>
      els.map((e) => ({
        kind: e.getAttribute('data-kind') ?? '',
        serverMs: Number(e.getAttribute('data-server-ms')),
        contextTime: e.getAttribute('data-context-time') ? Number(e.getAttribute('data-context-time')) : null,
        silent: e.getAttribute('data-silent') ?? '',
      })),
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(repoRoot, 'e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}
