import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRecords, encodeRecords, type JournalRecord } from '../../src/persistence/UpdateJournal.ts';
import { JOURNAL_FLUSH_MS, JOURNAL_FLUSH_RECORDS, SqliteDocStore } from '../../src/persistence/SqliteDocStore.ts';
import { tempDir } from '../helpers/testServer.ts';

const record = fc.record({
  roomId: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  data: fc.uint8Array({ minLength: 1, maxLength: 300 }),
});

function withSeqs(list: ReadonlyArray<{ roomId: string; data: Uint8Array }>, first = 1): JournalRecord[] {
  return list.map((r, i) => ({ ...r, seq: first + i }));
}

describe('P17 update journal format', () => {
  it('P17 every record written is read back whole and in order', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 2 ** 40 }), (list, first) => {
        const records = withSeqs(list, first);
        const back = decodeRecords(encodeRecords(records));
        expect(back.ignoredBytes).toBe(0);
        expect(back.records).toEqual(records);
      }),
    );
  });

  it('P17 a write cut short anywhere loses only the record it was writing', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 2, maxLength: 10 }), fc.nat(), (list, cutSeed) => {
        const records = withSeqs(list);
        const whole = encodeRecords(records.slice(0, -1));
        const last = encodeRecords(records.slice(-1));
        const cut = 1 + (cutSeed % (last.byteLength - 1));
        const back = decodeRecords(Buffer.concat([whole, last.subarray(0, cut)]));
        expect(back.records).toEqual(records.slice(0, -1));
        expect(back.ignoredBytes).toBe(cut);
      }),
    );
  });
});

describe('P17 SQLite store with its journal', () => {
  it('P17 updates committed by a process that was killed before they reached the table are there when the store opens again', async () => {
    const dir = tempDir();
    const killed = SqliteDocStore.open(dir);
    await killed.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    const seqs = await killed.appendMany([
      { roomId: 'room-a', updates: [new Uint8Array([2]), new Uint8Array([3])] },
      { roomId: 'room-b', updates: [new Uint8Array([9])] },
    ]);
    // No close, no flush: the process is gone with the updates only in the journal.
    expect(fs.statSync(path.join(dir, 'riffboard.db.log')).size).toBeGreaterThan(0);
    const again = SqliteDocStore.open(dir);
    expect(again.journalRecovery).toEqual({ records: 3, ignoredBytes: 0 });
    expect((await again.load('room-a')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])]);
    expect((await again.load('room-a')).lastSeq).toBe(seqs[0]);
    // Seqs carry on past everything the killed process gave out.
    const [next] = await again.appendMany([{ roomId: 'room-a', updates: [new Uint8Array([4])] }]);
    expect(next).toBeGreaterThan(Math.max(...seqs));
    await again.close();
  });

  it('P17 a torn record at the end of the journal is ignored and everything before it is kept', async () => {
    const dir = tempDir();
    const killed = SqliteDocStore.open(dir);
    await killed.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    await killed.append('room-a', [new Uint8Array([2])]);
    fs.appendFileSync(
      path.join(dir, 'riffboard.db.log'),
      encodeRecords([{ seq: 99, roomId: 'room-a', data: new Uint8Array(50) }]).subarray(0, 20),
    );
    const again = SqliteDocStore.open(dir);
    expect(again.journalRecovery).toEqual({ records: 1, ignoredBytes: 20 });
    expect((await again.load('room-a')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    // The torn bytes are gone, so what is committed next reads back after another stop.
    await again.append('room-a', [new Uint8Array([3])]);
    const third = SqliteDocStore.open(dir);
    expect((await third.load('room-a')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])]);
    await third.close();
  });

  it('P17 seqs keep increasing after a compaction removed the newest rows and the store reopened', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    const last = await s.append('room-a', [new Uint8Array([2]), new Uint8Array([3])]);
    await s.compact('room-a', new Uint8Array([7]), last);
    await s.close();
    const again = SqliteDocStore.open(dir);
    expect(await again.append('room-a', [new Uint8Array([4])])).toBe(last + 1);
    const loaded = await again.load('room-a');
    expect(loaded.snapshot).toEqual(new Uint8Array([7]));
    expect(loaded.updates).toEqual([new Uint8Array([4])]);
    await again.close();
  });

  it('P17 a thousand waiting updates are moved in at once, not after the flush interval', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    await s.append('room-a', [new Uint8Array([2])]);
    await s.append(
      'room-a',
      Array.from({ length: JOURNAL_FLUSH_RECORDS }, (_, i) => new Uint8Array([3, i % 256])),
    );
    // Timers run in the order they fall due: the move (due now) before this one, and both long
    // before the interval's timer.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fs.statSync(path.join(dir, 'riffboard.db.log')).size).toBe(0);
    await s.close();
  });

  it('P17 the journal is emptied into the table shortly after a commit, with nobody reading', async () => {
    const dir = tempDir();
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    await s.append('room-a', [new Uint8Array([2])]);
    const log = path.join(dir, 'riffboard.db.log');
    expect(fs.statSync(log).size).toBeGreaterThan(0);
    // The timer fires after JOURNAL_FLUSH_MS; a busy machine may run it later, never much later.
    const deadline = Date.now() + JOURNAL_FLUSH_MS + 5000;
    while (fs.statSync(log).size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.statSync(log).size).toBe(0);
    await s.close();
  });

  it('P17 a second server process on the same data directory refuses to open it and says why', () => {
    const dir = tempDir();
    // The lock of a process that is alive (this test's parent) and is not this one.
    fs.writeFileSync(path.join(dir, 'riffboard.db.lock'), String(process.ppid));
    expect(() => SqliteDocStore.open(dir)).toThrow(`Another Riffboard server (process ${process.ppid}) is using the data directory`);
  });

  it('P17 a lock whose PID now belongs to another process (a restarted container) is taken over', async () => {
    const dir = tempDir();
    // The parent process is alive, but it did not start at tick 1 after boot.
    fs.writeFileSync(path.join(dir, 'riffboard.db.lock'), `${process.ppid} 1`);
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    await s.close();
  });

  it('P17 the lock a killed server left behind is taken over', async () => {
    const dir = tempDir();
    // No process has this PID: Linux PIDs stay below 2^22.
    fs.writeFileSync(path.join(dir, 'riffboard.db.lock'), String(2 ** 30));
    const s = SqliteDocStore.open(dir);
    await s.createRoom({ id: 'room-a', createdAt: 1 }, new Uint8Array([1]));
    expect(fs.readFileSync(path.join(dir, 'riffboard.db.lock'), 'utf8').split(' ')[0]).toBe(String(process.pid));
    await s.close();
    expect(fs.existsSync(path.join(dir, 'riffboard.db.lock'))).toBe(false);
  });
});
