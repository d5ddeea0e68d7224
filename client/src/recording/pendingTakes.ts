/**
 * The delivery queue of a room (K4, K6): every take the journal still holds for the room goes to
 * the {@link TakeDelivery}, one at a time, oldest first, and leaves the journal only once the take
 * is in the document (K3).
 *
 * - No connection, or a failure that may pass (the server unreachable or in trouble): the take
 *   waits and is tried again when the browser says it is back online, and on a back-off timer
 *   (the `online` event alone is not enough: a laptop on a Wi-Fi without internet is "online").
 * - The server refused the file: its sentence is shown and the take stays in the browser; it is
 *   tried again only when the person asks (the same bytes would be refused again).
 * - On load, whatever an earlier page left for this room (stopped, or cut short by a reload)
 *   is picked up again.
 *
 * A tiny external store for React (`getSnapshot`/`subscribe`); it holds the audio of the takes it
 * delivers, never more than the journal does.
 */
import type { DeliveryStage, FinishedRecording, RecordingJournal, TakeDelivery } from './recordingTypes.ts';
import { DeliveryError } from './encodedTakeDelivery.ts';

export type PendingTakeStatus =
  | { readonly kind: 'queued' }
  | { readonly kind: 'delivering'; readonly stage: DeliveryStage; readonly fraction: number }
  /** Will be tried again by itself; `message` says why it waits. */
  | { readonly kind: 'waiting'; readonly message: string }
  /** Refused by the server (`message` is its sentence) or undeliverable: waits for the person. */
  | { readonly kind: 'refused'; readonly message: string };

export interface PendingTake {
  readonly id: string;
  readonly ideaId: string;
  readonly by: string;
  readonly seconds: number;
  readonly startedAt: number;
  readonly status: PendingTakeStatus;
}

export const OFFLINE_SENTENCE = 'You’re offline. This take is kept on this device and uploads when the connection is back.';

/** Waits between automatic attempts; the last one repeats. */
export const RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000, 30_000];

export interface PendingTakesOptions {
  readonly roomId: string;
  readonly journal: RecordingJournal;
  readonly delivery: TakeDelivery;
  readonly isOnline?: () => boolean;
  /** Calls back when the browser reports it is online again; returns the unsubscribe. */
  readonly onOnline?: (callback: () => void) => () => void;
  readonly retryDelaysMs?: readonly number[];
  /**
   * Runs a delivery only if no other tab is busy with the same take (see `whileHoldingTake`);
   * `held: false` means another tab has it, and this queue lets it go.
   */
  readonly exclusive?: (id: string, fn: () => Promise<void>) => Promise<{ held: boolean }>;
}

interface Entry {
  readonly recording: FinishedRecording;
  status: PendingTakeStatus;
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

function onBrowserOnline(callback: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  window.addEventListener('online', callback);
  return () => window.removeEventListener('online', callback);
}

export class PendingTakes {
  private readonly entries = new Map<string, Entry>();
  private snapshot: readonly PendingTake[] = [];
  private readonly listeners = new Set<() => void>();
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopListening: () => void;
  private disposed = false;
  private readonly isOnline: () => boolean;
  private readonly delays: readonly number[];

  constructor(private readonly o: PendingTakesOptions) {
    this.isOnline = o.isOnline ?? browserOnline;
    this.delays = o.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.stopListening = (o.onOnline ?? onBrowserOnline)(() => this.retryWaiting());
  }

  getSnapshot = (): readonly PendingTake[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Picks up every take the journal holds for the room (on load, and after a take stops). */
  async load(): Promise<void> {
    const found = await this.o.journal.pending(this.o.roomId);
    if (this.disposed) return;
    for (const recording of found) {
      if (!this.entries.has(recording.meta.id)) this.entries.set(recording.meta.id, { recording, status: { kind: 'queued' } });
    }
    this.emit();
    void this.run();
  }

  /** The person asks to try a refused or waiting take again now. */
  retry(id: string): void {
    const e = this.entries.get(id);
    if (!e || e.status.kind === 'delivering') return;
    e.status = { kind: 'queued' };
    this.failures = 0;
    this.emit();
    void this.run();
  }

  /**
   * The person gives up on a take that is not uploading (refused, or waiting): it leaves the
   * journal for good. Only ever on their explicit say-so.
   */
  async discard(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e || e.status.kind === 'delivering') return;
    await this.o.journal.remove(id);
    this.entries.delete(id);
    this.emit();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.stopListening();
    this.listeners.clear();
  }

  /** Every waiting take goes back in the queue (connection back, or the back-off timer fired). */
  private retryWaiting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    let any = false;
    for (const e of this.entries.values()) {
      if (e.status.kind === 'waiting') {
        e.status = { kind: 'queued' };
        any = true;
      }
    }
    if (!any) return;
    this.emit();
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running || this.disposed) return;
    this.running = true;
    try {
      for (;;) {
        const next = [...this.entries.values()].find((e) => e.status.kind === 'queued');
        if (!next || this.disposed) return;
        if (!this.isOnline()) return this.wait(OFFLINE_SENTENCE);
        const ok = await this.deliver(next);
        if (!ok) return;
      }
    } finally {
      this.running = false;
    }
  }

  /** Delivers one take; false when the queue should stop for now (it will be woken again). */
  private async deliver(e: Entry): Promise<boolean> {
    const { id } = e.recording.meta;
    e.status = { kind: 'delivering', stage: 'encoding', fraction: 0 };
    this.emit();
    const exclusive = this.o.exclusive ?? (async (_id: string, fn: () => Promise<void>) => (await fn(), { held: true }));
    try {
      const { held } = await exclusive(id, async () => {
        await this.o.delivery.deliver(e.recording, (p) => {
          e.status = { kind: 'delivering', stage: p.stage, fraction: p.fraction };
          this.emit();
        });
        await this.o.journal.remove(id);
      });
      if (!held) {
        this.entries.delete(id);
        this.emit();
        return true;
      }
    } catch (err) {
      if (err instanceof DeliveryError && !err.retry) {
        e.status = { kind: 'refused', message: err.message };
        this.emit();
        return true;
      }
      e.status = { kind: 'queued' };
      const why = err instanceof Error ? err.message : 'The upload failed.';
      this.wait(`${why} The take is kept on this device and Riffboard tries again by itself.`);
      return false;
    }
    this.entries.delete(id);
    this.failures = 0;
    this.emit();
    return true;
  }

  /** Every queued take waits; a timer (and the `online` event) brings them back. */
  private wait(message: string): void {
    for (const e of this.entries.values()) if (e.status.kind === 'queued') e.status = { kind: 'waiting', message };
    const delay = this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 30_000;
    this.failures += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.retryWaiting(), delay);
    this.emit();
  }

  private emit(): void {
    this.snapshot = [...this.entries.values()].map(({ recording: r, status }) => ({
      id: r.meta.id,
      ideaId: r.meta.ideaId,
      by: r.meta.by,
      seconds: (r.channels[0]?.length ?? 0) / r.meta.sampleRate,
      startedAt: r.meta.startedAt,
      status,
    }));
    for (const l of this.listeners) l();
  }
}
