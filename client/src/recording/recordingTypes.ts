/**
 * The seam between capturing a take and keeping it safe until the server has it.
 *
 * The recorder hands every captured block to a {@link RecordingJournal} as it arrives, so what was
 * played survives a dropped connection, a crash or a reload; when recording stops, the journal's
 * finished recording goes to a {@link TakeDelivery}, which encodes it, uploads it with progress and
 * adds the take to its idea (backlog SPEC B8). Delivery retries until the server has it; only then
 * is the journal entry removed.
 */
import type { ReferenceAnchor } from '@riffboard/shared';

/** What is known about a recording when it starts. */
export interface RecordingMeta {
  /** Local id, also used as the take's id so a retried delivery never makes two takes. */
  readonly id: string;
  readonly roomId: string;
  readonly ideaId: string;
  readonly sampleRate: number;
  /** 1 (mono) or 2. */
  readonly channels: number;
  /** Epoch ms when recording started. */
  readonly startedAt: number;
  /** Display name of who played (the take's player and creator). */
  readonly by: string;
  readonly bpm?: number;
  readonly key?: string;
  readonly section?: string;
}

/** A recording that stopped: everything needed to deliver it, even after a reload. */
export interface FinishedRecording {
  readonly meta: RecordingMeta;
  /** Where the first captured frame sits on the song, after latency compensation (B8). */
  readonly placement?: ReferenceAnchor;
  /** One Float32Array per channel, all the same length. */
  readonly channels: readonly Float32Array[];
}

export interface RecordingJournal {
  begin(meta: RecordingMeta): Promise<void>;
  /** Captured frames, one array per channel, in order. */
  append(id: string, frames: readonly Float32Array[]): Promise<void>;
  place(id: string, placement: ReferenceAnchor): Promise<void>;
  /** Recording stopped: the entry is complete and waits for delivery. */
  end(id: string): Promise<void>;
  /** Every entry not yet delivered (stopped ones, and ones cut short by a reload), oldest first. */
  pending(roomId: string): Promise<FinishedRecording[]>;
  /** The server has it: forget the entry. */
  remove(id: string): Promise<void>;
}

export type DeliveryStage = 'encoding' | 'uploading' | 'saving' | 'done';

export interface DeliveryProgress {
  readonly id: string;
  readonly stage: DeliveryStage;
  /** 0–1 within the stage (uploading reports bytes sent). */
  readonly fraction: number;
}

export interface TakeDelivery {
  /** Encodes, uploads and adds the take; rejects with an Error whose message is a sentence for the person. */
  deliver(recording: FinishedRecording, onProgress: (p: DeliveryProgress) => void): Promise<void>;
}
