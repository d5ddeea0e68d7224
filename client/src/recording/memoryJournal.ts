/**
 * A {@link RecordingJournal} that keeps recordings in memory: enough for a take to survive a failed
 * upload while the page stays open (a retry delivers it again), not a reload.
 */
import type { ReferenceAnchor } from '@riffboard/shared';
import type { FinishedRecording, RecordingJournal, RecordingMeta } from './recordingTypes.ts';

interface Entry {
  readonly meta: RecordingMeta;
  placement?: ReferenceAnchor;
  readonly chunks: (readonly Float32Array[])[];
  ended: boolean;
}

function join(chunks: readonly (readonly Float32Array[])[], channels: number): Float32Array[] {
  const length = chunks.reduce((n, c) => n + (c[0]?.length ?? 0), 0);
  const out = Array.from({ length: channels }, () => new Float32Array(length));
  let at = 0;
  for (const chunk of chunks) {
    const n = chunk[0]?.length ?? 0;
    // A block with fewer channels than the take (a device switch) repeats its last channel.
    out.forEach((ch, c) => ch.set((chunk[c] ?? chunk[chunk.length - 1] ?? new Float32Array(n)).subarray(0, n), at));
    at += n;
  }
  return out;
}

export class MemoryJournal implements RecordingJournal {
  private readonly entries = new Map<string, Entry>();

  begin(meta: RecordingMeta): Promise<void> {
    this.entries.set(meta.id, { meta, chunks: [], ended: false });
    return Promise.resolve();
  }

  append(id: string, frames: readonly Float32Array[]): Promise<void> {
    this.entries.get(id)?.chunks.push(frames);
    return Promise.resolve();
  }

  place(id: string, placement: ReferenceAnchor): Promise<void> {
    const e = this.entries.get(id);
    if (e) e.placement = placement;
    return Promise.resolve();
  }

  end(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (e) e.ended = true;
    return Promise.resolve();
  }

  pending(roomId: string): Promise<FinishedRecording[]> {
    const out = [...this.entries.values()]
      .filter((e) => e.meta.roomId === roomId && e.ended)
      .sort((a, b) => a.meta.startedAt - b.meta.startedAt)
      .map((e) => this.finished(e));
    return Promise.resolve(out);
  }

  /** The recording as it stands (for the recorder's own delivery right after it stops). */
  get(id: string): FinishedRecording | undefined {
    const e = this.entries.get(id);
    return e && this.finished(e);
  }

  remove(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }

  private finished(e: Entry): FinishedRecording {
    return { meta: e.meta, ...(e.placement ? { placement: e.placement } : {}), channels: join(e.chunks, e.meta.channels) };
  }
}
