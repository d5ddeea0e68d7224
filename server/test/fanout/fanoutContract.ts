/** The Fanout contract (see src/fanout/Fanout.ts); every adapter runs it. */
import { describe, expect, it } from 'vitest';
import type { Fanout } from '../../src/fanout/Fanout.ts';
import { waitFor } from '../helpers/testServer.ts';

export interface FanoutHarness {
  /** Two instances' ports on one transport. */
  pair(): Promise<[Fanout, Fanout]>;
  /** Takes the transport away and brings it back (messages published meanwhile may be lost). */
  outage(): Promise<void>;
}

const b = (...xs: number[]) => new Uint8Array(xs);

export function runFanoutContract(name: string, harness: () => FanoutHarness): void {
  describe(`Q Fanout contract: ${name}`, () => {
    it('Q1 a subscriber receives what another instance publishes to its room, in order, byte for byte, and nothing of other rooms', async () => {
      const [a, z] = await harness().pair();
      const got: Uint8Array[] = [];
      await z.subscribe('room-1', (p) => got.push(p));
      for (let i = 0; i < 20; i++) a.publish('room-1', b(i, 255, 0));
      a.publish('room-2', b(99));
      await waitFor(() => got.length >= 20, 'all 20 messages');
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => b(i, 255, 0)));
      await Promise.all([a.close(), z.close()]);
    });

    it('Q2 after unsubscribing, nothing more arrives', async () => {
      const [a, z] = await harness().pair();
      const got: Uint8Array[] = [];
      await z.subscribe('r', (p) => got.push(p));
      a.publish('r', b(1));
      await waitFor(() => got.length === 1, 'first message');
      await z.unsubscribe('r');
      a.publish('r', b(2));
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual([b(1)]);
      await Promise.all([a.close(), z.close()]);
    });

    it('Q3 after an outage, resume listeners run and messages flow again', async () => {
      const h = harness();
      const [a, z] = await h.pair();
      let resumed = 0;
      z.onResume(() => resumed++);
      const got: Uint8Array[] = [];
      await z.subscribe('r', (p) => got.push(p));
      await h.outage();
      await waitFor(() => resumed > 0 && a.connected && z.connected, 'resume after the outage', 15_000);
      a.publish('r', b(7));
      await waitFor(() => got.some((g) => g[0] === 7), 'a message after the outage', 5_000);
      await Promise.all([a.close(), z.close()]);
    });
  });
}
