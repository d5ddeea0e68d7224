/**
 * Waiting helpers the browser tests and benches share: polling a page until it says something, and
 * opening the tempo panel whatever state it is in.
 */
import type { Page } from 'playwright-core';

/** Polls `fn` until it returns a value (not undefined) or the time is up; the last error is in the message. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Opens the tempo panel (a no-op when it is open: its tab toggles) and waits for it. */
export async function openTempo(page: Page): Promise<void> {
  const tab = page.getByRole('button', { name: 'Tempo', exact: true });
  if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
  await page.locator('.rb-tempo-panel').waitFor();
}
