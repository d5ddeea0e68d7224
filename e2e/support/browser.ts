/** Debian's Chromium driven by playwright-core (Playwright can't download browsers here). */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { PageProblems } from './pageProblems.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A room made through the API: its id and its three capability links (paths with tokens). */
export interface CreatedRoom {
  readonly id: string;
  /** Link paths per role: `/r/<id>?token=…`; append to the base URL to open. */
  readonly links: Readonly<Record<'facilitator' | 'editor' | 'viewer', string>>;
}

/** The token inside a link path. */
export function tokenOf(link: string): string {
  const token = new URL(link, 'http://x').searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Creates a room through the real API, as the home page's button does. */
export async function createRoom(baseUrl: string, title?: string): Promise<CreatedRoom> {
  const res = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(title ? { title } : {}),
  });
  if (res.status !== 201) throw new Error(`POST /api/rooms → ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { roomId: string; links: CreatedRoom['links'] };
  return { id: body.roomId, links: body.links };
}

/**
 * One Chromium for the test file that calls this at its top level: launched before its tests,
 * closed after them. Read `.browser` inside tests (it exists once `beforeAll` has run).
 *
 * Every context it opens is watched: a test fails if any page logged an uncaught error, a console
 * error or a CSP violation that the test did not announce with `.problems.allow(…)`.
 */
export function chromiumPerFile(): { readonly browser: Browser; readonly problems: PageProblems } {
  let browser: Browser | undefined;
  const problems = new PageProblems();
  beforeAll(async () => {
    browser = await launchChromium();
    browser.on('context', (context) => problems.watch(context));
  });
  afterEach(() => {
    expect(problems.takeUnexpected(), 'page errors, console errors or CSP violations during the test').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not running: use `.browser` inside a test, not at load time.');
      return browser;
    },
    problems,
  };
}
