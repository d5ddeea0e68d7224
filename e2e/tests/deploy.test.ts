/**
 * S14 (server/SPEC.md): a tab built for another document schema than the server's — left open
 * across a deploy, or opened from a newer release before the server is updated — is told in a
 * sentence to reload, with a button, and nothing it does reaches the room.
 *
 * S17: a tab writes nothing before the server said it is on the tab's schema, so a server from
 * before that announce (a rollback, or a rollout not yet finished) gets none of what the tab holds.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import type { WebSocketRoute } from 'playwright-core';
import { CLOSE, MESSAGE } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';
import { repoRoot, startServer } from '../support/server.ts';
import { connectDoc } from '../support/docClient.ts';
import { buildClientWithSchema } from '../support/buildClientWithSchema.ts';

const chromium = chromiumPerFile();

async function tabOnSchema(delta: number, expected: string, screenshot?: string): Promise<void> {
  const dist = await buildClientWithSchema(delta);
  const server = await startServer({ clientDist: dist });
  try {
    const created = await createRoom(server.url, 'Release night');
    const ana = await RoomActor.join(chromium.browser, `${server.url}${created.links.editor}`, 'Ana');
    try {
      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('closed');
      const banner = ana.page.getByRole('alert');
      await expect.poll(() => banner.innerText(), { timeout: 5_000 }).toContain(expected);
      expect(await banner.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
      if (screenshot) await ana.page.screenshot({ path: join(repoRoot, 'e2e', 'screenshots', screenshot) });

      // What she draws stays in her tab: the room never gets it.
      await ana.drawRectangle(300, 250);
      await expect.poll(() => ana.geoShapeCount()).toBe(1);
      await new Promise((r) => setTimeout(r, 1000));
      const peer = await connectDoc(server.url, created.id, created.links.editor);
      expect(peer.doc.getMap('board').size).toBe(0);
      peer.close();
      expect(await ana.badge()).toBe('closed');
    } finally {
      await ana.leave();
    }
  } finally {
    await server.dispose();
    rmSync(dist, { recursive: true, force: true });
  }
}

describe('S14 tabs and servers on different schemas', () => {
  it('S14 a tab from the previous release meeting the updated server is asked to reload, and writes nothing', () =>
    tabOnSchema(-1, CLOSE.clientOutdated.message, 'deploy-reload.png'));

  it('S14 a tab from the next release meeting a server not yet updated is asked to reload later, and writes nothing', () =>
    tabOnSchema(+1, CLOSE.serverOutdated.message));
});

/**
 * Plays a sync server of a release from before S17 for one socket: the stock handshake over a
 * copy of the room (`state`), no schema announce. Returns the sync subtypes the tab sent
 * (0 step 1, 1 step 2, 2 update).
 */
function serverWithoutAnnounce(ws: WebSocketRoute, state: Uint8Array): number[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const sent: number[] = [];
  const syncMessage = (sub: number, body: Uint8Array): Buffer => Buffer.from([MESSAGE.sync, sub, ...varUint(body.byteLength), ...body]);
  ws.send(syncMessage(0, Y.encodeStateVector(doc)));
  ws.onMessage((message) => {
    if (typeof message === 'string') return;
    // y-websocket's frame: [type, subtype, length, body]; types and subtypes here are one byte.
    const bytes = new Uint8Array(message);
    if (bytes[0] !== MESSAGE.sync || bytes[1] === undefined) return;
    sent.push(bytes[1]);
    if (bytes[1] === 0) ws.send(syncMessage(1, Y.encodeStateAsUpdate(doc, bytes.subarray(2 + varUintLength(bytes, 2)))));
  });
  return sent;
}

/** Bytes taken by the varuint at `at`. */
function varUintLength(bytes: Uint8Array, at: number): number {
  let i = at;
  while ((bytes[i] ?? 0) & 0x80) i++;
  return i - at + 1;
}

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('S17 writes wait for the server’s schema', () => {
  it('S17 a tab meeting a server that never says its schema sends none of its changes, is asked to reload, and delivers them once back on a server that does', async () => {
    const baseUrl = inject('baseUrl');
    const created = await createRoom(baseUrl, 'Rollback night');
    const url = `${baseUrl}${created.links.editor}`;
    const ana = await RoomActor.join(chromium.browser, url, 'Ana');
    let peer: Awaited<ReturnType<typeof connectDoc>> | null = null;
    try {
      // Her sync socket goes through a switch: the real server until the rollback, then the old one.
      let rolledBack: Uint8Array | null = null;
      const sent: number[][] = [];
      await ana.page.routeWebSocket(/\/sync\//, (ws) => {
        if (rolledBack) sent.push(serverWithoutAnnounce(ws, rolledBack));
        else ws.connectToServer();
      });
      await ana.reload(); // the app's socket class is made when the room opens: after the route
      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');

      // Drawn offline: the shape is only in her browser.
      await ana.context.setOffline(true);
      await expect.poll(() => ana.badge(), { timeout: 10_000 }).toBe('offline');
      await ana.drawRectangle(300, 250);
      await expect.poll(() => ana.geoShapeCount()).toBe(1);

      // Meanwhile the room's server was rolled back to a release from before the announce.
      peer = await connectDoc(baseUrl, created.id, created.links.editor);
      rolledBack = Y.encodeStateAsUpdate(peer.doc);
      await ana.context.setOffline(false);

      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('closed');
      const banner = ana.page.getByRole('alert');
      await expect.poll(() => banner.innerText(), { timeout: 5_000 }).toContain(CLOSE.serverOutdated.message);
      expect(await banner.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
      // The handshake happened (her step 1 went out), but neither a step 2 nor an update did.
      expect(sent.flat()).toContain(0);
      expect(sent.flat().filter((sub) => sub !== 0)).toEqual([]);
      expect(await ana.geoShapeCount()).toBe(1);

      // Back on a server that announces its schema (the real one), her shape arrives.
      rolledBack = null;
      await banner.getByRole('button', { name: 'Reload' }).click();
      await ana.waitForBoard();
      await expect.poll(() => ana.badge(), { timeout: 15_000 }).toBe('connected');
      const board = peer.doc.getMap('board');
      const geoShapes = (): number => [...board.values()].filter((r) => (r as { type?: unknown }).type === 'geo').length;
      await expect.poll(geoShapes, { timeout: 10_000 }).toBe(1);
    } finally {
      peer?.close();
      await ana.leave();
    }
  });
});
