/** Debian's Chromium driven by playwright-core (Playwright can't download browsers here). */
import { chromium, type Browser } from 'playwright-core';

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

/** Creates a room through the real API, as the home page's button does. */
export async function createRoom(baseUrl: string, title?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(title ? { title } : {}),
  });
  if (res.status !== 201) throw new Error(`POST /api/rooms → ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { roomId: string };
  return body.roomId;
}
