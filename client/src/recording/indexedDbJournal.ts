/**
 * The durable {@link RecordingJournal}: every captured block goes to IndexedDB as it arrives, so a
 * take survives a dropped connection, a crash or a reload until the server has it.
 *
 * Layout (database `riffboard-recordings`): `recordings` holds one header per take (its meta, the
 * placement once known, whether recording stopped, frames written); `chunks` holds the audio as
 * `[id, seq]` → one Float32Array per channel. A block is written in its own transaction together
 * with the header's frame count, so the header never claims audio that is not there.
 *
 * Blocks arrive every few milliseconds; writes are coalesced instead of queued one by one: while a
 * write is in flight, new blocks gather in memory and go in the next one. What a reload can lose
 * is therefore what arrived during the last write (a few tens of milliseconds), never more.
 *
 * A header still marked "recording" belongs either to a take this browser is recording right now
 * (in this tab or another) or to one cut short by a reload. The recording tab holds a Web Lock
 * named after the take for as long as it records; the browser releases it when the tab goes away,
 * so {@link IndexedDbJournal.pending} returns exactly the stopped takes and the orphaned ones.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReferenceAnchor } from '@riffboard/shared';
import type { FinishedRecording, RecordingJournal, RecordingMeta } from './recordingTypes.ts';

const DB_NAME = 'riffboard-recordings';
const LOCK_PREFIX = 'riffboard-recording:';

interface RecordingHeader {
  readonly id: string;
  readonly roomId: string;
  readonly meta: RecordingMeta;
  readonly placement?: ReferenceAnchor;
  readonly stopped: boolean;
  readonly frames: number;
}

interface Chunk {
  readonly id: string;
  readonly seq: number;
  readonly channels: Float32Array[];
}

interface JournalSchema extends DBSchema {
  recordings: { key: string; value: RecordingHeader; indexes: { roomId: string } };
  chunks: { key: [string, number]; value: Chunk };
}

/** The browser refused to store more: shown to the person as it is. */
export class StorageFullError extends Error {
  constructor() {
    super(
      'Your browser’s storage is full, so recording stopped: Riffboard keeps every take on this device until it uploads, and there is no room left. Free some disk space (or clear data of sites you no longer need), then record again.',
    );
    this.name = 'StorageFullError';
  }
}

/** Any other storage failure, as a sentence. */
export class JournalError extends Error {}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'QuotaExceededError' : (e as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

/** Turns an IndexedDB failure into an error whose message can be shown. */
export function journalError(e: unknown): Error {
  if (e instanceof StorageFullError || e instanceof JournalError) return e;
  if (isQuotaError(e)) return new StorageFullError();
  const detail = e instanceof Error ? e.message : String(e);
  return new JournalError(`Riffboard couldn’t keep the take in this browser’s storage (${detail}).`);
}

/** The take's frames waiting to be written, and who waits for them. */
interface Writer {
  seq: number;
  frames: number;
  queued: Float32Array[][];
  waiters: { resolve: () => void; reject: (e: Error) => void }[];
  running: boolean;
  drained: Promise<void>;
  releaseLock: () => Promise<void>;
  /** The first write failure: later appends fail with it at once. */
  failed?: Error;
}

function concat(blocks: readonly Float32Array[][], channels: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => {
    const total = blocks.reduce((n, b) => n + (b[c]?.length ?? 0), 0);
    const out = new Float32Array(total);
    let at = 0;
    for (const b of blocks) {
      const ch = b[c];
      if (!ch) continue;
      out.set(ch, at);
      at += ch.length;
    }
    return out;
  });
}

/**
 * Holds `name` until the returned function is called; that function resolves once the browser has
 * really let the lock go, so a `pending()` right after sees the take (a no-op without Web Locks).
 */
async function holdLock(name: string): Promise<() => Promise<void>> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return async () => {};
  return new Promise((held) => {
    const released: Promise<unknown> = locks.request(
      name,
      () =>
        new Promise<void>((release) =>
          held(async () => {
            release();
            await released;
          }),
        ),
    );
  });
}

/**
 * Runs `fn` while holding the take's lock, so no other tab lists the take as pending meanwhile;
 * resolves to `{ held: false }` without running it when another tab holds the lock (it records or
 * delivers that take). Where Web Locks don't exist, just runs `fn`.
 */
export async function whileHoldingTake<T>(id: string, fn: () => Promise<T>): Promise<{ held: true; value: T } | { held: false }> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return { held: true, value: await fn() };
  return locks.request(LOCK_PREFIX + id, { ifAvailable: true }, async (lock) =>
    lock ? { held: true as const, value: await fn() } : { held: false as const },
  );
}

async function lockedNames(): Promise<Set<string>> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return new Set();
  const snapshot = await locks.query();
  return new Set((snapshot.held ?? []).map((l) => l.name ?? ''));
}

export class IndexedDbJournal implements RecordingJournal {
  private db: Promise<IDBPDatabase<JournalSchema>> | undefined;
  private readonly writers = new Map<string, Writer>();

  constructor(private readonly dbName = DB_NAME) {}

  private open(): Promise<IDBPDatabase<JournalSchema>> {
    this.db ??= openDB<JournalSchema>(this.dbName, 1, {
      upgrade(db) {
        const recordings = db.createObjectStore('recordings', { keyPath: 'id' });
        recordings.createIndex('roomId', 'roomId');
        db.createObjectStore('chunks', { keyPath: ['id', 'seq'] });
      },
    });
    return this.db;
  }

  async begin(meta: RecordingMeta): Promise<void> {
    const releaseLock = await holdLock(LOCK_PREFIX + meta.id);
    try {
      const db = await this.open();
      await db.put('recordings', { id: meta.id, roomId: meta.roomId, meta, stopped: false, frames: 0 });
    } catch (e) {
      await releaseLock();
      throw journalError(e);
    }
    this.writers.set(meta.id, { seq: 0, frames: 0, queued: [], waiters: [], running: false, drained: Promise.resolve(), releaseLock });
  }

  append(id: string, frames: readonly Float32Array[]): Promise<void> {
    const w = this.writers.get(id);
    if (!w) return Promise.reject(new JournalError('This recording was not started, or has already stopped.'));
    if (w.failed) return Promise.reject(w.failed);
    // Copy: the capture may reuse its buffers.
    w.queued.push(frames.map((f) => f.slice()));
    const written = new Promise<void>((resolve, reject) => w.waiters.push({ resolve, reject }));
    if (!w.running) w.drained = this.drain(id, w);
    return written;
  }

  /** Writes what is queued, again and again, until nothing is left. */
  private async drain(id: string, w: Writer): Promise<void> {
    w.running = true;
    try {
      const db = await this.open();
      while (w.queued.length > 0) {
        const blocks = w.queued;
        const waiters = w.waiters;
        w.queued = [];
        w.waiters = [];
        const channels = concat(blocks, Math.max(...blocks.map((b) => b.length)));
        const frames = channels[0]?.length ?? 0;
        try {
          if (w.failed) throw w.failed;
          const tx = db.transaction(['recordings', 'chunks'], 'readwrite');
          const header = await tx.objectStore('recordings').get(id);
          if (!header) throw new JournalError('The take’s record disappeared from this browser’s storage.');
          await tx.objectStore('chunks').put({ id, seq: w.seq, channels });
          await tx.objectStore('recordings').put({ ...header, frames: header.frames + frames });
          await tx.done;
          w.seq += 1;
          w.frames += frames;
          for (const x of waiters) x.resolve();
        } catch (e) {
          w.failed ??= journalError(e);
          for (const x of waiters) x.reject(w.failed);
        }
      }
    } finally {
      w.running = false;
    }
  }

  async place(id: string, placement: ReferenceAnchor): Promise<void> {
    await this.update(id, (h) => ({ ...h, placement }));
  }

  async end(id: string): Promise<void> {
    const w = this.writers.get(id);
    try {
      // An append during a drain is picked up by that drain, one after it starts a new one.
      while (w?.running) await w.drained;
      await this.update(id, (h) => ({ ...h, stopped: true }));
    } finally {
      // Even when the header can't be marked (storage full), the take is let go: without the
      // lock, pending() lists it as cut short and what was kept is delivered.
      this.writers.delete(id);
      await w?.releaseLock();
    }
  }

  private async update(id: string, change: (h: RecordingHeader) => RecordingHeader): Promise<void> {
    try {
      const db = await this.open();
      const tx = db.transaction('recordings', 'readwrite');
      const header = await tx.store.get(id);
      if (header) await tx.store.put(change(header));
      await tx.done;
    } catch (e) {
      throw journalError(e);
    }
  }

  async pending(roomId: string): Promise<FinishedRecording[]> {
    const db = await this.open();
    const held = await lockedNames();
    const headers = (await db.getAllFromIndex('recordings', 'roomId', roomId))
      .filter((h) => !this.writers.has(h.id) && !held.has(LOCK_PREFIX + h.id))
      .sort((a, b) => a.meta.startedAt - b.meta.startedAt || (a.id < b.id ? -1 : 1));
    const out: FinishedRecording[] = [];
    for (const h of headers) {
      const chunks = await db.getAll('chunks', IDBKeyRange.bound([h.id, 0], [h.id, Infinity]));
      const channels = concat(
        chunks.sort((a, b) => a.seq - b.seq).map((c) => c.channels),
        h.meta.channels,
      );
      // A take cut short before its first block was kept holds nothing worth delivering.
      if ((channels[0]?.length ?? 0) === 0) {
        await this.remove(h.id);
        continue;
      }
      out.push({ meta: h.meta, channels, ...(h.placement ? { placement: h.placement } : {}) });
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    try {
      const db = await this.open();
      const tx = db.transaction(['recordings', 'chunks'], 'readwrite');
      await tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0], [id, Infinity]));
      await tx.objectStore('recordings').delete(id);
      await tx.done;
    } catch (e) {
      throw journalError(e);
    }
  }

  /** Closes the database (tests, and a page going away). */
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = undefined;
  }
}
