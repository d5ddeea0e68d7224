/**
 * CPU starvation of a page's main thread, at the moment it hurts the clock estimate most: right
 * after the page sends a clock ping, the main thread is kept busy for `blockMs`, so the pong that
 * arrives meanwhile is stamped that much late (what a page mounting a big board on a loaded
 * machine does to its first pongs). Every ping in the first `forMs` after the page's first ping
 * is hit; after that the page runs freely.
 */
import type { BrowserContext } from 'playwright-core';
import { CLOCK, MESSAGE } from '@riffboard/shared';

export async function starveClockPongs(
  context: BrowserContext,
  options: { readonly forMs: number; readonly blockMs: number },
): Promise<void> {
  await context.addInitScript(
    ({ forMs, blockMs, clock, ping }) => {
      const native = WebSocket.prototype.send;
      let firstPingAt: number | undefined;
      WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        native.call(this, data);
        const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : undefined;
        if (!bytes || bytes[0] !== clock || bytes[1] !== ping) return;
        const now = performance.now();
        firstPingAt ??= now;
        if (now - firstPingAt > forMs) return;
        while (performance.now() - now < blockMs) {
          // busy: the pong now on its way waits for this loop
        }
      };
    },
    { ...options, clock: MESSAGE.clock, ping: CLOCK.ping },
  );
}
