import { describe, expect, it } from 'vitest';
import { MemoryActivityStore } from '../../src/activity/MemoryActivityStore.ts';
import { SqliteActivityStore } from '../../src/activity/SqliteActivityStore.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { tempDir } from '../helpers/testServer.ts';
import { runActivityStoreContract } from './activityStoreContract.ts';

runActivityStoreContract('memory', async () => new MemoryActivityStore());
runActivityStoreContract('sqlite', async () => SqliteActivityStore.open(tempDir()));

describe('H6 sqlite activity durability', () => {
  it('H6 records and visits are there after reopening, beside the rooms in the same database file', async () => {
    const dir = tempDir();
    const docs = SqliteDocStore.open(dir);
    const s = SqliteActivityStore.open(dir);
    await docs.createRoom({ id: 'r', createdAt: 1 }, new Uint8Array([1]));
    await s.append('r', [
      {
        personId: 'p_ana',
        name: 'Ana',
        startedAt: 1,
        at: 2,
        area: 'board',
        verb: 'added',
        itemId: 'shape:1',
        kind: 'image',
        label: '',
        fields: [],
      },
    ]);
    await s.markVisit('r', 'p_ana', 5);
    await s.close();
    await docs.close();
    const again = SqliteActivityStore.open(dir);
    expect((await again.list('r', { limit: 5 })).map((e) => e.itemId)).toEqual(['shape:1']);
    expect(await again.lastVisit('r', 'p_ana')).toBe(5);
    await again.close();
  });
});
