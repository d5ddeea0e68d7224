/**
 * What a person opening the browser console during a test would see go wrong: uncaught errors in
 * a page, and console errors — Chromium reports every Content-Security-Policy violation and every
 * resource that failed to load as one (checked: a `fetch` of a `data:` URL under `connect-src
 * 'self'` logs "… violates the following Content Security Policy directive …"). A normal visit
 * produces none, so each test fails on any that it did not announce with {@link PageProblems.allow}.
 */
import type { Browser, BrowserContext } from 'playwright-core';

interface Allowance {
  readonly pattern: RegExp;
  readonly why: string;
}

export class PageProblems {
  private recorded: string[] = [];
  private allowances: Allowance[] = [];

  /** Records the problems of every page (and service worker page) of `context`. */
  watch(context: BrowserContext): void {
    // Chromium's own console line for a CSP violation names only the page; this one says which
    // script and line did it, which is what the person fixing it needs.
    void context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(
          `CSP ${e.effectiveDirective} blocked ${e.blockedURI} (from ${e.sourceFile || 'unknown'}:${e.lineNumber}:${e.columnNumber})`,
        );
      });
    });
    context.on('weberror', (e) => this.recorded.push(`uncaught in ${e.page()?.url() ?? 'a page'}: ${String(e.error())}`));
    context.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url;
      this.recorded.push(`console error${where ? ` at ${where}` : ''}: ${m.text()}`);
    });
  }

  /**
   * Runs `fn` with a browser of the test's own (one launched with other flags, such as a fake
   * microphone), watching every context it opens, and closes it afterwards whatever happens.
   */
  async withBrowser<T>(browser: Browser, fn: (b: Browser) => Promise<T>): Promise<T> {
    browser.on('context', (c) => this.watch(c));
    try {
      return await fn(browser);
    } finally {
      await browser.close();
    }
  }

  /**
   * Lets problems matching `pattern` pass for the current test only: for a test that causes them on
   * purpose (say, asking for a room that doesn't exist). `why` is the reason, kept beside the rule.
   */
  allow(pattern: RegExp, why: string): void {
    this.allowances.push({ pattern, why });
  }

  /** Everything recorded since the last {@link takeUnexpected}, allowed or not. */
  seen(): readonly string[] {
    return [...this.recorded];
  }

  /** The problems since the last call that no allowance covers; clears them and the allowances. */
  takeUnexpected(): string[] {
    const unexpected = this.recorded.filter((p) => !this.allowances.some((a) => a.pattern.test(p)));
    this.recorded = [];
    this.allowances = [];
    return unexpected;
  }
}
