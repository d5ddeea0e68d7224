/**
 * Keeps the dead buffers of a streamed upload from piling up.
 *
 * Node's HTTP parser hands each piece of a request body to JavaScript as a freshly allocated
 * Buffer (up to 64 KiB), which is garbage as soon as it has been hashed and written. Its memory
 * lives outside the JS heap and is only freed when V8 collects the young generation; the upload
 * loop allocates almost nothing on the heap itself, so the only collection it triggers is the one
 * V8 forces once 32 MiB of young ArrayBuffer memory has built up (twice its default maximum
 * semi-space, a built-in constant no flag changes). So an upload grew the process by its own size
 * in dead chunks up to ~32 MiB (the 100 MB bench: +35 MiB on the first upload, kept afterwards) —
 * bounded, but most of what an upload cost. A young-generation collection every 4 MiB received
 * (0.5–2 ms each: almost everything in the young generation is dead) keeps it to a few MiB. The
 * counter is shared, so concurrent uploads together still trigger one collection per 4 MiB.
 *
 * `gc` is not exposed without --expose-gc; it is fetched once, from a fresh context with the flag
 * turned on just for its creation, so no global `gc` appears for other code. Without it (some
 * other runtime), uploads simply keep V8's default behaviour.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Bytes received between two young-generation collections. */
export const RECLAIM_EVERY_BYTES = 4 * 1024 * 1024;

type GcFunction = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let gc: GcFunction | null | undefined;
let sinceLast = 0;

function loadGc(): GcFunction | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as GcFunction;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as GcFunction) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/** Call once a received body chunk of `bytes` is done with (hashed and handed to the writer). */
export function releasedUploadBytes(bytes: number): void {
  sinceLast += bytes;
  if (sinceLast < RECLAIM_EVERY_BYTES) return;
  sinceLast = 0;
  gc ??= loadGc();
  gc?.({ type: 'minor' });
}
