import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskAssetStore } from '../../src/assets/DiskAssetStore.ts';
import { tempDir } from '../helpers/testServer.ts';
import { runAssetStoreContract } from './assetStoreContract.ts';

runAssetStoreContract('disk', async () => DiskAssetStore.open(tempDir()));

describe('G disk asset store', () => {
  it('G3 an aborted upload or a failed commit leaves no temporary file, and temporary files a crash left are cleared on open', async () => {
    const dir = tempDir();
    const s = await DiskAssetStore.open(dir);
    const w = await s.createWriter();
    await w.write(new Uint8Array(1000));
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toHaveLength(1);
    await w.abort();
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    const failed = await s.createWriter();
    await failed.write(new Uint8Array(10));
    await expect(failed.commit('not-a-hash')).rejects.toThrow();
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'tmp', 'left-by-a-crash'), 'half a file');
    await DiskAssetStore.open(dir);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });
});
