import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDbJournal, StorageFullError, journalError } from '../../src/recording/indexedDbJournal.ts';
import type { RecordingMeta } from '../../src/recording/recordingTypes.ts';

let dbCount = 0;
const open: IndexedDbJournal[] = [];

/** A journal on a fresh database; `again()` opens the same database as a reloaded page would. */
function journal(): { j: IndexedDbJournal; again: () => IndexedDbJournal } {
  const name = `journal-test-${++dbCount}`;
  const make = (): IndexedDbJournal => {
    const j = new IndexedDbJournal(name);
    open.push(j);
    return j;
  };
  return { j: make(), again: make };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((j) => j.close()));
});

function meta(id: string, startedAt: number, roomId = 'room-a', channels = 1): RecordingMeta {
  return { id, roomId, ideaId: 'idea-1', sampleRate: 48_000, channels, startedAt, by: 'Ana', bpm: 120 };
}

/** `n` frames counting up from `from`, so order and completeness are visible in the values. */
function ramp(from: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => from + i);
}

describe('IndexedDbJournal', () => {
  it('K1 every block appended before a reload comes back in order, with its meta and placement', async () => {
    const { j, again } = journal();
    await j.begin(meta('t1', 1000));
    // Appended without waiting in between, as a capture does: writes coalesce, nothing is lost.
    const writes: Promise<void>[] = [];
    for (let b = 0; b < 50; b++) writes.push(j.append('t1', [ramp(b * 128, 128)]));
    await Promise.all(writes);
    await j.place('t1', { bar: 3, beat: 1, fileSeconds: 0.25 });
    // The page goes away mid-take: no end(). A new page finds the take.
    const reloaded = again();
    const [found, ...rest] = await reloaded.pending('room-a');
    expect(rest).toEqual([]);
    expect(found?.meta).toEqual(meta('t1', 1000));
    expect(found?.placement).toEqual({ bar: 3, beat: 1, fileSeconds: 0.25 });
    expect(found?.channels).toHaveLength(1);
    expect(Array.from(found!.channels[0]!)).toEqual(Array.from(ramp(0, 50 * 128)));
  });

  it('K2 a take still being recorded is not pending; once stopped it is, with every channel', async () => {
    const { j } = journal();
    await j.begin(meta('t1', 1000, 'room-a', 2));
    await j.append('t1', [ramp(0, 64), ramp(1000, 64)]);
    expect(await j.pending('room-a')).toEqual([]);
    void j.append('t1', [ramp(64, 64), ramp(1064, 64)]);
    await j.end('t1');
    const [found] = await j.pending('room-a');
    expect(Array.from(found!.channels[0]!)).toEqual(Array.from(ramp(0, 128)));
    expect(Array.from(found!.channels[1]!)).toEqual(Array.from(ramp(1000, 128)));
  });

  it('K2 pending lists only the room’s takes, oldest first, and drops a take cut short before any audio', async () => {
    const { j, again } = journal();
    for (const [id, at, room] of [
      ['late', 3000, 'room-a'],
      ['early', 1000, 'room-a'],
      ['other-room', 500, 'room-b'],
    ] as const) {
      await j.begin(meta(id, at, room));
      await j.append(id, [ramp(0, 10)]);
      await j.end(id);
    }
    await j.begin(meta('empty', 2000));
    const reloaded = again();
    expect((await reloaded.pending('room-a')).map((r) => r.meta.id)).toEqual(['early', 'late']);
    expect((await reloaded.pending('room-b')).map((r) => r.meta.id)).toEqual(['other-room']);
  });

  it('K3 remove forgets a take and its audio; the others stay', async () => {
    const { j } = journal();
    for (const id of ['a', 'b']) {
      await j.begin(meta(id, id === 'a' ? 1 : 2));
      await j.append(id, [ramp(0, 10)]);
      await j.end(id);
    }
    await j.remove('a');
    expect((await j.pending('room-a')).map((r) => r.meta.id)).toEqual(['b']);
  });

  it('K5 a full browser storage becomes the storage-full sentence', () => {
    const e = journalError(new DOMException('quota', 'QuotaExceededError'));
    expect(e).toBeInstanceOf(StorageFullError);
    expect(e.message).toMatch(/storage is full, so recording stopped.*no room left\. Free some disk space/);
    expect(journalError(new Error('boom')).message).toBe('Riffboard couldn’t keep the take in this browser’s storage (boom).');
  });

  it('appending to a take that was never started is refused with a sentence', async () => {
    const { j } = journal();
    await expect(j.append('nope', [ramp(0, 1)])).rejects.toThrow('This recording was not started, or has already stopped.');
  });
});
