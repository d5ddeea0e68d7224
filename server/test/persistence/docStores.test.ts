import { describe, expect, it } from 'vitest';
import { MemoryDocStore } from '../../src/persistence/MemoryDocStore.ts';
import { SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { tempDir } from '../helpers/testServer.ts';
import { runDocStoreContract } from './docStoreContract.ts';
import { runBallotStoreContract } from './ballotStoreContract.ts';
import { runVersionStoreContract, version } from './versionStoreContract.ts';

runDocStoreContract('memory', async () => new MemoryDocStore());
runDocStoreContract('sqlite', async () => SqliteDocStore.open(tempDir()));
runBallotStoreContract('memory', async () => new MemoryDocStore());
runBallotStoreContract('sqlite', async () => SqliteDocStore.open(tempDir()));
runVersionStoreContract('memory', async () => new MemoryDocStore());
runVersionStoreContract('sqlite', async () => SqliteDocStore.open(tempDir()));

describe('P sqlite durability', () => {
  it('P7 what was appended is there after the database is reopened', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'r', createdAt: 1 }, new Uint8Array([1]));
    await s.append('r', [new Uint8Array([2])]);
    await s.close();
    const again = SqliteDocStore.open(dir);
    expect((await again.load('r')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    await again.close();
  });

  it('V6 open ballots are there after the database is reopened', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.castBallot('r', 'v1', 'ana', { a: 2 });
    await s.close();
    const again = SqliteDocStore.open(dir);
    expect(await again.getBallot('r', 'v1', 'ana')).toEqual({ a: 2 });
    expect((await again.castBallot('r', 'v1', 'ben', { b: 1 })).voters).toBe(2);
    await again.close();
  });

  it('RV2 versions are there after the database is reopened', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.addVersion('r', version('a', 'named', 5, new Uint8Array([9, 8, 7])), 10);
    await s.close();
    const again = SqliteDocStore.open(dir);
    expect((await again.listVersions('r')).map((v) => v.id)).toEqual(['a']);
    expect((await again.getVersion('r', 'a'))?.snapshot).toEqual(new Uint8Array([9, 8, 7]));
    await again.close();
  });
});
