/**
 * V7: two instances write the voter count at once. Yjs settles concurrent writes to one map key by
 * client id, not by which count is newer, so the older tally can win; the instance that wrote the
 * newer one writes it again and both docs end on the store's newest count.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readVoteTally, writeVote } from '@riffboard/shared';
import { VoteBox } from '../../src/facilitation/VoteBox.ts';
import { MemoryDocStore } from '../../src/persistence/MemoryDocStore.ts';

const VOTE = { id: 'v1', title: 'Which groove?', targets: [{ id: 'a', label: 'A' }], budget: 1, stack: false };

/** Two room docs as two instances hold them, kept in sync like fan-out does once `link` is called. */
function twoInstances(): { a: Y.Doc; b: Y.Doc; link: () => void } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  // The higher client id wins a conflict: instance A's older count will beat B's newer one.
  a.clientID = 2;
  b.clientID = 1;
  writeVote(a, VOTE, 'local');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const link = (): void => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
    a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
    b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  };
  return { a, b, link };
}

describe('V7 voter count written by two instances at once', () => {
  it('V7 when an older count wins the conflict, both docs still end on the newest count from the store', async () => {
    const store = new MemoryDocStore();
    const { a, b, link } = twoInstances();
    await new VoteBox(store).cast('r', a, 'v1', 'ana-key', { a: 1 });
    const boxB = new VoteBox(store);
    await boxB.cast('r', b, 'v1', 'ben-key', { a: 1 });
    expect(readVoteTally(a)).toMatchObject({ voters: 1 });
    expect(readVoteTally(b)).toMatchObject({ voters: 2 });
    link();
    // The rewrite runs in a microtask after the conflicting update is applied.
    await new Promise((r) => setTimeout(r, 0));
    expect(readVoteTally(a)).toMatchObject({ voters: 2 });
    expect(readVoteTally(b)).toMatchObject({ voters: 2 });
    expect(readVoteTally(a)).toEqual(readVoteTally(b));
  });
});
