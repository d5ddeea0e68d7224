/** Page helpers for the agenda panel, the top-bar countdown and the cues, acting through the UI. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
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
  readonly remainingMs: number;
  /** This machine's epoch ms at which the page computed `remainingMs`. */
  readonly atEpochMs: number;
  /** The page's server-clock estimate minus this machine's clock (all pages share the machine). */
  readonly clockErrorMs: number;
}

/** The top-bar countdown as displayed, read in one page turn; undefined when it isn't shown. */
export async function readTopBarTimer(page: Page): Promise<TimerReading | undefined> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="topbar-timer"]');
    if (!el) return undefined;
    return {
      item: el.getAttribute('data-item') ?? '',
      state: el.getAttribute('data-state') ?? '',
      remainingMs: Number(el.getAttribute('data-remaining-ms')),
      atEpochMs: Number(el.getAttribute('data-at-epoch-ms')),
      clockErrorMs: Number(el.getAttribute('data-server-minus-local-ms')),
    };
  });
}

/**
 * How far apart the pages' displayed countdowns are (ms): each reading is moved to a common
 * instant with the time it was computed at (all pages share this machine's clock).
 */
export function spreadMs(readings: readonly TimerReading[]): number {
  const normalised = readings.map((r) => r.remainingMs + r.atEpochMs);
  return Math.max(...normalised) - Math.min(...normalised);
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
